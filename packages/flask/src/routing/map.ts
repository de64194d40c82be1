// The collection of rules: registration (with duplicate detection), converters, and binding to
// one request's host and path to get a MapAdapter.
import type { Environ } from "@tsgi/core";
import { MapAdapter, type BindOptions } from "./adapter.ts";
import { DEFAULT_CONVERTERS, type ConverterClass } from "./converters.ts";
import { DuplicateRuleError } from "./errors.ts";
import { StateMachineMatcher } from "./matcher.ts";
import type { Rule } from "./rule.ts";

/**
 * Options of `new UrlMap(options)`.
 *
 * @example
 * const map = new UrlMap({ strictSlashes: true, converters: { list: ListConverter } });
 */
export interface UrlMapOptions {
  /** Extra converters by name (they replace built-ins of the same name). */
  converters?: Record<string, ConverterClass>;
  /** Default for rules: redirect the slashless URL of a rule ending in "/" (default true). */
  strictSlashes?: boolean;
  /** Default for rules: redirect URLs with repeated slashes (default true). */
  mergeSlashes?: boolean;
  /** Redirect a URL that spells out a rule's defaults to the shorter rule (default true). */
  redirectDefaults?: boolean;
  /** Rules to add right away. */
  rules?: Iterable<Rule>;
}

function overlapping(a: Rule, b: Rule): Set<string> | "any" | undefined {
  if (a.methods === undefined && b.methods === undefined) return "any";
  if (a.methods === undefined) return b.methods;
  if (b.methods === undefined) return a.methods;
  const common = new Set([...a.methods].filter((method) => b.methods?.has(method)));
  return common.size > 0 ? common : undefined;
}

/**
 * Werkzeug's `Map`: holds the rules and converters. Matching order does not depend on the
 * order of `add` calls (see README.md, "Ordering").
 *
 * @example
 * const map = new UrlMap();
 * map.add(new Rule("/", { endpoint: "index" }));
 * map.add(new Rule("/post/<int:id>", { endpoint: "post", methods: ["GET"] }));
 * map.bind({ serverName: "example.com" }).match("/post/3"); // { endpoint: "post", values: { id: 3 }, … }
 */
export class UrlMap {
  readonly converters: Readonly<Record<string, ConverterClass>>;
  readonly strictSlashes: boolean;
  readonly mergeSlashes: boolean;
  readonly redirectDefaults: boolean;
  readonly #rules: Rule[] = [];
  readonly #byEndpoint = new Map<string, Rule[]>();
  readonly #bySignature = new Map<string, Rule[]>();
  /** @internal */
  readonly matcher = new StateMachineMatcher();

  constructor(options: UrlMapOptions = {}) {
    this.converters = Object.freeze({ ...DEFAULT_CONVERTERS, ...options.converters });
    this.strictSlashes = options.strictSlashes ?? true;
    this.mergeSlashes = options.mergeSlashes ?? true;
    this.redirectDefaults = options.redirectDefaults ?? true;
    for (const rule of options.rules ?? []) this.add(rule);
  }

  /**
   * Adds a rule. Throws DuplicateRuleError (`FLASK_E_DUPLICATE_RULE`) when a rule with the same
   * pattern (variable names aside) and overlapping methods exists (build-only rules are
   * exempt: they never match), RuleSyntaxError
   * (`FLASK_E_BAD_RULE`) for unknown converters or bad converter arguments.
   *
   * @example
   * map.add(new Rule("/login", { endpoint: "login", methods: ["GET", "POST"] }));
   */
  add(rule: Rule): void {
    // Build-only rules never match, so they cannot shadow anything (flaskr's
    // `app.add_url_rule("/", endpoint="index")` next to "blog.index" at "/" is one).
    const signature = rule.buildOnly ? undefined : rule.signatureFor(this);
    for (const existing of signature === undefined
      ? []
      : (this.#bySignature.get(signature) ?? [])) {
      const common = overlapping(existing, rule);
      if (common === undefined) continue;
      const methods =
        common === "any" ? "every method" : `methods ${[...common].sort().join(", ")}`;
      throw new DuplicateRuleError(
        rule.rule,
        rule.endpoint,
        existing.rule,
        existing.endpoint,
        methods,
      );
    }
    // Compile before registering anything, so a rule that fails leaves the map unchanged.
    rule.bind(this);
    if (signature !== undefined) {
      this.#bySignature.set(signature, [...(this.#bySignature.get(signature) ?? []), rule]);
    }
    this.#rules.push(rule);
    const sameEndpoint = [...(this.#byEndpoint.get(rule.endpoint) ?? []), rule];
    // Build order (Werkzeug's build_compare_key): rules with more arguments, then more
    // defaults, first; the sort is stable, so ties keep registration order.
    sameEndpoint.sort(
      (a, b) =>
        b.arguments.size - a.arguments.size ||
        Object.keys(b.defaults ?? {}).length - Object.keys(a.defaults ?? {}).length,
    );
    this.#byEndpoint.set(rule.endpoint, sameEndpoint);
    this.matcher.add(rule);
  }

  /**
   * The rules in registration order, or those of one endpoint in build order (empty when the
   * endpoint is unknown).
   *
   * @example
   * map.iterRules("static").map((rule) => rule.rule); // ["/static/<path:filename>"]
   */
  iterRules(endpoint?: string): Rule[] {
    return endpoint === undefined ? [...this.#rules] : [...(this.#byEndpoint.get(endpoint) ?? [])];
  }

  /** Every endpoint name, in first-registration order. */
  get endpoints(): string[] {
    return [...this.#byEndpoint.keys()];
  }

  /**
   * Binds the map to one host (and optionally one request) for matching and building.
   *
   * @example
   * const adapter = map.bind({ serverName: "localhost:8000", scriptName: "/app" });
   * adapter.build("post", { id: 3 }); // "/app/post/3"
   */
  bind(options: BindOptions): MapAdapter {
    return new MapAdapter(this, options);
  }

  /**
   * Binds the map to a TSGI request: host from `HTTP_HOST` (else `SERVER_NAME` and a
   * non-default `SERVER_PORT`), `SCRIPT_NAME`, `PATH_INFO`, `REQUEST_METHOD`, `QUERY_STRING`
   * and `tsgi.url_scheme`.
   *
   * @example
   * const adapter = map.bindToEnviron(environ);
   * const { endpoint, values } = adapter.match();
   */
  bindToEnviron(environ: Environ, options: { serverName?: string } = {}): MapAdapter {
    const scheme = environ["tsgi.url_scheme"] ?? "http";
    const host = environ.HTTP_HOST;
    let serverName =
      options.serverName ?? (typeof host === "string" && host !== "" ? host : undefined);
    if (serverName === undefined) {
      const port = environ.SERVER_PORT;
      const defaultPort = scheme === "https" ? "443" : "80";
      // An IPv6 literal needs brackets before a port can follow it.
      const name =
        environ.SERVER_NAME.includes(":") && !environ.SERVER_NAME.startsWith("[")
          ? `[${environ.SERVER_NAME}]`
          : environ.SERVER_NAME;
      serverName = port && port !== defaultPort ? `${name}:${port}` : name;
    }
    return this.bind({
      serverName: serverName ?? "localhost",
      scriptName: environ.SCRIPT_NAME ?? "",
      urlScheme: scheme,
      pathInfo: environ.PATH_INFO ?? "",
      method: environ.REQUEST_METHOD ?? "GET",
      queryString: environ.QUERY_STRING ?? "",
    });
  }
}
