import { ImproperlyConfigured } from "../core/exceptions.ts";
import { RegexPattern, RoutePattern, type Pattern } from "./patterns.ts";
import { URLPattern, URLResolver } from "./resolvers.ts";
import type { URLConf, URLConfModule, ViewFunction } from "./types.ts";

const INCLUDE = Symbol("include");

/** What `include()` returns: a URLconf to mount, with its namespaces. */
export interface IncludeTarget {
  readonly [INCLUDE]: true;
  readonly urlconf: URLConf;
  readonly appName: string | undefined;
  readonly namespace: string | undefined;
}

/** Options of `path()` and `rePath()`. */
export interface PathOptions {
  /** The URL name, for `reverse()` and `{% url %}`. */
  name?: string;
  /** Extra keyword arguments passed to the view (Django's `kwargs`). */
  kwargs?: Record<string, unknown>;
}

/**
 * Mounts another URLconf under a prefix (Django's `include`): a patterns array, a module
 * (`import * as pollsUrls from "./polls/urls.ts"`, whose `appName` becomes the app
 * namespace), or `[patterns, appName]`. `namespace` names this instance (default: the app
 * namespace); a namespace without an app name is refused, as in Django.
 *
 * @example
 * path("polls/", include(pollsUrls));                          // polls:index
 * path("polls-2/", include(pollsUrls, { namespace: "polls2" })); // polls2:index
 * path("api/", include([[path("ping/", ping, { name: "ping" })], "api"]));
 */
export function include(
  target: URLConf | readonly [URLConf, string],
  options: { namespace?: string } = {},
): IncludeTarget {
  let urlconf: URLConf;
  let appName: string | undefined;
  if (Array.isArray(target) && target.length === 2 && typeof target[1] === "string") {
    const [conf, name] = target as unknown as readonly [URLConf, string];
    urlconf = conf;
    appName = name;
  } else {
    urlconf = target as URLConf;
    appName = Array.isArray(urlconf) ? undefined : (urlconf as URLConfModule).appName;
  }
  if (!Array.isArray(urlconf) && !Array.isArray((urlconf as URLConfModule).urlpatterns)) {
    throw new ImproperlyConfigured(
      "include() needs an array of path() entries, a module exporting `urlpatterns`, or [patterns, appName]",
    );
  }
  if (options.namespace !== undefined && appName === undefined) {
    throw new ImproperlyConfigured(
      "Specifying a namespace in include() without providing an appName is not supported. " +
        "Export `appName` from the included module or pass [patterns, appName].",
    );
  }
  return { [INCLUDE]: true, urlconf, appName, namespace: options.namespace ?? appName };
}

function isInclude(value: unknown): value is IncludeTarget {
  return typeof value === "object" && value !== null && INCLUDE in value;
}

function normalizeOptions(options: PathOptions | string | undefined): PathOptions {
  return typeof options === "string" ? { name: options } : (options ?? {});
}

function makeEntry(
  makePattern: (isEndpoint: boolean) => Pattern,
  view: ViewFunction | IncludeTarget,
  options: PathOptions | string | undefined,
): URLPattern | URLResolver {
  const { name, kwargs = {} } = normalizeOptions(options);
  if (isInclude(view)) {
    return new URLResolver(makePattern(false), view.urlconf, kwargs, view.appName, view.namespace);
  }
  if (typeof view !== "function") {
    throw new TypeError(
      "view must be a function (a view, or View.asView()) or the result of include()",
    );
  }
  return new URLPattern(makePattern(true), view, kwargs, name);
}

/**
 * A URL pattern in Django's route syntax: `"polls/<int:questionId>/"` with converters `str`
 * (default), `int`, `slug`, `uuid`, `path` and registered ones. No leading slash, as in
 * Django. The third argument is the name, or `{ name, kwargs }`.
 *
 * @example
 * export const urlpatterns = [
 *   path("", views.index, { name: "index" }),
 *   path("<int:questionId>/", views.detail, "detail"),
 *   path("polls/", include(pollsUrls)),
 * ];
 */
export function path(
  route: string,
  view: ViewFunction | IncludeTarget,
  options?: PathOptions | string,
): URLPattern | URLResolver {
  if (typeof route !== "string") throw new TypeError("path() route must be a string");
  return makeEntry((isEndpoint) => new RoutePattern(route, isEndpoint), view, options);
}

/**
 * A URL pattern as a regular expression (Django's `re_path`): named groups (`(?<year>…)` or
 * Python's `(?P<year>…)`) become keyword arguments as strings.
 *
 * @example
 * rePath("^archive/(?P<year>[0-9]{4})/$", views.yearArchive, { name: "archive" });
 */
export function rePath(
  regex: string,
  view: ViewFunction | IncludeTarget,
  options?: PathOptions | string,
): URLPattern | URLResolver {
  return makeEntry((isEndpoint) => new RegexPattern(regex, isEndpoint), view, options);
}
