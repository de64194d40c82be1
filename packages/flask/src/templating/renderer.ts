import nunjucks from "nunjucks";
import type { Flask } from "../app/flask.ts";
import { hasRequestContext, requestContextState } from "../ctx/context.ts";
import { getFlashedMessages } from "../helpers/flash.ts";
import { urlFor } from "../helpers/url-for.ts";

/** Template names whose output is HTML-escaped, as Flask's `select_jinja_autoescape`. */
const AUTOESCAPED = /\.(html|htm|xml|xhtml|svg)$/i;

/**
 * The app's template engine: nunjucks (Jinja's syntax: inheritance, blocks, macros, filters)
 * with Flask's setup — the app's `templates/` then each blueprint's template folder, autoescape
 * for .html/.htm/.xml/.xhtml/.svg (and always for template strings), and the globals `urlFor`,
 * `getFlashedMessages`, `config`, `request`, `session`, `g` (snake_case aliases `url_for` and
 * `get_flashed_messages` let Flask templates run unchanged).
 *
 * @example
 * app.templates.render("hello.html", { name: "<Ada>" }); // "…&lt;Ada&gt;…"
 */
export class TemplateRenderer {
  readonly #app: Flask;
  readonly #escaping: nunjucks.Environment;
  readonly #plain: nunjucks.Environment;

  constructor(app: Flask) {
    this.#app = app;
    const searchPaths = [
      app.templateFolder,
      ...[...app.blueprints.values()].map((bp) => bp.templateFolder),
    ].filter((path): path is string => path !== undefined);
    const autoReload = app.config.TEMPLATES_AUTO_RELOAD ?? app.debug;
    const loader = new nunjucks.FileSystemLoader(searchPaths, { noCache: autoReload });
    this.#escaping = new nunjucks.Environment(loader, { autoescape: true });
    this.#plain = new nunjucks.Environment(loader, { autoescape: false });
    for (const environment of [this.#escaping, this.#plain]) this.#configure(environment);
  }

  /** The nunjucks environment for HTML templates (to add extensions, filters, …). */
  get environment(): nunjucks.Environment {
    return this.#escaping;
  }

  /** Renders a template file by name, with the context processors' values merged in. */
  async render(name: string, context: Record<string, unknown> = {}): Promise<string> {
    const environment = AUTOESCAPED.test(name) ? this.#escaping : this.#plain;
    return environment.render(name, await this.#context(context));
  }

  /** Renders template source text (always autoescaped). */
  async renderString(source: string, context: Record<string, unknown> = {}): Promise<string> {
    return this.#escaping.renderString(source, await this.#context(context));
  }

  async #context(given: Record<string, unknown>): Promise<Record<string, unknown>> {
    const context: Record<string, unknown> = {};
    const blueprints = hasRequestContext() ? requestContextState().request.blueprints : [];
    if (hasRequestContext()) {
      const state = requestContextState();
      Object.assign(context, { request: state.request, session: state.session, g: state.g });
    }
    for (const scope of [null, ...[...blueprints].reverse()]) {
      for (const processor of this.#app.templateContextProcessors.get(scope) ?? []) {
        Object.assign(context, await processor());
      }
    }
    return Object.assign(context, given);
  }

  #configure(environment: nunjucks.Environment): void {
    const app = this.#app;
    const templateUrlFor = (endpoint: string, ...rest: unknown[]) =>
      urlFor(endpoint, keywords(rest));
    const templateFlashes = (...rest: unknown[]) => {
      const options = keywords(rest);
      return getFlashedMessages({
        withCategories: Boolean(
          options.withCategories ?? options.with_categories ?? rest[0] === true,
        ),
        ...(Array.isArray(options.categoryFilter ?? options.category_filter)
          ? { categoryFilter: (options.categoryFilter ?? options.category_filter) as string[] }
          : {}),
      });
    };
    environment.addGlobal("urlFor", templateUrlFor);
    environment.addGlobal("url_for", templateUrlFor);
    environment.addGlobal("getFlashedMessages", templateFlashes);
    environment.addGlobal("get_flashed_messages", templateFlashes);
    environment.addGlobal("config", app.config);
    environment.addFilter(
      "tojson",
      (value: unknown) => new nunjucks.runtime.SafeString(htmlSafeJson(value)),
    );
    for (const [name, value] of app.templateGlobals) environment.addGlobal(name, value);
    for (const [name, filter] of app.templateFilters) {
      environment.addFilter(name, filter as (...args: unknown[]) => unknown);
    }
  }
}

/** nunjucks passes `f(a, b=1)` as `(a, { b: 1, __keywords: true })`; this returns `{ b: 1 }`. */
function keywords(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  if (typeof last !== "object" || last === null) return {};
  const { __keywords: _marker, ...rest } = last as Record<string, unknown>;
  return rest;
}

/** JSON safe inside `<script>` and HTML attributes, as Jinja's `tojson`. */
function htmlSafeJson(value: unknown): string {
  return (JSON.stringify(value) ?? "null")
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/'/g, "\\u0027");
}
