import { TemplateDoesNotExist } from "./errors.ts";
import type { TriedSource } from "./errors.ts";
import { builtinFilters } from "./filters/index.ts";
import type { Library } from "./library.ts";
import { FileSystemLoader } from "./loaders.ts";
import type { Loader } from "./loaders.ts";
import { builtinTags, staticLibrary } from "./tags/index.ts";
import { Template } from "./template.ts";

/**
 * Reverses a URL pattern name for `{% url %}`: the web layer's `reverse()`. It throws the
 * web layer's `NoReverseMatch` (name "NoReverseMatch" or code "DJANGO_E_NO_REVERSE_MATCH"),
 * which `{% url ... as var %}` swallows.
 */
export type UrlResolver = (
  viewName: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  currentApp?: string,
) => string | Promise<string>;

/** Adds variables for templates rendered with a request (user, messages, csrf_token, ...). */
export type ContextProcessor = (
  request: unknown,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Options of {@link Engine}; every one is optional. */
export interface EngineOptions {
  /** Template directories searched first, in order (Django's `DIRS`). */
  dirs?: readonly string[];
  /** Each installed app's `templates` directory, searched after `dirs` (`APP_DIRS`). */
  appDirs?: readonly string[];
  /** Replaces the filesystem loaders built from `dirs`/`appDirs`. */
  loaders?: readonly Loader[];
  /** Debug mode: no template cache (edits show up at once) and `csrf_token` warnings. */
  debug?: boolean;
  /** What a missing variable renders as (default ""); `%s` is replaced by its name. */
  stringIfInvalid?: string;
  /** Libraries available in every template without `{% load %}`. */
  builtins?: readonly Library[];
  /** Libraries for `{% load name %}`; `static` is always registered. */
  libraries?: Readonly<Record<string, Library>>;
  /** Reverses `{% url %}` names; without it `{% url %}` raises at render time. */
  urlResolver?: UrlResolver;
  /** `STATIC_URL`, joined with the path by `{% static %}`. */
  staticUrl?: string;
  /** Autoescape by default (default true). */
  autoescape?: boolean;
  /** Run for `template.render(context, request)`; their values sit below the context's. */
  contextProcessors?: readonly ContextProcessor[];
  /** Receives debug warnings (default: `process.emitWarning`). */
  onWarning?: (message: string) => void;
}

/**
 * A configured template engine: loaders, libraries and the web-layer hooks.
 *
 * @example
 * const engine = new Engine({
 *   dirs: ["templates"],
 *   appDirs: ["polls/templates"],
 *   staticUrl: "/static/",
 *   urlResolver: (name, args) => reverse(name, { args }),
 * });
 * const page = await (await engine.getTemplate("polls/index.html")).render({ latestQuestionList });
 */
export class Engine {
  readonly debug: boolean;
  readonly stringIfInvalid: string;
  readonly autoescape: boolean;
  readonly urlResolver: UrlResolver | undefined;
  readonly staticUrl: string | undefined;
  readonly loaders: readonly Loader[];
  readonly builtins: Library[];
  readonly libraries: ReadonlyMap<string, Library>;
  readonly contextProcessors: readonly ContextProcessor[];
  private readonly onWarning: (message: string) => void;
  private readonly cache = new Map<string, Promise<Template>>();

  constructor(options: EngineOptions = {}) {
    this.debug = options.debug ?? false;
    this.stringIfInvalid = options.stringIfInvalid ?? "";
    this.autoescape = options.autoescape ?? true;
    this.urlResolver = options.urlResolver;
    this.staticUrl = options.staticUrl;
    this.loaders = options.loaders ?? [
      new FileSystemLoader(options.dirs ?? []),
      new FileSystemLoader(options.appDirs ?? []),
    ];
    this.builtins = [builtinTags, builtinFilters, ...(options.builtins ?? [])];
    this.libraries = new Map([
      ["static", staticLibrary],
      ...Object.entries(options.libraries ?? {}),
    ]);
    this.contextProcessors = options.contextProcessors ?? [];
    this.onWarning =
      options.onWarning ??
      ((message) => process.emitWarning(message, { code: "DJANGO_W_TEMPLATE" }));
  }

  /**
   * Compiles template source (throws `TemplateSyntaxError`).
   *
   * @example
   * await engine.fromString("{{ a|add:b }}").render({ a: 1, b: 2 }); // "3"
   */
  fromString(source: string, name?: string): Template {
    return new Template(source, this, { name });
  }

  /**
   * Finds and compiles a template by name: `dirs` first, then `appDirs`, first match wins.
   * Compiled templates are cached unless `debug`. `skip` lists origins to pass over (what
   * `extends` uses so a template can extend another of the same name).
   *
   * @throws TemplateDoesNotExist listing every path tried.
   */
  async getTemplate(name: string, options: { skip?: readonly string[] } = {}): Promise<Template> {
    const skip = options.skip ?? [];
    if (this.debug) return this.findTemplate(name, skip);
    const key = [name, ...skip].join("\0");
    let cached = this.cache.get(key);
    if (!cached) {
      cached = this.findTemplate(name, skip);
      this.cache.set(key, cached);
      cached.catch(() => this.cache.delete(key));
    }
    return cached;
  }

  /**
   * The first of `names` that exists (Django's `select_template`).
   *
   * @example
   * await engine.selectTemplate(["polls/custom.html", "polls/index.html"]);
   */
  async selectTemplate(names: readonly string[]): Promise<Template> {
    const tried: TriedSource[] = [];
    for (const name of names) {
      try {
        return await this.getTemplate(name);
      } catch (error) {
        if (!(error instanceof TemplateDoesNotExist)) throw error;
        tried.push(...error.tried);
      }
    }
    throw new TemplateDoesNotExist(
      names.length > 0 ? names.join(", ") : "(no template names)",
      tried,
    );
  }

  /**
   * Loads (one name or the first existing of several) and renders — Django's `render_to_string`.
   *
   * @example
   * const html = await engine.renderToString("polls/detail.html", { question }, request);
   */
  async renderToString(
    names: string | readonly string[],
    context: Record<string, unknown> = {},
    request?: unknown,
  ): Promise<string> {
    const template =
      typeof names === "string" ? await this.getTemplate(names) : await this.selectTemplate(names);
    return template.render(context, request);
  }

  /** Forgets compiled templates (e.g. after files changed while not in debug mode). */
  clearCache(): void {
    this.cache.clear();
  }

  /** Reports a debug warning through `onWarning`. */
  warn(message: string): void {
    this.onWarning(message);
  }

  private async findTemplate(name: string, skip: readonly string[]): Promise<Template> {
    const tried: TriedSource[] = [];
    for (const loader of this.loaders) {
      for (const origin of loader.getTemplateSources(name)) {
        if (skip.includes(origin)) {
          tried.push({ name: origin, status: "Skipped to avoid recursion" });
          continue;
        }
        const source = await loader.getContents(origin);
        if (source === undefined) {
          tried.push({ name: origin, status: "Source does not exist" });
          continue;
        }
        return new Template(source, this, { name, origin });
      }
    }
    throw new TemplateDoesNotExist(name, tried);
  }
}
