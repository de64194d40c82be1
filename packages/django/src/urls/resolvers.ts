import { NoReverseMatch, Resolver404, type TriedRoute } from "./exceptions.ts";
import type { Pattern, ReversePiece } from "./patterns.ts";
import { ResolverMatch, type URLConf, type URLEntry, type ViewFunction } from "./types.ts";

/**
 * A view's URL pattern (what `path()` and `rePath()` return for a view).
 *
 * @example
 * const entry = path("<int:questionId>/", views.detail, { name: "detail" });
 * entry.name; // "detail"
 */
export class URLPattern {
  constructor(
    readonly pattern: Pattern,
    readonly callback: ViewFunction,
    readonly defaultKwargs: Readonly<Record<string, unknown>> = {},
    readonly name: string | undefined = undefined,
  ) {}

  /** The route as written, for lists of tried patterns. */
  describe(): string {
    return this.pattern.describe();
  }

  /** A match when the pattern matches the whole of `path`, else `null`. */
  resolve(path: string): ResolverMatch | null {
    const match = this.pattern.match(path);
    if (match === null) return null;
    // Extra kwargs given in the URLconf win over captured ones, as in Django.
    const kwargs = { ...match.kwargs, ...this.defaultKwargs };
    return new ResolverMatch(
      this.callback,
      match.args,
      kwargs,
      this.name,
      [],
      [],
      this.describe(),
      [this],
    );
  }
}

/** One way to build a URL for a name: the patterns from this resolver down, and defaults. */
interface Possibility {
  parts: Pattern[];
  defaults: Readonly<Record<string, unknown>>;
}

interface ReverseData {
  names: Map<string | ViewFunction, Possibility[]>;
  namespaces: Map<string, { prefix: Pattern[]; resolver: URLResolver }>;
  apps: Map<string, string[]>;
}

/**
 * A list of patterns under a prefix (what `path("polls/", include(...))` returns), and the
 * root URLconf itself. Patterns are tried in order; the first match wins.
 *
 * @example
 * const root = new URLResolver(new RegexPattern("^/", false), urlpatterns);
 * root.resolve("/polls/5/").kwargs; // { questionId: 5 }
 */
export class URLResolver {
  #reverseData: ReverseData | undefined;

  constructor(
    readonly pattern: Pattern,
    readonly urlconf: URLConf,
    readonly defaultKwargs: Readonly<Record<string, unknown>> = {},
    readonly appName: string | undefined = undefined,
    readonly namespace: string | undefined = undefined,
    /** The root URLconf's resolver: its "^/" is not part of routes. */
    readonly isRoot = false,
  ) {}

  /** The included patterns. */
  get urlPatterns(): readonly URLEntry[] {
    const conf = this.urlconf;
    const patterns = isPatternList(conf) ? conf : conf.urlpatterns;
    if (!Array.isArray(patterns)) {
      throw new TypeError(
        "a URLconf must be an array of path() entries or a module with urlpatterns",
      );
    }
    return patterns;
  }

  describe(): string {
    return this.pattern.describe();
  }

  /**
   * The view for `path`, or `Resolver404` listing every route that was tried.
   *
   * @example
   * root.resolve("/polls/").urlName; // "index"
   */
  resolve(path: string): ResolverMatch {
    const match = this.pattern.match(path);
    if (match === null) throw new Resolver404(path, []);
    const tried: TriedRoute[] = [];
    for (const entry of this.urlPatterns) {
      let sub: ResolverMatch | null;
      try {
        sub = entry.resolve(match.remaining);
      } catch (error) {
        if (!(error instanceof Resolver404)) throw error;
        if (error.tried.length === 0) tried.push([entry]);
        else for (const route of error.tried) tried.push([entry, ...route]);
        continue;
      }
      if (sub === null) {
        tried.push([entry]);
        continue;
      }
      const kwargs = { ...match.kwargs, ...this.defaultKwargs, ...sub.kwargs };
      const args = Object.keys(kwargs).length === 0 ? [...match.args, ...sub.args] : sub.args;
      return new ResolverMatch(
        sub.func,
        args,
        kwargs,
        sub.urlName,
        this.appName === undefined ? sub.appNames : [this.appName, ...sub.appNames],
        this.namespace === undefined ? sub.namespaces : [this.namespace, ...sub.namespaces],
        (this.isRoot ? "" : this.pattern.describe()) + sub.route,
        [this, ...sub.tried],
      );
    }
    throw new Resolver404(match.remaining, tried);
  }

