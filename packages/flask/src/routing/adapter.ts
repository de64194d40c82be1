// A map bound to one host and request: matching (404 / 405 / 308 outcomes) and URL building.
import {
  BuildError,
  MethodNotAllowed,
  NotFound,
  RequestRedirect,
  RoutingError,
  ValidationError,
} from "./errors.ts";
import type { UrlMap } from "./map.ts";
import { FRAGMENT_SAFE, PATH_SAFE, quote } from "./quote.ts";
import type { Rule } from "./rule.ts";
import { suggestNames } from "./suggest.ts";

/**
 * Options of `map.bind(options)`.
 *
 * @example
 * const options: BindOptions = { serverName: "localhost:8000", scriptName: "/app", method: "GET" };
 */
export interface BindOptions {
  /** `host[:port]` used for external URLs and redirects. */
  serverName: string;
  /** Where the app is mounted, decoded as TSGI's SCRIPT_NAME ("" at the root). */
  scriptName?: string;
  /** "http" (default) or "https". */
  urlScheme?: string;
  /** The decoded path to match by default (TSGI's PATH_INFO). */
  pathInfo?: string;
  /** The request method: the default for `match` and the method `build` tries first. */
  method?: string;
  /** The raw query string, kept on redirects. */
  queryString?: string;
}

/**
 * What `match` returns. `values` holds converted URL values plus the rule's defaults.
 *
 * @example
 * const { endpoint, values }: RouteMatch = adapter.match("/post/3"); // "post", { id: 3 }
 */
export interface RouteMatch {
  rule: Rule;
  endpoint: string;
  values: Record<string, unknown>;
}

/**
 * Options of `adapter.build(endpoint, values, options)`.
 *
 * @example
 * const options: BuildOptions = { forceExternal: true, anchor: "comments" };
 */
export interface BuildOptions {
  /** Only rules allowing this method qualify (default: the bound method first, then any). */
  method?: string;
  /** Return `scheme://serverName/scriptName/path` instead of a host-relative path. */
  forceExternal?: boolean;
  /** Fragment to append (`#anchor`), percent-encoded. */
  anchor?: string;
  /** Scheme for external URLs (default: the bound one). */
  urlScheme?: string;
  /** Put values that are not rule arguments in the query string (default true). */
  appendUnknown?: boolean;
}

/**
 * A UrlMap bound to a host and (optionally) a request, from `map.bind()` or
 * `map.bindToEnviron()`.
 *
 * @example
 * const adapter = map.bind({ serverName: "example.com", pathInfo: "/post/3", method: "GET" });
 * const { endpoint, values } = adapter.match(); // "post", { id: 3 }
 * adapter.build("post", { id: 4, ref: "home" }); // "/post/4?ref=home"
 */
export class MapAdapter {
  readonly map: UrlMap;
  readonly serverName: string;
  /** SCRIPT_NAME without a trailing slash ("" at the root). */
  readonly scriptName: string;
  readonly urlScheme: string;
  readonly pathInfo: string;
  readonly defaultMethod: string;
  readonly queryString: string;

  constructor(map: UrlMap, options: BindOptions) {
    this.map = map;
    this.serverName = options.serverName;
    this.scriptName = (options.scriptName ?? "").replace(/\/+$/, "");
    this.urlScheme = options.urlScheme ?? "http";
    this.pathInfo = options.pathInfo ?? "/";
    this.defaultMethod = (options.method ?? "GET").toUpperCase();
    this.queryString = options.queryString ?? "";
  }

