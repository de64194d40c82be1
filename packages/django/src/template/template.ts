import { Context } from "./context.ts";
import type { Engine } from "./engine.ts";
import { TemplateSyntaxError } from "./errors.ts";
import { tokenize } from "./lexer.ts";
import type { NodeList } from "./nodes.ts";
import { Parser } from "./parser.ts";

/** Where a compiled template came from. */
export interface TemplateOrigin {
  /** The name it was asked for ("polls/detail.html"); undefined for `fromString`. */
  name?: string | undefined;
  /** The loader's origin (a file path), used to avoid `extends` recursion. */
  origin?: string | undefined;
}

/**
 * A compiled template. Create one with `engine.getTemplate(name)` or
 * `engine.fromString(source)`; compiling throws `TemplateSyntaxError`.
 *
 * @example
 * const template = engine.fromString("Hello {{ name|default:'world' }}");
 * await template.render({ name: "Ada" }); // "Hello Ada"
 */
export class Template {
  readonly engine: Engine;
  readonly name: string | undefined;
  readonly origin: string | undefined;
  readonly source: string;
  readonly nodelist: NodeList;

  constructor(source: string, engine: Engine, where: TemplateOrigin = {}) {
    this.engine = engine;
    this.source = source;
    this.name = where.name;
    this.origin = where.origin;
    const parser = new Parser(tokenize(source), {
      builtins: engine.builtins,
      libraries: engine.libraries,
      templateName: where.name,
      origin: where.origin,
    });
    try {
      this.nodelist = parser.parse();
    } catch (error) {
      if (error instanceof TemplateSyntaxError) error.setLocation(where.name ?? "<string>");
      throw error;
    }
  }

  /**
   * Renders with `context` (a plain object or a {@link Context}). With a `request`, the
   * engine's context processors run first and `request` is available to the template;
   * the values you pass win over theirs (Django's RequestContext).
   *
   * Missing variables render as the engine's `stringIfInvalid` and never throw; template
   * errors (`{% url %}` without a match, an unknown included template) do.
   */
  async render(
    context: Record<string, unknown> | Context = {},
    request?: unknown,
  ): Promise<string> {
    if (context instanceof Context) {
      if (request !== undefined) {
        throw new TypeError(
          "Template.render(context, request): pass a plain object, not a Context",
        );
      }
      return this.renderNodelist(context);
    }
    const fullContext = new Context({}, { autoescape: this.engine.autoescape });
    if (request !== undefined) {
      fullContext.push({ request });
      for (const processor of this.engine.contextProcessors) {
        fullContext.push(await processor(request));
      }
    }
    fullContext.push(context);
    return this.renderNodelist(fullContext);
  }

  /**
   * Renders this template's nodes in an existing context with its own render state (what
   * `{% include %}` does); the context's variables are shared.
   */
  async renderNodelist(context: Context): Promise<string> {
    const savedTemplate = context.template;
    const savedState = context.renderState;
    context.template = this;
    context.renderState = new Map();
    try {
      return await this.nodelist.render(context);
    } finally {
      context.template = savedTemplate;
      context.renderState = savedState;
    }
  }
}
