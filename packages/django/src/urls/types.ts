import type { HttpRequest } from "../http/request.ts";
import type { HttpResponseBase } from "../http/response.ts";
import type { URLPattern, URLResolver } from "./resolvers.ts";

/**
 * A view: takes the request and the URL's keyword arguments (and positional ones of a
 * `rePath` without named groups), returns a response or a promise of one.
 *
 * @example
 * const detail: ViewFunction = async (request, { questionId }) =>
 *   new HttpResponse(`You're looking at question ${questionId}.`);
 */
// `any` on purpose: a view declares the exact kwargs it expects ({ questionId: number }), and
// strict function types would otherwise refuse it where a general view is wanted.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ViewFunction = (request: HttpRequest, kwargs: any, ...args: any[]) => ViewResult;

/** What a view returns. */
export type ViewResult = HttpResponseBase | Promise<HttpResponseBase>;

/** A view that renders an error page (`handler404`, `handler500`, …). */
export type ErrorView = (request: HttpRequest, error?: unknown) => ViewResult;

/** One entry of a `urlpatterns` list. */
export type URLEntry = URLPattern | URLResolver;

/**
 * A URLconf module (what `import * as urls from "./urls.ts"` gives): its `urlpatterns`, an
 * optional `appName` (Django's `app_name`) and, at the root, custom error views.
 *
 * @example
 * export const appName = "polls";
 * export const urlpatterns = [path("", views.index, { name: "index" })];
 */
export interface URLConfModule {
  readonly urlpatterns: readonly URLEntry[];
  readonly appName?: string;
  readonly handler400?: ErrorView;
  readonly handler403?: ErrorView;
  readonly handler404?: ErrorView;
  readonly handler500?: ErrorView;
}

/** A URLconf: a list of patterns, or a module with `urlpatterns`. */
export type URLConf = readonly URLEntry[] | URLConfModule;

/**
 * What `resolve()` found (Django's `ResolverMatch`): the view and its arguments, the URL
 * name and the namespaces it was reached through.
 *
 * @example
 * const match = resolve("/polls/5/");
 * match.viewName; // "polls:detail"
 * match.kwargs;   // { questionId: 5 }
 */
export class ResolverMatch {
  constructor(
    readonly func: ViewFunction,
    readonly args: unknown[],
    readonly kwargs: Record<string, unknown>,
    readonly urlName: string | undefined,
    readonly appNames: string[],
    readonly namespaces: string[],
    /** The routes joined, e.g. "polls/<int:questionId>/". */
    readonly route: string,
    /** The patterns matched, outermost first. */
    readonly tried: readonly { describe(): string }[] = [],
  ) {}

  /** The app namespaces joined with ":" ("polls"). */
  get appName(): string {
    return this.appNames.join(":");
  }

  /** The instance namespaces joined with ":" ("polls"). */
  get namespace(): string {
    return this.namespaces.join(":");
  }

  /** "namespace:name", or the view's name when the URL has none. */
  get viewName(): string {
    const name = this.urlName ?? (this.func.name || "<anonymous view>");
    return [...this.namespaces, name].join(":");
  }
}
