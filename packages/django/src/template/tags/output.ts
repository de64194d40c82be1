/**
 * Tags that shape output: `autoescape`, `comment`, `spaceless`, `verbatim`, `filter`,
 * `templatetag`, `now`, `widthratio`, `load`.
 */
import type { Context } from "../context.ts";
import { TemplateRenderError } from "../errors.ts";
import { formatDate } from "../dateformat.ts";
import type { FilterExpression } from "../filter-expression.ts";
import type { Token } from "../lexer.ts";
import { isQuoted, unquote } from "../lexer.ts";
import { Node, TextNode } from "../nodes.ts";
import type { NodeList } from "../nodes.ts";
import type { Parser } from "../parser.ts";
import { toText } from "../values.ts";

class AutoescapeNode extends Node {
  constructor(
    private readonly enabled: boolean,
    private readonly nodelist: NodeList,
  ) {
    super();
  }
  override children(): NodeList[] {
    return [this.nodelist];
  }
  override async render(context: Context): Promise<string> {
    const saved = context.autoescape;
    context.autoescape = this.enabled;
    try {
      return await this.nodelist.render(context);
    } finally {
      context.autoescape = saved;
    }
  }
}

/** `{% autoescape on|off %}...{% endautoescape %}` */
export function compileAutoescape(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  if (bits.length !== 2)
    throw parser.error(token, "'autoescape' tag requires exactly one argument.");
  if (bits[1] !== "on" && bits[1] !== "off") {
    throw parser.error(token, "'autoescape' argument should be 'on' or 'off'");
  }
  const nodelist = parser.parse(["endautoescape"]);
  parser.nextToken();
  return new AutoescapeNode(bits[1] === "on", nodelist);
}

/** `{% comment ["note"] %}...{% endcomment %}` — the body is skipped unparsed. */
export function compileComment(parser: Parser): Node {
  parser.skipPast("endcomment");
  return new TextNode("");
}

class SpacelessNode extends Node {
  constructor(private readonly nodelist: NodeList) {
    super();
  }
  override children(): NodeList[] {
    return [this.nodelist];
  }
  override async render(context: Context): Promise<string> {
    return (await this.nodelist.render(context)).replace(/>\s+</g, "><").trim();
  }
}

/** `{% spaceless %}` — removes whitespace between HTML tags. */
export function compileSpaceless(parser: Parser): Node {
  const nodelist = parser.parse(["endspaceless"]);
  parser.nextToken();
  return new SpacelessNode(nodelist);
}

/** `{% verbatim [name] %}` — the lexer already turned the body into plain text. */
export function compileVerbatim(parser: Parser): Node {
  const nodelist = parser.parse(["endverbatim"]);
  parser.nextToken();
  return new TextNode(nodelist.nodes.map((node) => (node as TextNode).text ?? "").join(""));
}

class FilterNode extends Node {
  constructor(
    private readonly expression: FilterExpression,
    private readonly nodelist: NodeList,
  ) {
    super();
  }
  override children(): NodeList[] {
    return [this.nodelist];
  }
  override async render(context: Context): Promise<string> {
    const output = await this.nodelist.render(context);
    const value = await context.withScope({ var: output }, () => this.expression.resolve(context));
    return toText(value);
  }
}

/** `{% filter lower|force_escape %}...{% endfilter %}` */
export function compileFilterTag(parser: Parser, token: Token): Node {
  const rest = token.contents.replace(/^filter\s*/, "");
  const expression = parser.compileFilter(`var|${rest}`, token);
  for (const name of expression.filterNames) {
    if (name === "escape" || name === "safe") {
      throw parser.error(
        token,
        `"filter ${name}" is not permitted.  Use the "autoescape" tag instead.`,
      );
    }
  }
  const nodelist = parser.parse(["endfilter"]);
  parser.nextToken();
  return new FilterNode(expression, nodelist);
}

const templateTagOutputs: Record<string, string> = {
  openblock: "{%",
  closeblock: "%}",
  openvariable: "{{",
  closevariable: "}}",
  openbrace: "{",
  closebrace: "}",
  opencomment: "{#",
  closecomment: "#}",
};