  /**
   * Finds the rule for a (decoded) path and method. Throws NotFound (404),
   * MethodNotAllowed (405, `.validMethods`) or RequestRedirect (308, `.newUrl`).
   *
   * @example
   * adapter.match("/post/3", "GET"); // { rule, endpoint: "post", values: { id: 3 } }
   */
  match(pathInfo?: string, method?: string): RouteMatch {
    const requestMethod = (method ?? this.defaultMethod).toUpperCase();
    const raw = pathInfo ?? this.pathInfo;
    // Leading slashes collapse to one, as Werkzeug does; "" stays "" (the app root, no slash).
    const path = raw ? `/${raw.replace(/^\/+/, "")}` : "";
    const haveMatchFor = new Set<string>();
    const matcher = this.map.matcher;
    let outcome = matcher.match(path, requestMethod, haveMatchFor);
    if (outcome.kind === "slash") throw new RequestRedirect(this.#redirectToPath(outcome.path));
    if (outcome.kind === "none" && this.map.mergeSlashes && /\/{2,}/.test(path)) {
      const merged = path.replace(/\/{2,}/g, "/");
      outcome = matcher.match(merged, requestMethod, haveMatchFor);
      if (outcome.kind === "slash") throw new RequestRedirect(this.#redirectToPath(outcome.path));
      if (outcome.kind === "match" && outcome.rule.mergeSlashes)
        throw new RequestRedirect(this.#redirectToPath(merged));
      outcome = { kind: "none" };
    }
    if (outcome.kind !== "match") {
      if (haveMatchFor.size > 0) throw new MethodNotAllowed(haveMatchFor);
      throw new NotFound();
    }
    const { rule, values } = outcome;
    if (this.map.redirectDefaults) {
      const target = this.#defaultRedirect(rule, requestMethod, values);
      if (target !== undefined) throw new RequestRedirect(target);
    }
    if (rule.redirectTo !== undefined) throw new RequestRedirect(this.#redirectTo(rule, values));
    return { rule, endpoint: rule.endpoint, values };
  }

  /**
   * The methods some rule allows for this path (sorted, for `Allow`); empty when the path
   * matches no rule, redirects, or matches a rule that allows every method.
   *
   * @example
   * adapter.allowedMethods("/login"); // ["GET", "HEAD", "OPTIONS", "POST"]
   */
  allowedMethods(pathInfo?: string): string[] {
    try {
      // "--" is no real method, so every rule that matches the path reports its methods.
      this.match(pathInfo, "--");
    } catch (error) {
      if (error instanceof MethodNotAllowed) return error.validMethods;
      if (!(error instanceof RoutingError)) throw error;
    }
    return [];
  }

  /**
   * Builds the URL of an endpoint: the rule whose arguments the values fit (more arguments
   * first), values percent-encoded, other values in the query string (arrays repeat the key,
   * null/undefined are dropped). Throws BuildError naming the endpoint and missing values.
   *
   * @example
   * adapter.build("post", { id: 3 }); // "/post/3"
   * adapter.build("post", { id: 3 }, { forceExternal: true, anchor: "comments" }); // "http://example.com/post/3#comments"
   */
  build(
    endpoint: string,
    values: Record<string, unknown> = {},
    options: BuildOptions = {},
  ): string {
    const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value != null));
    const method = options.method?.toUpperCase();
    const appendUnknown = options.appendUnknown ?? true;
    const rejections: string[] = [];
    let path =
      method === undefined
        ? this.#buildWith(endpoint, given, this.defaultMethod, appendUnknown, rejections)
        : undefined;
    path ??= this.#buildWith(endpoint, given, method, appendUnknown, rejections);
    if (path === undefined) throw this.#buildError(endpoint, given, method, rejections);
    const relative = `${quote(this.scriptName, PATH_SAFE)}/${path.replace(/^\/+/, "")}`;
    const url = options.forceExternal
      ? `${options.urlScheme ?? this.urlScheme}://${this.serverName}${relative}`
      : relative;
    return options.anchor === undefined ? url : `${url}#${quote(options.anchor, FRAGMENT_SAFE)}`;
  }

  #buildWith(
    endpoint: string,
    values: Record<string, unknown>,
    method: string | undefined,
    appendUnknown: boolean,
    rejections: string[],
  ): string | undefined {
    for (const rule of this.map.iterRules(endpoint)) {
      if (!rule.suitableFor(values, method)) continue;
      try {
        return rule.build(values, appendUnknown);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        rejections.push(`${rule.rule}: ${error.message}`);
      }
    }
    return undefined;
  }

  #buildError(
    endpoint: string,
    values: Record<string, unknown>,
    method: string | undefined,
    rejections: string[],
  ): BuildError {
    const rules = this.map.iterRules(endpoint);
    const names = JSON.stringify(Object.keys(values).sort());
    let message = `Could not build url for endpoint "${endpoint}"`;
    let missing: string[] = [];
    let suggestions: string[] = [];
    if (rules.length === 0) {
      suggestions = suggestNames(endpoint, this.map.endpoints);
      message +=
        suggestions.length > 0
          ? `. Did you mean ${suggestions.map((name) => `"${name}"`).join(" or ")} instead?`
          : `: no such endpoint.`;
    } else {
      const fitting = rules.filter(
        (rule) => method === undefined || rule.methods === undefined || rule.methods.has(method),
      );
      if (fitting.length === 0) {
        const allowed = [...new Set(rules.flatMap((rule) => [...(rule.methods ?? [])]))].sort();
        message += ` for method ${method}: it allows ${allowed.join(", ")}.`;
      } else {
        const missingOf = (rule: Rule) =>
          [...rule.arguments]
            .filter(
              (name) => !Object.hasOwn(values, name) && !Object.hasOwn(rule.defaults ?? {}, name),
            )
            .sort();
        missing = fitting
          .map(missingOf)
          .reduce((best, next) => (next.length < best.length ? next : best));
        if (missing.length > 0) {
          message += ` with values ${names}. Did you forget to specify values ${JSON.stringify(missing)}?`;
        } else if (rejections.length > 0) {
          message += ` with values ${names}: ${rejections.join("; ")}`;
        } else {
          message += ` with values ${names}: they conflict with the rule defaults.`;
        }
      }
    }
    return new BuildError(message, { endpoint, values, method, missing, suggestions });
  }

