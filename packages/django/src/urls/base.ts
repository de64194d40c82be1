import { AsyncLocalStorage } from "node:async_hooks";
import { getSettings } from "../conf/settings.ts";
import { ImproperlyConfigured } from "../core/exceptions.ts";
import { NoReverseMatch } from "./exceptions.ts";
import { RegexPattern, type Pattern } from "./patterns.ts";
import { URLResolver } from "./resolvers.ts";
import type { ResolverMatch, URLConf, ViewFunction } from "./types.ts";

interface UrlContext {
  urlconf: URLConf | undefined;
  scriptPrefix: string;
  currentApp: string | undefined;
}

const urlContext = new AsyncLocalStorage<UrlContext>();
const resolvers = new WeakMap<object, URLResolver>();

/**
 * Runs `fn` with a URLconf, script prefix and current app in force (the handler wraps each
 * request in it, with the mount prefix from SCRIPT_NAME or FORCE_SCRIPT_NAME).
 *
 * @example
 * withUrlContext({ scriptPrefix: "/shop/" }, () => reverse("cart")); // "/shop/cart/"
 */
export function withUrlContext<T>(context: Partial<UrlContext>, fn: () => T): T {
  const outer = urlContext.getStore();
  return urlContext.run(
    {
      urlconf: context.urlconf ?? outer?.urlconf,
      scriptPrefix: normalizePrefix(context.scriptPrefix ?? outer?.scriptPrefix ?? "/"),
      currentApp: context.currentApp ?? outer?.currentApp,
    },
    fn,
  );
}

function normalizePrefix(prefix: string): string {
  return prefix.endsWith("/") ? prefix : prefix + "/";
}

/**
 * The prefix every reversed URL starts with: SCRIPT_NAME of the current request (or
 * FORCE_SCRIPT_NAME) plus "/"; "/" outside a request.
 *
 * @example
 * getScriptPrefix(); // "/" (or "/polls-app/" when mounted there)
 */
export function getScriptPrefix(): string {
  const store = urlContext.getStore();
  if (store !== undefined) return store.scriptPrefix;
  try {
    const forced = getSettings().FORCE_SCRIPT_NAME;
    if (forced !== undefined) return normalizePrefix(forced);
  } catch {
    // Unconfigured: reverse() still works with an explicit urlconf.
  }
  return "/";
}

/**
 * The URLconf in force: the request's, else `settings.ROOT_URLCONF`.
 *
 * @example
 * resolve("/polls/", getUrlconf());
 */
export function getUrlconf(): URLConf {
  const conf = urlContext.getStore()?.urlconf ?? getSettings().ROOT_URLCONF;
  if (conf === undefined) {
    throw new ImproperlyConfigured("ROOT_URLCONF is not set: give the project's urlpatterns");
  }
  return conf;
}

/**
 * The root resolver for a URLconf (cached per URLconf object).
 *
 * @example
 * getResolver(urlpatterns).resolve("/polls/").urlName; // "index"
 */
export function getResolver(urlconf: URLConf = getUrlconf()): URLResolver {
  let resolver = resolvers.get(urlconf);
  if (resolver === undefined) {
    resolver = new URLResolver(
      new RegexPattern("^/", false),
      urlconf,
      {},
      undefined,
      undefined,
      true,
    );
    resolvers.set(urlconf, resolver);
  }
  return resolver;
}

/**
 * Finds the view for a path (PATH_INFO, with its leading slash); `Resolver404` if none.
 *
 * @example
 * const match = resolve("/polls/3/");
 * match.urlName; // "detail"
 * match.kwargs;  // { questionId: 3 }
 */
export function resolve(path: string, urlconf?: URLConf): ResolverMatch {
  return getResolver(urlconf).resolve(path);
}

/** Options of {@link reverse}. */
export interface ReverseOptions {
  /** Positional parameters, in order. */
  args?: readonly unknown[];
  /** Named parameters. */
  kwargs?: Readonly<Record<string, unknown>>;
  /** The instance namespace to prefer for an app namespace (`request.resolverMatch.namespace`). */
  currentApp?: string;
  /** A URLconf other than ROOT_URLCONF. */
  urlconf?: URLConf;
  /** Append `?query` (Django 5.2's `query`). */
  query?: Readonly<Record<string, string | number>>;
}

/**
 * The URL for a view name ("polls:detail"), with the script prefix, namespaces resolved as
 * Django does (app namespace → current instance, default instance, or last deployed);
 * `NoReverseMatch` listing the patterns tried when nothing fits.
 *
 * @example
 * reverse("polls:detail", { args: [5] });               // "/polls/5/"
 * reverse("polls:detail", { kwargs: { questionId: 5 } }); // "/polls/5/"
 */
export function reverse(viewName: string | ViewFunction, options: ReverseOptions = {}): string {
  let resolver = getResolver(options.urlconf);
  let view: string | ViewFunction = viewName;
  const prefixParts: Pattern[] = [];
  if (typeof viewName === "string") {
    const path = viewName.split(":");
    view = path.pop()!;
    const currentApp = options.currentApp ?? urlContext.getStore()?.currentApp;
    let currentPath = currentApp?.split(":");
    const resolvedPath: string[] = [];
    for (let namespace of path) {
      const currentNamespace = currentPath?.shift();
      const instances = resolver.reverseData.apps.get(namespace);
      if (instances !== undefined) {
        if (currentNamespace !== undefined && instances.includes(currentNamespace)) {
          namespace = currentNamespace;
        } else if (!instances.includes(namespace)) {
          namespace = instances[0]!;
        }
      }
      if (namespace !== currentNamespace) currentPath = undefined;
      const found = resolver.reverseData.namespaces.get(namespace);
      if (found === undefined) {
        throw new NoReverseMatch(
          resolvedPath.length > 0
            ? `'${namespace}' is not a registered namespace inside '${resolvedPath.join(":")}'`
            : `'${namespace}' is not a registered namespace`,
        );
      }
      resolvedPath.push(namespace);
      prefixParts.push(...found.prefix);
      resolver = found.resolver;
    }
  }
  const url = resolver.reverseWithPrefix(
    view,
    getScriptPrefix(),
    prefixParts,
    options.args ?? [],
    options.kwargs ?? {},
  );
  if (options.query === undefined) return url;
  const query = new URLSearchParams(
    Object.entries(options.query).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();
  return query === "" ? url : `${url}?${query}`;
}

/**
 * A URL reversed whenever it is used as a string (Django's `reverse_lazy`), for class
 * attributes and settings evaluated before the URLconf is loaded.
 *
 * @example
 * class Done extends RedirectView { url = reverseLazy("polls:index"); }
 * String(reverseLazy("polls:index")); // "/polls/"
 */
export function reverseLazy(
  viewName: string | ViewFunction,
  options: ReverseOptions = {},
): LazyUrl {
  return new LazyUrl(() => reverse(viewName, options));
}

/**
 * A string computed each time it is used (so it follows the request's script prefix); see
 * {@link reverseLazy}.
 *
 * @example
 * `${new LazyUrl(() => reverse("polls:index"))}`; // "/polls/"
 */
export class LazyUrl {
  #compute: () => string;
  constructor(compute: () => string) {
    this.#compute = compute;
  }
  toString(): string {
    return this.#compute();
  }
  valueOf(): string {
    return this.toString();
  }
  toJSON(): string {
    return this.toString();
  }
}
