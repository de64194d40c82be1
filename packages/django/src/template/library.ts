/**
 * A `Library` groups custom tags and filters, like a Django `templatetags` module. Register
 * it with the engine as a builtin (always available) or under a name for `{% load name %}`.
 */
import type { Context } from "./context.ts";
import type { Token } from "./lexer.ts";
import { Node, renderValue } from "./nodes.ts";
import type { NodeList } from "./nodes.ts";
import type { Parser } from "./parser.ts";
import { markSafe } from "./safe.ts";
import type { SafeString } from "./safe.ts";
import { parseTagArguments, resolveTagArguments } from "./tag-arguments.ts";
import type { TagArguments } from "./tag-arguments.ts";

/** What a filter receives besides its value and argument. */
export interface FilterCallOptions {
  /** Whether autoescape is on where the filter runs (Django's `needs_autoescape`). */
  autoescape: boolean;
  context: Context;
}

/** A filter: `(value, arg, options) => result` (may be async). */
export type FilterFunction = (value: unknown, arg: unknown, options: FilterCallOptions) => unknown;

/** Flags of a filter, as in Django's `@register.filter(...)`. */
export interface FilterOptions {
  /**
   * The filter does not introduce HTML-unsafe characters, so a safe input stays safe
   * (Django's `is_safe`).
   */
  isSafe?: boolean;
  /** Convert the input to its text first (Django's `@stringfilter`). */
  stringFilter?: boolean;
  /**
   * Whether `|name:arg` takes an argument, checked at compile time. Default from the
   * parameters `fn` declares: `(value)` → "none", `(value, arg)` → "required",
   * `(value, arg, options)` → "optional".
   */
  arg?: "required" | "optional" | "none";
}

/** A registered filter. */
export interface FilterDefinition {
  name: string;
  fn: FilterFunction;
  isSafe: boolean;
  stringFilter: boolean;
  arg: "required" | "optional" | "none";
}

/** Compiles one `{% tag ... %}` token (and, for block tags, its body) into a node. */
export type TagCompiler = (parser: Parser, token: Token) => Node;

/** A simple tag: `(args, kwargs, context) => value`; the value is escaped unless safe. */
export type SimpleTagFunction = (
  args: unknown[],
  kwargs: Record<string, unknown>,
  context: Context,
) => unknown;

/**
 * A block tag: receives its rendered body (safe HTML) and its arguments; returns the output,
 * escaped unless safe — return `markSafe(...)` for HTML.
 */
export type BlockTagFunction = (
  content: SafeString,
  args: unknown[],
  kwargs: Record<string, unknown>,
  context: Context,
) => unknown;

class SimpleTagNode extends Node {
  constructor(
    private readonly fn: SimpleTagFunction,
    private readonly compiled: TagArguments,
    private readonly body?: NodeList,
  ) {
    super();
  }

  override children(): NodeList[] {
    return this.body ? [this.body] : [];
  }

  override async render(context: Context): Promise<string> {
    const { args, kwargs } = await resolveTagArguments(this.compiled, context);
    let value: unknown;
    if (this.body) {
      const content = markSafe(await this.body.render(context));
      value = await (this.fn as unknown as BlockTagFunction)(content, args, kwargs, context);
    } else {
      value = await this.fn(args, kwargs, context);
    }
    if (this.compiled.asVar !== undefined) {
      context.set(this.compiled.asVar, value);
      return "";
    }
    return renderValue(value, context);
  }
}

/**
 * Custom tags and filters.
 *
 * @example
 * const library = new Library()
 *   .filter("double", (value) => Number(value) * 2)
 *   .simpleTag("greet", ([name]) => `Hello ${name}`)
 *   .blockTag("shout", (content) => markSafe(content.value.toUpperCase()));
 * const engine = new Engine({ libraries: { extras: library } });
 * await engine.fromString('{% load extras %}{% greet "Ada" %} {{ 2|double }}').render({});
 * // "Hello Ada 4"
 */
export class Library {
  readonly filters = new Map<string, FilterDefinition>();
  readonly tags = new Map<string, TagCompiler>();

  /** Registers a filter. */
  filter(name: string, fn: FilterFunction, options: FilterOptions = {}): this {
    this.filters.set(name, {
      name,
      fn,
      isSafe: options.isSafe ?? false,
      stringFilter: options.stringFilter ?? false,
      arg: options.arg ?? (fn.length <= 1 ? "none" : fn.length === 2 ? "required" : "optional"),
    });
    return this;
  }

  /** Registers a tag with a full compile function (Django's `@register.tag`). */
  tag(name: string, compile: TagCompiler): this {
    this.tags.set(name, compile);
    return this;
  }

  /**
   * Registers `{% name arg key=value [as var] %}`: arguments are template expressions,
   * the result is escaped (unless safe) or stored with `as var`.
   */
  simpleTag(name: string, fn: SimpleTagFunction): this {
    return this.tag(name, (parser, token) => {
      const bits = parser.splitContents(token).slice(1);
      return new SimpleTagNode(fn, parseTagArguments(parser, token, bits, true));
    });
  }

  /** Registers `{% name args %}...{% endname %}` whose function gets the rendered body. */
  blockTag(name: string, fn: BlockTagFunction, options: { endTag?: string } = {}): this {
    const endTag = options.endTag ?? `end${name}`;
    return this.tag(name, (parser, token) => {
      const bits = parser.splitContents(token).slice(1);
      const compiled = parseTagArguments(parser, token, bits, true);
      const body = parser.parse([endTag]);
      parser.nextToken();
      return new SimpleTagNode(fn as unknown as SimpleTagFunction, compiled, body);
    });
  }
}
