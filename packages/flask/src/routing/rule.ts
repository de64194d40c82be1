// A URL rule: its pattern, endpoint, methods and defaults; compiled when added to a UrlMap.
import { parseConverterArgs, type ConverterArgs } from "./converter-args.ts";
import type { BaseConverter } from "./converters.ts";
import { RuleSyntaxError, ValidationError } from "./errors.ts";
import type { MapAdapter } from "./adapter.ts";
import type { UrlMap } from "./map.ts";
import { encodeQuery, PATH_SAFE, quote } from "./quote.ts";
import { compileParts, tokenizeRule, type RulePart, type RuleToken } from "./rule-parser.ts";

/**
 * A redirect target: a URL that may use the rule's `<name>` values, or a function of the adapter
 * and the matched values (Werkzeug's callable `redirect_to`).
 *
 * @example
 * const target: RedirectTarget = (adapter, values) => adapter.build("post", { id: values.id });
 */
export type RedirectTarget =
  string | ((adapter: MapAdapter, values: Record<string, unknown>) => string);

/**
 * Options of `new Rule(rule, options)`.
 *
 * @example
 * new Rule("/users/", { endpoint: "users", defaults: { page: 1 }, methods: ["GET"] });
 */
export interface RuleOptions {
  /** Name used by `build`/`urlFor`; defaults to the rule string. */
  endpoint?: string;
  /** Allowed methods (any case); HEAD is added when GET is present. Omitted = every method. */
  methods?: Iterable<string>;
  /** Values given to the view that the URL does not carry; also used when building. */
  defaults?: Record<string, unknown>;
  /** Redirect the slashless URL of a rule ending in "/" (default: the map's, true). */
  strictSlashes?: boolean;
  /** Redirect URLs with repeated slashes to the merged URL (default: the map's, true). */
  mergeSlashes?: boolean;
  /** Redirect matches elsewhere: a URL (may use `<name>` of the rule) or a function. */
  redirectTo?: RedirectTarget;
  /** Only for building URLs, never matched. */
  buildOnly?: boolean;
}

/**
 * One URL rule. Parse errors surface here; converters are created when the rule is added to a
 * map (`map.add(rule)`), because the map holds the converter classes.
 *
 * `arguments` holds the rule's variable names plus the keys of `defaults` (as in Werkzeug).
 *
 * @example
 * const rule = new Rule("/post/<int:id>/edit", { endpoint: "edit", methods: ["GET", "POST"] });
 * rule.methods; // Set { "GET", "POST", "HEAD" }
 * rule.arguments; // Set { "id" }
 */
export class Rule {
  readonly rule: string;
  readonly endpoint: string;
  readonly methods: Set<string> | undefined;
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
  readonly arguments: Set<string>;
  readonly redirectTo: RedirectTarget | undefined;
  readonly buildOnly: boolean;
  /** True when the rule ends in "/" (a "branch" in Werkzeug's words). */
  readonly isBranch: boolean;
  readonly #strictSlashes: boolean | undefined;
  readonly #mergeSlashes: boolean | undefined;
  readonly #variables: string[];
  #map: UrlMap | undefined;
  #converters = new Map<string, BaseConverter>();
  #tokens: RuleToken[] = [];
  #parts: RulePart[] = [];