  /** Names, namespaces and app namespaces reachable from here (built once). */
  get reverseData(): ReverseData {
    if (this.#reverseData !== undefined) return this.#reverseData;
    const data: ReverseData = { names: new Map(), namespaces: new Map(), apps: new Map() };
    const add = (key: string | ViewFunction, possibility: Possibility) => {
      const list = data.names.get(key);
      if (list === undefined) data.names.set(key, [possibility]);
      else list.push(possibility);
    };
    // Walked backwards, as Django does: for a name used twice, the last pattern wins, and
    // the first instance listed for an app namespace is the last one deployed.
    for (const entry of [...this.urlPatterns].reverse()) {
      if (entry instanceof URLPattern) {
        const possibility = { parts: [entry.pattern], defaults: entry.defaultKwargs };
        add(entry.callback, possibility);
        if (entry.name !== undefined) add(entry.name, possibility);
      } else if (entry.namespace !== undefined) {
        data.namespaces.set(entry.namespace, { prefix: [entry.pattern], resolver: entry });
        if (entry.appName !== undefined) {
          data.apps.set(entry.appName, [...(data.apps.get(entry.appName) ?? []), entry.namespace]);
        }
      } else {
        const sub = entry.reverseData;
        for (const [name, possibilities] of sub.names) {
          for (const possibility of possibilities) {
            add(name, {
              parts: [entry.pattern, ...possibility.parts],
              defaults: { ...entry.defaultKwargs, ...possibility.defaults },
            });
          }
        }
        for (const [namespace, found] of sub.namespaces) {
          data.namespaces.set(namespace, {
            prefix: [entry.pattern, ...found.prefix],
            resolver: found.resolver,
          });
        }
        for (const [app, instances] of sub.apps) {
          data.apps.set(app, [...(data.apps.get(app) ?? []), ...instances]);
        }
      }
    }
    this.#reverseData = data;
    return data;
  }

  /**
   * The URL for `view` (a name in this resolver or a view function) with `args` or `kwargs`,
   * below `prefix` (the script prefix plus any namespace prefix patterns).
   */
  reverseWithPrefix(
    view: string | ViewFunction,
    prefix: string,
    prefixParts: readonly Pattern[],
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
  ): string {
    if (args.length > 0 && Object.keys(kwargs).length > 0) {
      throw new TypeError("Don't mix args and kwargs in call to reverse()!");
    }
    const possibilities = this.reverseData.names.get(view) ?? [];
    for (const possibility of possibilities) {
      const parts = [...prefixParts, ...possibility.parts];
      const built = buildPath(parts, args, kwargs, possibility.defaults);
      if (built !== null) return escapeLeadingSlashes(quoteUrl(prefix + built));
    }
    const label = typeof view === "string" ? view : view.name || "<anonymous view>";
    if (possibilities.length === 0) {
      throw new NoReverseMatch(
        `Reverse for '${label}' not found. '${label}' is not a valid view function or pattern name.`,
      );
    }
    const tried = possibilities.map(
      (possibility) =>
        `'${[...prefixParts, ...possibility.parts].map((part) => part.describe()).join("")}'`,
    );
    const argText = args.length > 0 ? `arguments '${JSON.stringify(args)}'` : "";
    const kwargText =
      Object.keys(kwargs).length > 0 ? `keyword arguments '${JSON.stringify(kwargs)}'` : "";
    const withWhat = [argText, kwargText].filter(Boolean).join(" and ");
    throw new NoReverseMatch(
      `Reverse for '${label}'${withWhat ? ` with ${withWhat}` : " with no arguments"} not found. ` +
        `${possibilities.length} pattern(s) tried: [${tried.join(", ")}]`,
    );
  }
}

function isPatternList(conf: URLConf): conf is readonly URLEntry[] {
  return Array.isArray(conf);
}

function buildPath(
  parts: readonly Pattern[],
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  defaults: Readonly<Record<string, unknown>>,
): string | null {
  const pieces: ReversePiece[] = [];
  for (const part of parts) {
    const partPieces = part.reversePieces();
    if (partPieces === null) return null;
    pieces.push(...partPieces);
  }
  const params = pieces.filter((piece) => typeof piece !== "string");
  const values = new Map<ReversePiece, unknown>();
  if (args.length > 0) {
    if (args.length !== params.length) return null;
    params.forEach((param, index) => values.set(param, args[index]));
  } else {
    const names = new Set(params.map((param) => param.name));
    if ([...names].some((name) => typeof name === "number")) return null;
    const given = new Set(Object.keys(kwargs));
    for (const name of names) if (!given.has(name as string)) return null;
    for (const name of given) if (!names.has(name) && !(name in defaults)) return null;
    for (const [name, value] of Object.entries(defaults)) {
      if (name in kwargs && kwargs[name] !== value) return null;
    }
    for (const param of params) values.set(param, kwargs[param.name as string]);
  }
  let text = "";
  for (const piece of pieces) {
    if (typeof piece === "string") {
      text += piece;
      continue;
    }
    let value: string;
    try {
      const raw = values.get(piece);
      value = piece.converter === undefined ? String(raw) : piece.converter.toUrl(raw);
    } catch {
      return null;
    }
    if (!new RegExp(`^(?:${piece.regex})$`).test(value)) return null;
    text += value;
  }
  return text;
}

// RFC 3986 unreserved and sub-delims plus "/~:@" stay as they are, as Django's reverse quotes.
const URL_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=/:@]/;

function quoteUrl(text: string): string {
  let out = "";
  for (const char of text) {
    out += URL_SAFE.test(char)
      ? char
      : [...new TextEncoder().encode(char)]
          .map((byte) => "%" + byte.toString(16).toUpperCase().padStart(2, "0"))
          .join("");
  }
  return out;
}

/** "//evil.example" would be read as a host by browsers: keep it a path. */
function escapeLeadingSlashes(url: string): string {
  return url.startsWith("//") ? "/%2F" + url.slice(2) : url;
}
