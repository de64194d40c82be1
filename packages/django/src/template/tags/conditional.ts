/** `{% if %}`, `{% with %}` and `{% firstof %}`. */
import type { Context } from "../context.ts";
import type { FilterExpression } from "../filter-expression.ts";
import type { Token } from "../lexer.ts";
import { Node, renderValue } from "../nodes.ts";
import type { NodeList } from "../nodes.ts";
import type { Parser } from "../parser.ts";
import { truthy } from "../values.ts";
import { parseCondition } from "./if-expression.ts";
import type { Condition } from "./if-expression.ts";

class IfNode extends Node {
  constructor(private readonly branches: [Condition | undefined, NodeList][]) {
    super();
  }
  override children(): NodeList[] {
    return this.branches.map(([, nodelist]) => nodelist);
  }
  override async render(context: Context): Promise<string> {
    for (const [condition, nodelist] of this.branches) {
      if (!condition || truthy(await condition.evaluate(context))) return nodelist.render(context);
    }
    return "";
  }
}

/** `{% if a %}...{% elif b %}...{% else %}...{% endif %}` */
export function compileIf(parser: Parser, token: Token): Node {
  const branches: [Condition | undefined, NodeList][] = [];
  let current = token;
  for (;;) {
    const command = current.contents.split(/\s+/)[0];
    if (command === "if" || command === "elif") {
      const bits = parser.splitContents(current).slice(1);
      const at = current;
      const condition = parseCondition(
        bits,
        (text) => parser.compileFilter(text, at),
        (message) => parser.error(at, message),
      );
      branches.push([condition, parser.parse(["elif", "else", "endif"])]);
    } else if (command === "else") {
      branches.push([undefined, parser.parse(["endif"])]);
    } else {
      break;
    }
    current = parser.nextToken();
  }
  if (current.contents !== "endif")
    throw parser.error(current, `Malformed 'if' tag: expected 'endif'`);
  return new IfNode(branches);
}

/**
 * Parses `a=b c=d` (or the legacy `b as a`) into named expressions; stops at the first word
 * that is neither. Returns the expressions and how many words were used.
 */
export function parseAssignments(
  parser: Parser,
  token: Token,
  bits: string[],
  allowLegacy: boolean,
): { values: Map<string, FilterExpression>; used: number } {
  const values = new Map<string, FilterExpression>();
  if (allowLegacy && bits.length >= 3 && bits[1] === "as") {
    values.set(bits[2]!, parser.compileFilter(bits[0]!, token));
    return { values, used: 3 };
  }
  let used = 0;
  for (const bit of bits) {
    const match = /^(\w+)=(.+)$/s.exec(bit);
    if (!match) break;
    values.set(match[1]!, parser.compileFilter(match[2]!, token));
    used++;
  }
  return { values, used };
}

/** Resolves named expressions into a scope object. */
export async function resolveAssignments(
  values: Map<string, FilterExpression>,
  context: Context,
): Promise<Record<string, unknown>> {
  const scope: Record<string, unknown> = {};
  for (const [name, expression] of values) scope[name] = await expression.resolve(context);
  return scope;
}

class WithNode extends Node {
  constructor(
    private readonly values: Map<string, FilterExpression>,
    private readonly nodelist: NodeList,
  ) {
    super();
  }
  override children(): NodeList[] {
    return [this.nodelist];
  }
  override async render(context: Context): Promise<string> {
    const scope = await resolveAssignments(this.values, context);
    return context.withScope(scope, () => this.nodelist.render(context));
  }
}

/** `{% with total=business.employees.count %}...{% endwith %}` */
export function compileWith(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token).slice(1);
  const { values, used } = parseAssignments(parser, token, bits, true);
  if (values.size === 0)
    throw parser.error(token, "'with' expected at least one variable assignment");
  if (used < bits.length)
    throw parser.error(token, `'with' received an invalid token: '${bits[used]}'`);
  const nodelist = parser.parse(["endwith"]);
  parser.nextToken();
  return new WithNode(values, nodelist);
}

class FirstOfNode extends Node {
  constructor(
    private readonly candidates: FilterExpression[],
    private readonly asVar: string | undefined,
  ) {
    super();
  }
  override async render(context: Context): Promise<string> {
    let chosen: unknown = "";
    for (const candidate of this.candidates) {
      const value = await candidate.resolve(context, true);
      if (truthy(value)) {
        chosen = value;
        break;
      }
    }
    if (this.asVar !== undefined) {
      context.set(this.asVar, chosen);
      return "";
    }
    return renderValue(chosen, context);
  }
}

/** `{% firstof a b "fallback" [as var] %}` — the first true value, escaped. */
export function compileFirstOf(parser: Parser, token: Token): Node {
  let bits = parser.splitContents(token).slice(1);
  let asVar: string | undefined;
  if (bits.length >= 2 && bits[bits.length - 2] === "as") {
    asVar = bits[bits.length - 1];
    bits = bits.slice(0, -2);
  }
  if (bits.length === 0)
    throw parser.error(token, "'firstof' statement requires at least one argument");
  return new FirstOfNode(
    bits.map((bit) => parser.compileFilter(bit, token)),
    asVar,
  );
}
