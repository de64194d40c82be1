/**
 * Typed, coded errors of the template engine. Tests and callers match on `code`, not wording.
 */

/**
 * Base class of every template error; `code` is stable across releases.
 *
 * @example
 * try { await template.render(context); } catch (e) { if (e instanceof TemplateError) e.code; }
 */
export class TemplateError extends Error {
  readonly code: string = "DJANGO_E_TEMPLATE";
  override name = "TemplateError";
}

/**
 * A template source that cannot be compiled: unknown tag, unclosed block, bad filter, ...
 * `templateName` and `line` say where; the message ends with `(in <name>, line <n>)`.
 *
 * @example
 * try { engine.fromString("{% if %}"); } catch (e) { if (e instanceof TemplateSyntaxError) e.line; }
 */
export class TemplateSyntaxError extends TemplateError {
  override readonly code = "DJANGO_E_TEMPLATE_SYNTAX";
  override name = "TemplateSyntaxError";
  /** The bare message, without the location suffix. */
  readonly reason: string;
  templateName: string | undefined;
  line: number | undefined;

  constructor(reason: string, line?: number, templateName?: string) {
    super(reason);
    this.reason = reason;
    this.line = line;
    this.templateName = templateName;
    this.message = this.describe();
  }

  /** Fills in the template name once the engine knows it (the parser only knows lines). */
  setLocation(templateName: string | undefined, line?: number): void {
    if (this.templateName === undefined) this.templateName = templateName;
    if (this.line === undefined) this.line = line;
    this.message = this.describe();
  }

  private describe(): string {
    if (this.line === undefined && this.templateName === undefined) return this.reason;
    const where = [this.templateName ?? "<string>"];
    if (this.line !== undefined) where.push(`line ${this.line}`);
    return `${this.reason} (in ${where.join(", ")})`;
  }
}

/** One place a loader looked for a template, and why it was not used. */
export interface TriedSource {
  /** A file path (filesystem loaders) or a loader-specific id. */
  name: string;
  /** "Source does not exist", "Skipped to avoid recursion", ... */
  status: string;
}

/**
 * No loader found the template. `tried` lists every place looked at, in order.
 *
 * @example
 * try { await engine.getTemplate("nope.html"); }
 * catch (e) { if (e instanceof TemplateDoesNotExist) console.log(e.tried.map((t) => t.name)); }
 */
export class TemplateDoesNotExist extends TemplateError {
  override readonly code = "DJANGO_E_TEMPLATE_DOES_NOT_EXIST";
  override name = "TemplateDoesNotExist";
  readonly templateName: string;
  readonly tried: TriedSource[];

  constructor(templateName: string, tried: TriedSource[] = []) {
    const lines = tried.map((t) => `\n  ${t.name} (${t.status})`).join("");
    super(
      tried.length > 0
        ? `Template '${templateName}' does not exist. Tried:${lines}`
        : `Template '${templateName}' does not exist (no loader has a source for it)`,
    );
    this.templateName = templateName;
    this.tried = tried;
  }
}

/**
 * A template that compiled but cannot render as configured: `{% url %}` without an engine
 * `urlResolver`, `{% static %}` without `staticUrl`, a `{% for a, b %}` item of the wrong size.
 * Missing variables never raise this: they render as `stringIfInvalid`.
 *
 * @example
 * await new Engine().fromString("{% url 'home' %}").render(); // rejects: no urlResolver
 */
export class TemplateRenderError extends TemplateError {
  override readonly code = "DJANGO_E_TEMPLATE_RENDER";
  override name = "TemplateRenderError";
}