/** `{% templatetag openblock %}` → `{%` (and the other syntax characters). */
export function compileTemplateTag(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  const output = bits.length === 2 ? templateTagOutputs[bits[1]!] : undefined;
  if (output === undefined) {
    throw parser.error(
      token,
      `'templatetag' takes one of: ${Object.keys(templateTagOutputs).join(", ")}`,
    );
  }
  return new TextNode(output);
}

class NowNode extends Node {
  constructor(
    private readonly format: string,
    private readonly asVar: string | undefined,
  ) {
    super();
  }
  override async render(context: Context): Promise<string> {
    const formatted = formatDate(new Date(), this.format);
    if (this.asVar === undefined) return formatted;
    context.set(this.asVar, formatted);
    return "";
  }
}

/** `{% now "Y-m-d H:i" [as var] %}` — the current time, in UTC. */
export function compileNow(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  const asVar = bits.length === 4 && bits[2] === "as" ? bits[3] : undefined;
  if ((bits.length !== 2 && asVar === undefined) || !isQuoted(bits[1] ?? "")) {
    throw parser.error(token, "'now' statement takes one argument");
  }
  return new NowNode(unquote(bits[1]!), asVar);
}

/** Python's `round()`: halves go to the even neighbour. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Python's `float()` on a template value, or undefined. */
export function toFloat(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const text = typeof value === "string" ? value : value instanceof Object ? toText(value) : "";
  if (text.trim() === "" || Number.isNaN(Number(text))) return undefined;
  return Number(text);
}

class WidthRatioNode extends Node {
  constructor(
    private readonly value: FilterExpression,
    private readonly max: FilterExpression,
    private readonly width: FilterExpression,
    private readonly asVar: string | undefined,
  ) {
    super();
  }
  override async render(context: Context): Promise<string> {
    const value = toFloat(await this.value.resolve(context));
    const max = toFloat(await this.max.resolve(context));
    const width = toFloat(await this.width.resolve(context));
    let result = "";
    if (width === undefined) {
      throw new TemplateRenderError("widthratio final argument must be a number");
    }
    if (value !== undefined && max !== undefined) {
      const ratio = (value / max) * Math.trunc(width);
      result = max === 0 ? "0" : Number.isFinite(ratio) ? String(roundHalfEven(ratio)) : "";
    }
    if (this.asVar === undefined) return result;
    context.set(this.asVar, result);
    return "";
  }
}

/** `{% widthratio value max width [as var] %}` — e.g. bar widths for charts. */
export function compileWidthRatio(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  let asVar: string | undefined;
  if (bits.length === 6 && bits[4] === "as") asVar = bits[5];
  else if (bits.length !== 4)
    throw parser.error(token, "widthratio takes at least three arguments");
  const [value, max, width] = bits.slice(1, 4).map((bit) => parser.compileFilter(bit, token));
  return new WidthRatioNode(value!, max!, width!, asVar);
}

/** `{% load lib1 lib2 %}` or `{% load name1 name2 from lib %}` */
export function compileLoad(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token).slice(1);
  const fromIndex = bits.length >= 3 ? bits.lastIndexOf("from") : -1;
  const unknown = (name: string) =>
    parser.error(
      token,
      `'${name}' is not a registered tag library. Must be one of:\n${parser.libraryNames().join("\n")}`,
    );
  if (fromIndex > 0 && fromIndex === bits.length - 2) {
    const libraryName = bits[bits.length - 1]!;
    const library = parser.library(libraryName);
    if (!library) throw unknown(libraryName);
    const names = bits.slice(0, fromIndex);
    for (const name of names) {
      if (!library.tags.has(name) && !library.filters.has(name)) {
        throw parser.error(
          token,
          `'${name}' is not a valid tag or filter in tag library '${libraryName}'`,
        );
      }
    }
    parser.addLibrary(library, names);
  } else {
    for (const name of bits) {
      const library = parser.library(name);
      if (!library) throw unknown(name);
      parser.addLibrary(library);
    }
  }
  return new TextNode("");
}