  constructor(rule: string, options: RuleOptions = {}) {
    if (typeof rule !== "string" || !rule.startsWith("/")) {
      throw new RuleSyntaxError(`URL rule "${String(rule)}" must start with a slash.`);
    }
    this.rule = rule;
    this.endpoint = options.endpoint ?? rule;
    if (options.methods !== undefined) {
      if (typeof options.methods === "string")
        throw new RuleSyntaxError(
          `Rule "${rule}": methods must be a list, not the string "${options.methods}".`,
        );
      const methods = new Set([...options.methods].map((method) => method.toUpperCase()));
      if (methods.size === 0)
        throw new RuleSyntaxError(`Rule "${rule}": methods must not be empty.`);
      if (methods.has("GET")) methods.add("HEAD");
      this.methods = methods;
    }
    this.defaults = options.defaults ? { ...options.defaults } : undefined;
    this.redirectTo = options.redirectTo;
    this.buildOnly = options.buildOnly ?? false;
    this.isBranch = rule.endsWith("/");
    this.#strictSlashes = options.strictSlashes;
    this.#mergeSlashes = options.mergeSlashes;
    this.#variables = [];
    for (const token of tokenizeRule(rule)) {
      if (token.kind !== "variable") continue;
      if (this.#variables.includes(token.name))
        throw new RuleSyntaxError(`Rule "${rule}" uses the variable "${token.name}" twice.`);
      this.#variables.push(token.name);
    }
    this.arguments = new Set([...Object.keys(this.defaults ?? {}), ...this.#variables]);
  }

  /** The map this rule was added to (undefined before `map.add`). */
  get map(): UrlMap | undefined {
    return this.#map;
  }

  /** Whether the slashless URL of a branch rule redirects (else it matches directly). */
  get strictSlashes(): boolean {
    return this.#strictSlashes ?? this.#map?.strictSlashes ?? true;
  }

  /** Whether URLs with repeated slashes redirect to this rule's merged URL. */
  get mergeSlashes(): boolean {
    return this.#mergeSlashes ?? this.#map?.mergeSlashes ?? true;
  }

  /** The converter of each variable, in rule order (filled by `map.add`). */
  get converters(): ReadonlyMap<string, BaseConverter> {
    return this.#converters;
  }

  /** The variable names in the order they appear in the rule. */
  get variables(): readonly string[] {
    return this.#variables;
  }

  /**
   * Compiles the rule for `map`. Called by `UrlMap.add`; a rule belongs to one map only.
   * @internal
   */
  bind(map: UrlMap): void {
    if (this.#map !== undefined)
      throw new RuleSyntaxError(`Rule "${this.rule}" is already added to a map.`);
    const source = this.mergeSlashesWith(map) ? this.rule.replace(/\/{2,}/g, "/") : this.rule;
    const tokens = tokenizeRule(source);
    const converters = new Map<string, BaseConverter>();
    for (const token of tokens) {
      if (token.kind !== "variable") continue;
      const Converter = map.converters[token.converter];
      if (Converter === undefined) {
        throw new RuleSyntaxError(
          `Rule "${this.rule}": unknown converter "${token.converter}" (known: ${Object.keys(map.converters).join(", ")}).`,
        );
      }
      const construct = Converter as unknown as new (
        map: UrlMap,
        ...args: ConverterArgs
      ) => BaseConverter;
      try {
        const { args, kwargs } = parseConverterArgs(token.args);
        const converterArgs = Object.keys(kwargs).length > 0 ? [...args, kwargs] : args;
        converters.set(token.name, new construct(map, ...converterArgs));
      } catch (error) {
        // Name the rule: "min must be a number" alone does not say where to look.
        if (error instanceof RuleSyntaxError) {
          throw new RuleSyntaxError(
            `Rule "${this.rule}", variable "${token.name}": ${error.message}`,
          );
        }
        throw error;
      }
    }
    this.#parts = compileParts(tokens, converters, this.rule);
    this.#tokens = tokens;
    this.#converters = converters;
    this.#map = map;
  }

  private mergeSlashesWith(map: UrlMap): boolean {
    return this.#mergeSlashes ?? map.mergeSlashes;
  }

  /** @internal The state-machine transitions (after `bind`). */
  get parts(): readonly RulePart[] {
    return this.#parts;
  }

  /**
   * The URL pattern as `map` would compile it, with variable names erased, so "/u/<int:id>"
   * and "/u/<int:pk>" compare equal; used to reject duplicates.
   * @internal
   */
  signatureFor(map: UrlMap): string {
    const { converters } = map;
    const source = this.mergeSlashesWith(map) ? this.rule.replace(/\/{2,}/g, "/") : this.rule;
    return tokenizeRule(source)
      .map((token) => {
        if (token.kind === "slash") return "/";
        if (token.kind === "static") return token.text.replace(/[<>\\]/g, "\\$&");
        const name =
          token.converter === "default" && converters.default === converters.string
            ? "string"
            : token.converter;
        const { args, kwargs } = parseConverterArgs(token.args);
        return `<${name}${JSON.stringify([args, kwargs])}>`;
      })
      .join("");
  }

  /**
   * Turns the raw matched texts (in rule order) into values through the converters and adds
   * the defaults. Throws ValidationError when a converter rejects its text.
   * @internal
   */
  convert(texts: readonly string[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    this.#variables.forEach((name, index) => {
      values[name] = (this.#converters.get(name) as BaseConverter).toValue(texts[index] ?? "");
    });
    return this.defaults ? { ...values, ...this.defaults } : values;
  }

  /**
   * Whether this rule can build a URL from `values` (Werkzeug's `suitable_for`): the method
   * fits, every argument has a value or a default, and given values equal the defaults.
   *
   * @example
   * new Rule("/u/<id>", { endpoint: "u" }).suitableFor({ id: 1 }); // true
   */
  suitableFor(values: Readonly<Record<string, unknown>>, method?: string): boolean {
    if (method !== undefined && this.methods !== undefined && !this.methods.has(method))
      return false;
    const defaults = this.defaults ?? {};
    for (const name of this.arguments) {
      if (!Object.hasOwn(defaults, name) && !Object.hasOwn(values, name)) return false;
    }
    for (const [name, value] of Object.entries(defaults)) {
      if (Object.hasOwn(values, name) && !sameValue(values[name], value)) return false;
    }
    return true;
  }

  /**
   * Builds the percent-encoded path (and the query string of the values that are not
   * arguments) of this bound rule. Throws ValidationError when a converter rejects a value.
   *
   * @example
   * rule.build({ id: 7, q: "a b" }); // "/post/7?q=a+b"
   */
  build(values: Readonly<Record<string, unknown>>, appendUnknown = true): string {
    const defaults = this.defaults ?? {};
    let path = "";
    for (const token of this.#tokens) {
      if (token.kind === "slash") path += "/";
      else if (token.kind === "static") path += quote(token.text, PATH_SAFE);
      else {
        const value = Object.hasOwn(defaults, token.name)
          ? defaults[token.name]
          : values[token.name];
        if (value === undefined) throw new ValidationError(`Missing value for "${token.name}".`);
        path += (this.#converters.get(token.name) as BaseConverter).toUrl(value);
      }
    }
    if (!appendUnknown) return path;
    const query = encodeQuery(Object.entries(values).filter(([name]) => !this.arguments.has(name)));
    return query ? `${path}?${query}` : path;
  }

  /**
   * Whether this rule only spells out defaults for `other` (same endpoint and arguments), so a
   * URL matching `other` with those values redirects here.
   * @internal
   */
  providesDefaultsFor(other: Rule): boolean {
    return (
      !this.buildOnly &&
      this.defaults !== undefined &&
      Object.keys(this.defaults).length > 0 &&
      this.endpoint === other.endpoint &&
      this !== other &&
      this.arguments.size === other.arguments.size &&
      [...this.arguments].every((name) => other.arguments.has(name))
    );
  }

  /** Short description for messages and logs. */
  toString(): string {
    const methods = this.methods ? ` (${[...this.methods].sort().join(", ")})` : "";
    return `${this.rule}${methods} -> ${this.endpoint}`;
  }
}

/** Equality as Python's `==` would see it for URL values: numbers and their text differ. */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
