/**
 * Tags that talk to the web layer through engine hooks: `{% url %}` (the engine's
 * `urlResolver`), `{% csrf_token %}` (the `csrf_token` context value) and `{% static %}`
 * (the engine's `staticUrl`, in the `static` library for `{% load static %}`).
 */
import type { Context } from "../context.ts";
import { TemplateRenderError } from "../errors.ts";
import type { FilterExpression } from "../filter-expression.ts";
import type { Token } from "../lexer.ts";
import { Library } from "../library.ts";
import { Node } from "../nodes.ts";
import type { Parser } from "../parser.ts";
import { SafeString, conditionalEscape, escapeHtml } from "../safe.ts";
import { parseTagArguments, resolveTagArguments } from "../tag-arguments.ts";
import type { TagArguments } from "../tag-arguments.ts";
import { toText } from "../values.ts";
import { MISSING, Variable } from "../variable.ts";

function isNoReverseMatch(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return name === "NoReverseMatch" || code === "DJANGO_E_NO_REVERSE_MATCH";
}

/** SafeStrings become plain strings so a resolver sees ordinary values. */
function plainArgument(value: unknown): unknown {
  return value instanceof SafeString ? value.value : value;
}

/** The namespace to prefer when reversing, as Django takes it from the request. */
function currentAppOf(context: Context): string | undefined {
  const request = context.get("request") as
    { currentApp?: unknown; resolverMatch?: { namespace?: unknown } } | null | undefined;
  const app = request?.currentApp ?? request?.resolverMatch?.namespace;
  return typeof app === "string" && app !== "" ? app : undefined;
}

class UrlNode extends Node {
  constructor(
    private readonly viewName: FilterExpression,
    private readonly compiled: TagArguments,
  ) {
    super();
  }

  override async render(context: Context): Promise<string> {
    const resolver = context.template?.engine.urlResolver;
    if (!resolver) {
      throw new TemplateRenderError(
        "{% url %} needs a urlResolver: pass `urlResolver` to new Engine({...})",
      );
    }
    const viewName = toText(await this.viewName.resolve(context));
    const { args, kwargs } = await resolveTagArguments(this.compiled, context);
    const plainKwargs = Object.fromEntries(
      Object.entries(kwargs).map(([key, value]) => [key, plainArgument(value)]),
    );
    let url = "";
    try {
      url = await resolver(viewName, args.map(plainArgument), plainKwargs, currentAppOf(context));
    } catch (error) {
      if (this.compiled.asVar === undefined || !isNoReverseMatch(error)) throw error;
    }
    if (this.compiled.asVar !== undefined) {
      context.set(this.compiled.asVar, url);
      return "";
    }
    return context.autoescape ? conditionalEscape(url).value : url;
  }
}

/** `{% url 'app:name' arg1 key=value [as var] %}` */
export function compileUrl(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  if (bits.length < 2) {
    throw parser.error(token, "'url' takes at least one argument, a URL pattern name.");
  }
  const viewName = parser.compileFilter(bits[1]!, token);
  return new UrlNode(viewName, parseTagArguments(parser, token, bits.slice(2), true));
}

const csrfVariable = new Variable("csrf_token");

class CsrfTokenNode extends Node {
  override async render(context: Context): Promise<string> {
    const token = await csrfVariable.resolve(context);
    if (token !== MISSING && token !== null && toText(token) !== "") {
      if (toText(token) === "NOTPROVIDED") return "";
      return `<input type="hidden" name="csrfmiddlewaretoken" value="${escapeHtml(toText(token))}">`;
    }
    const engine = context.template?.engine;
    if (engine?.debug) {
      engine.warn(
        "A {% csrf_token %} was used in a template, but the context did not provide the value. " +
          "This is usually caused by not rendering with the request (or its csrf context processor).",
      );
    }
    return "";
  }
}

/** `{% csrf_token %}` — the hidden form field carrying the `csrf_token` context value. */
export function compileCsrfToken(): Node {
  return new CsrfTokenNode();
}

/** Python's `urllib.parse.quote(text, safe)`: percent-encodes UTF-8 bytes. */
export function quote(text: string, safe = "/"): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    out +=
      /[A-Za-z0-9_.\-~]/.test(ch) || (byte < 128 && safe.includes(ch))
        ? ch
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Joins the engine's `staticUrl` and a relative path, percent-encoding the path.
 *
 * @example
 * staticPath("/static/", "polls/style.css"); // "/static/polls/style.css"
 */
export function staticPath(staticUrl: string, path: string): string {
  const prefix = staticUrl.endsWith("/") ? staticUrl : `${staticUrl}/`;
  return prefix + quote(path.replace(/^\/+/, ""));
}

class StaticNode extends Node {
  constructor(
    private readonly path: FilterExpression,
    private readonly asVar: string | undefined,
  ) {
    super();
  }
  override async render(context: Context): Promise<string> {
    const staticUrl = context.template?.engine.staticUrl;
    if (staticUrl === undefined) {
      throw new TemplateRenderError(
        "{% static %} needs a static URL: pass `staticUrl` (STATIC_URL) to new Engine({...})",
      );
    }
    const url = staticPath(staticUrl, toText(await this.path.resolve(context)));
    if (this.asVar !== undefined) {
      context.set(this.asVar, url);
      return "";
    }
    return context.autoescape ? escapeHtml(url) : url;
  }
}

/** `{% static 'path' [as var] %}` */
function compileStatic(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  if (bits.length < 2)
    throw parser.error(token, "'static' takes at least one argument (path to file)");
  let asVar: string | undefined;
  if (bits.length === 4 && bits[2] === "as") asVar = bits[3];
  else if (bits.length !== 2)
    throw parser.error(token, "'static' takes one path and an optional 'as var'");
  return new StaticNode(parser.compileFilter(bits[1]!, token), asVar);
}

/**
 * The `static` library: `{% load static %}` then `{% static 'polls/style.css' %}`.
 *
 * @example
 * new Engine({ staticUrl: "/static/" }).fromString("{% load static %}{% static 'a.css' %}");
 */
export const staticLibrary = new Library().tag("static", compileStatic);