  /** Werkzeug's make_redirect_url for a decoded path (PATH_INFO-like): encodes it first. */
  #redirectToPath(path: string): string {
    return this.#redirectUrl(quote(path, PATH_SAFE));
  }

  /** Absolute URL of an encoded path: script name kept, bound query string kept. */
  #redirectUrl(encodedPath: string): string {
    const query = this.queryString ? `?${this.queryString}` : "";
    return `${this.#root()}/${encodedPath.replace(/^\/+/, "")}${query}`;
  }

  /** `scheme://serverName/scriptName` without a trailing slash. */
  #root(): string {
    return `${this.urlScheme}://${this.serverName}${quote(this.scriptName, PATH_SAFE)}`;
  }

  /** A URL that only spells out another rule's defaults redirects to that shorter rule. */
  #defaultRedirect(
    rule: Rule,
    method: string,
    values: Record<string, unknown>,
  ): string | undefined {
    for (const other of this.map.iterRules(rule.endpoint)) {
      if (other === rule) break;
      if (!other.providesDefaultsFor(rule) || !other.suitableFor(values, method)) continue;
      try {
        return this.#redirectUrl(other.build({ ...values, ...other.defaults }, false));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
      }
    }
    return undefined;
  }

  #redirectTo(rule: Rule, values: Record<string, unknown>): string {
    const target = rule.redirectTo as NonNullable<Rule["redirectTo"]>;
    const url =
      typeof target === "function"
        ? target(this, values)
        : target.replace(/<([^>]+)>/g, (whole, name: string) => {
            const converter = rule.converters.get(name);
            return converter && Object.hasOwn(values, name) ? converter.toUrl(values[name]) : whole;
          });
    try {
      return new URL(url, `${this.#root()}/`).href;
    } catch {
      // A Host that URL cannot parse: join by hand rather than fail the request.
      return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${this.#root()}/${url.replace(/^\/+/, "")}`;
    }
  }
}
