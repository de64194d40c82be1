// Typed, coded routing errors. The app layer turns them into HTTP responses: each carries the
// status it stands for, so a caller can answer without a lookup table.

/**
 * Base class of every routing error: `.status` is the HTTP status it stands for (0 when it is a
 * programming error rather than a request outcome), `.code` a stable `FLASK_E_…` string.
 *
 * @example
 * try { adapter.match("/nope"); } catch (error) {
 *   if (error instanceof RoutingError) console.log(error.status, error.code); // 404 FLASK_E_NOT_FOUND
 * }
 */
export class RoutingError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }
}

/**
 * No rule matches the path (404).
 *
 * @example
 * assert.throws(() => adapter.match("/missing"), NotFound);
 */
export class NotFound extends RoutingError {
  constructor(message = "The requested URL was not found on the server.") {
    super(message, 404, "FLASK_E_NOT_FOUND");
  }
}

/**
 * A rule matches the path but not the method (405). `validMethods` is sorted and ready for the
 * `Allow` header.
 *
 * @example
 * try { adapter.match("/login", "DELETE"); } catch (error) {
 *   if (error instanceof MethodNotAllowed) headers.push(["Allow", error.validMethods.join(", ")]);
 * }
 */
export class MethodNotAllowed extends RoutingError {
  readonly validMethods: string[];

  constructor(validMethods: Iterable<string>) {
    const methods = [...new Set(validMethods)].sort();
    super(
      `The method is not allowed for the requested URL (allowed: ${methods.join(", ")}).`,
      405,
      "FLASK_E_METHOD_NOT_ALLOWED",
    );
    this.validMethods = methods;
  }
}

/**
 * The request should be repeated at `newUrl` (an absolute URL that keeps the query string):
 * a missing trailing slash, merged slashes, a rule's `redirectTo` or a URL that only spells out
 * a rule's defaults. Status 308 keeps the method and body.
 *
 * @example
 * try { adapter.match("/docs"); } catch (error) {
 *   if (error instanceof RequestRedirect) headers.push(["Location", error.newUrl]);
 * }
 */
export class RequestRedirect extends RoutingError {
  readonly newUrl: string;

  constructor(newUrl: string) {
    super(`Redirect to ${newUrl}`, 308, "FLASK_E_REQUEST_REDIRECT");
    this.newUrl = newUrl;
  }
}

/**
 * Thrown by a converter's `toValue` (the URL part does not fit: the rule does not match, the
 * matcher tries the next rule) or `toUrl` (the value does not fit: `build` tries the next rule).
 *
 * @example
 * class EvenConverter extends BaseConverter {
 *   override regex = "\\d+";
 *   override toValue(text: string) {
 *     const n = Number(text);
 *     if (n % 2) throw new ValidationError("odd");
 *     return n;
 *   }
 * }
 */
export class ValidationError extends RoutingError {
  constructor(message = "The value does not fit the converter.") {
    super(message, 0, "FLASK_E_ROUTING_VALIDATION");
  }
}

/**
 * A rule string that cannot be parsed, an unknown converter, or bad converter arguments.
 *
 * @example
 * assert.throws(() => new Rule("no-leading-slash"), RuleSyntaxError);
 */
export class RuleSyntaxError extends RoutingError {
  constructor(message: string) {
    super(message, 0, "FLASK_E_BAD_RULE");
  }
}

/**
 * `UrlMap.add` found a rule with the same URL pattern and overlapping methods; the message names
 * both endpoints.
 *
 * @example
 * map.add(new Rule("/a", { endpoint: "one" }));
 * assert.throws(() => map.add(new Rule("/a", { endpoint: "two" })), { code: "FLASK_E_DUPLICATE_RULE" });
 */
export class DuplicateRuleError extends RoutingError {
  readonly rule: string;
  readonly endpoint: string;
  readonly existingEndpoint: string;

  constructor(
    rule: string,
    endpoint: string,
    existingRule: string,
    existingEndpoint: string,
    methods: string,
  ) {
    super(
      `URL rule "${rule}" (endpoint "${endpoint}") duplicates rule "${existingRule}" ` +
        `(endpoint "${existingEndpoint}") for ${methods}; change the URL or the methods of one of them, or add the second with buildOnly: true if it only names a URL to build.`,
      0,
      "FLASK_E_DUPLICATE_RULE",
    );
    this.rule = rule;
    this.endpoint = endpoint;
    this.existingEndpoint = existingEndpoint;
  }
}

/**
 * `build` found no rule for the endpoint that fits the values and method. `missing` lists the
 * values the closest rule still needs; `suggestions` lists endpoint names that look alike.
 *
 * @example
 * try { adapter.build("user", {}); } catch (error) {
 *   if (error instanceof BuildError) console.log(error.endpoint, error.missing); // user ["id"]
 * }
 */
export class BuildError extends RoutingError {
  readonly endpoint: string;
  readonly values: Record<string, unknown>;
  readonly method: string | undefined;
  readonly missing: string[];
  readonly suggestions: string[];

  constructor(
    message: string,
    details: {
      endpoint: string;
      values: Record<string, unknown>;
      method: string | undefined;
      missing: string[];
      suggestions: string[];
    },
  ) {
    super(message, 0, "FLASK_E_BUILD");
    this.endpoint = details.endpoint;
    this.values = details.values;
    this.method = details.method;
    this.missing = details.missing;
    this.suggestions = details.suggestions;
  }
}
