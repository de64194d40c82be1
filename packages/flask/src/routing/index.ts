/**
 * Werkzeug-style routing as a sans-I/O unit: rules, converters, a map, and an adapter that
 * matches paths (404 / 405 / 308) and builds URLs.
 *
 * @example
 * import { Rule, UrlMap } from "./routing/index.ts";
 * const map = new UrlMap();
 * map.add(new Rule("/post/<int:id>", { endpoint: "post" }));
 * const adapter = map.bind({ serverName: "localhost" });
 * adapter.match("/post/1"); // { endpoint: "post", values: { id: 1 }, rule }
 * adapter.build("post", { id: 2 }); // "/post/2"
 */
export { MapAdapter, type BindOptions, type BuildOptions, type RouteMatch } from "./adapter.ts";
export {
  bindConverterArgs,
  parseConverterArgs,
  type ConverterArgs,
  type ConverterArgument,
  type ConverterKeywords,
} from "./converter-args.ts";
export {
  AnyConverter,
  BaseConverter,
  DEFAULT_CONVERTERS,
  FloatConverter,
  IntegerConverter,
  isPartIsolating,
  PathConverter,
  StringConverter,
  UUIDConverter,
  type ConverterClass,
} from "./converters.ts";
export {
  BuildError,
  DuplicateRuleError,
  MethodNotAllowed,
  NotFound,
  RequestRedirect,
  RoutingError,
  RuleSyntaxError,
  ValidationError,
} from "./errors.ts";
export { UrlMap, type UrlMapOptions } from "./map.ts";
export { encodeQuery, quote } from "./quote.ts";
export { Rule, type RedirectTarget, type RuleOptions } from "./rule.ts";
