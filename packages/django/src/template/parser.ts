/**
 * Turns tokens into a node tree. Tag compilers (builtin or from a `Library`) receive the
 * parser and their token, and call `parse([...endTags])` for their bodies — Django's design.
 */
import { TemplateSyntaxError } from "./errors.ts";
import { FilterExpression } from "./filter-expression.ts";
import type { Token } from "./lexer.ts";
import { splitContents } from "./lexer.ts";
import type { FilterDefinition, Library, TagCompiler } from "./library.ts";
import { NodeList, TextNode, VariableNode } from "./nodes.ts";

/** What a parser needs from its engine. */
export interface ParserOptions {
  /** Libraries whose tags and filters are always available. */
  builtins: Library[];
  /** Libraries `{% load name %}` can bring in. */
  libraries: ReadonlyMap<string, Library>;
  templateName?: string | undefined;
  /** The loader origin of the template (extends uses it to avoid recursion). */
  origin?: string | undefined;
}

/**
 * A one-shot parser for one template's tokens.
 *
 * @example
 * // inside a tag compiler registered with library.tag("upper", compile):
 * const body = parser.parse(["endupper"]);
 * parser.nextToken(); // consume {% endupper %}
 */
export class Parser {
  readonly templateName: string | undefined;
  readonly origin: string | undefined;
  /** Names of `{% block %}`s seen so far (duplicates are an error). */
  readonly loadedBlocks = new Set<string>();
  /** Free-form per-template parse state for tags (`cycle` names, `extends` seen, ...). */
  readonly state = new Map<unknown, unknown>();
  private readonly tokens: Token[];
  private position = 0;
  private readonly tags = new Map<string, TagCompiler>();
  private readonly filters = new Map<string, FilterDefinition>();
  private readonly libraries: ReadonlyMap<string, Library>;
  private readonly openTags: Token[] = [];

  constructor(tokens: Token[], options: ParserOptions) {
    this.tokens = tokens;
    this.templateName = options.templateName;
    this.origin = options.origin;
    this.libraries = options.libraries;
    for (const library of options.builtins) this.addLibrary(library);
  }

  /**
   * Parses until one of `parseUntil` (a block tag name such as "endif") is reached; that
   * token is left for {@link nextToken}. With no end tags, parses to the end of the source.
   */
  parse(parseUntil: string[] = []): NodeList {
    const nodelist = new NodeList();
    while (this.position < this.tokens.length) {
      const token = this.tokens[this.position++]!;
      if (token.type === "text") {
        nodelist.push(new TextNode(token.contents));
      } else if (token.type === "var") {
        if (token.contents === "")
          throw this.error(token, `Empty variable tag on line ${token.line}`);
        const node = new VariableNode(this.compileFilter(token.contents, token));
        node.line = token.line;
        node.templateName = this.templateName;
        nodelist.push(node);
      } else if (token.type === "block") {
        const command = token.contents.split(/\s+/)[0] ?? "";
        if (command === "") throw this.error(token, `Empty block tag on line ${token.line}`);
        if (parseUntil.includes(command)) {
          this.position--;
          return nodelist;
        }
        const compile = this.tags.get(command);
        if (!compile) throw this.invalidBlockTag(token, command, parseUntil);
        this.openTags.push(token);
        const node = this.withLocation(token, () => compile(this, token));
        this.openTags.pop();
        node.line ??= token.line;
        node.templateName ??= this.templateName;
        if (node.mustBeFirst && nodelist.containsNonText) {
          throw this.error(token, `'${command}' must be the first tag in the template.`);
        }
        nodelist.push(node);
      }
    }
    if (parseUntil.length > 0) throw this.unclosed(parseUntil);
    return nodelist;
  }

  /** Consumes and returns the next token (usually the end tag `parse` stopped at). */
  nextToken(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new TemplateSyntaxError("Unexpected end of template");
    return token;
  }

  /** Skips tokens up to and including the block tag `endTag` (for `{% comment %}`). */
  skipPast(endTag: string): void {
    while (this.position < this.tokens.length) {
      const token = this.tokens[this.position++]!;
      if (token.type === "block" && token.contents === endTag) return;
    }
    throw this.unclosed([endTag]);
  }

  /** Compiles `value|filter:arg` text, with this template's filters. */
  compileFilter(text: string, token?: Token): FilterExpression {
    return this.withLocation(
      token,
      () => new FilterExpression(text, (name) => this.findFilter(name)),
    );
  }

  findFilter(name: string): FilterDefinition | undefined {
    return this.filters.get(name);
  }

  hasTag(name: string): boolean {
    return this.tags.has(name);
  }

  /** Makes a library's tags and filters available from here on (what `{% load %}` does). */
  addLibrary(library: Library, only?: string[]): void {
    for (const [name, compile] of library.tags) {
      if (!only || only.includes(name)) this.tags.set(name, compile);
    }
    for (const [name, filter] of library.filters) {
      if (!only || only.includes(name)) this.filters.set(name, filter);
    }
  }

  /** The library registered under `name` for `{% load %}`. */
  library(name: string): Library | undefined {
    return this.libraries.get(name);
  }

  /** Names `{% load %}` accepts, for error messages. */
  libraryNames(): string[] {
    return [...this.libraries.keys()].sort();
  }

  /** Splits a block token's contents like Django's `token.split_contents()`. */
  splitContents(token: Token): string[] {
    return splitContents(token.contents);
  }

  /** A syntax error located at `token`. */
  error(token: Token | undefined, message: string): TemplateSyntaxError {
    return new TemplateSyntaxError(message, token?.line, this.templateName);
  }

  private withLocation<T>(token: Token | undefined, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof TemplateSyntaxError) error.setLocation(this.templateName, token?.line);
      throw error;
    }
  }

  private invalidBlockTag(
    token: Token,
    command: string,
    parseUntil: string[],
  ): TemplateSyntaxError {
    const expected =
      parseUntil.length > 0 ? `, expected ${parseUntil.map((t) => `'${t}'`).join(" or ")}` : "";
    return this.error(
      token,
      `Invalid block tag on line ${token.line}: '${command}'${expected}. ` +
        "Did you forget to register or load this tag?",
    );
  }

  private unclosed(parseUntil: string[]): TemplateSyntaxError {
    const opener = this.openTags[this.openTags.length - 1];
    const command = opener?.contents.split(/\s+/)[0] ?? "template";
    return this.error(
      opener,
      `Unclosed tag on line ${opener?.line ?? "?"}: '${command}'. ` +
        `Looking for one of: ${parseUntil.join(", ")}.`,
    );
  }
}
