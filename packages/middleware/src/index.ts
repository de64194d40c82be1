/**
 * `@tsgi/middleware`: middleware for any TSGI app — raw apps, Express and Fastify apps through
 * their adapters, the Flask- and Django-style frameworks, fetch handlers. Each is an
 * `(app, options) => app` in its own subpath (`@tsgi/middleware/compress`, …); stack them with
 * `compose` from `@tsgi/core` by partial application.
 *
 * @example
 * import { compose } from "@tsgi/core";
 * import { compress, errorPages, logger, securityHeaders, staticFiles } from "@tsgi/middleware";
 *
 * const app = compose(
 *   site,
 *   (inner) => logger(inner),
 *   (inner) => errorPages(inner, { debug: false }),
 *   (inner) => securityHeaders(inner),
 *   (inner) => compress(inner),
 *   (inner) => staticFiles(inner, { root: "./public", prefix: "/static" }),
 * );
 */
export {
  basicAuth,
  safeEqual,
  type BasicAuthOptions,
  type BasicAuthVerify,
} from "./basic-auth/index.ts";
export { bodyLimit, tooLarge, type BodyLimitOptions } from "./body-limit/index.ts";
export { compress, isCompressibleType, type CompressOptions } from "./compress/index.ts";
export { cors, type CorsOptions, type CorsOrigin } from "./cors/index.ts";
export { dispatcher, type DispatcherOptions } from "./dispatcher/index.ts";
export { errorPages, type ErrorPagesOptions } from "./error-pages/index.ts";
export { etag, type EtagOptions } from "./etag/index.ts";
export { DEFAULT_LOGGER_FORMAT, logger, type LoggerOptions } from "./logger/index.ts";
export {
  methodOverride,
  ORIGINAL_METHOD_KEY,
  type MethodOverrideOptions,
} from "./method-override/index.ts";
export {
  PROXY_FIX_ORIGINAL_KEY,
  proxyFix,
  proxyFixOriginal,
  type ProxyFixOptions,
  type ProxyFixOriginal,
} from "./proxy-fix/index.ts";
export {
  getRequestId,
  REQUEST_ID_KEY,
  requestId,
  type RequestIdOptions,
} from "./request-id/index.ts";
export {
  securityHeaders,
  type HeaderSetting,
  type SecurityHeadersOptions,
} from "./security-headers/index.ts";
export { staticFiles, type StaticFilesOptions } from "./static-files/index.ts";
export {
  MiddlewareError,
  MiddlewareErrorCodes,
  MiddlewareOptionError,
  type MiddlewareErrorCode,
} from "./errors.ts";
