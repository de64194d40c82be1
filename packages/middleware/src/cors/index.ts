import { addHeader, getAllHeaders, removeHeader, setHeader } from "@tsgi/core";
import type { App, Environ, HeaderList } from "@tsgi/core";
import { MiddlewareOptionError } from "../errors.ts";
import { listHasToken } from "../_internal/accept-encoding.ts";
import { requestHeader } from "../_internal/environ.ts";
import {
  booleanOption,
  checkApp,
  checkOptionsObject,
  integerOption,
  isToken,
} from "../_internal/options.ts";
import { respond } from "../_internal/respond.ts";

/** Which origins may read responses. */
export type CorsOrigin =
  "*" | string | readonly string[] | RegExp | ((origin: string, environ: Environ) => boolean);

/** Options of {@link cors}. */
export interface CorsOptions {
  /**
   * Allowed origins: `"*"` (default, any origin, no credentials), one origin
   * (`"https://app.example"`), a list, a RegExp tested against the Origin header, or a function.
   */
  origin?: CorsOrigin;
  /** Methods allowed in preflight (default GET, HEAD, PUT, PATCH, POST, DELETE). */
  methods?: readonly string[];
  /** Request headers allowed in preflight (default: whatever the preflight asks for). */
  allowedHeaders?: readonly string[];
  /** Response headers scripts may read (`Access-Control-Expose-Headers`). */
  exposedHeaders?: readonly string[];
  /** Allow cookies and HTTP auth (`Access-Control-Allow-Credentials: true`); not with `"*"`. */
  credentials?: boolean;
  /** Seconds a preflight answer may be cached (`Access-Control-Max-Age`). */
  maxAge?: number;
  /** Pass preflight requests on to the app instead of answering them (default false). */
  preflightContinue?: boolean;
  /** Status of a preflight answer (default 204; some old browsers want 200). */
  optionsSuccessStatus?: number;
}

const NAME = "cors";
const DEFAULT_METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"];

/**
 * Cross-Origin Resource Sharing. Answers preflight requests (`OPTIONS` with
 * `Access-Control-Request-Method`) itself, and adds `Access-Control-Allow-Origin` (and
 * credentials, exposed headers) to the app's responses for allowed origins. A specific origin
 * is echoed back with `Vary: Origin`, so caches keep one copy per origin. Disallowed origins
 * get no CORS headers, which is how a browser learns it may not read the response.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`), e.g. for `origin: "*"` together
 * with `credentials: true`, which browsers refuse.
 *
 * @example
 * import { cors } from "@tsgi/middleware/cors";
 * const api = cors(apiApp, {
 *   origin: ["https://app.example", "https://admin.example"],
 *   credentials: true,
 *   exposedHeaders: ["X-Request-Id"],
 * });
 */
export function cors(app: App, options: CorsOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const origin = options.origin ?? "*";
  const allows = originMatcher(origin);
  const credentials = booleanOption(NAME, "credentials", options.credentials, false);
  if (origin === "*" && credentials) {
    throw new MiddlewareOptionError(
      NAME,
      "credentials",
      'cannot be true with origin "*" (browsers refuse it); list the origins instead',
    );
  }
  const methods = tokenList("methods", options.methods) ?? DEFAULT_METHODS;
  const allowedHeaders = tokenList("allowedHeaders", options.allowedHeaders);
  const exposedHeaders = tokenList("exposedHeaders", options.exposedHeaders);
  const maxAge =
    options.maxAge === undefined ? undefined : integerOption(NAME, "maxAge", options.maxAge, 0);
  const preflightContinue = booleanOption(
    NAME,
    "preflightContinue",
    options.preflightContinue,
    false,
  );
  const successStatus = integerOption(
    NAME,
    "optionsSuccessStatus",
    options.optionsSuccessStatus,
    204,
    200,
  );
  if (successStatus > 299)
    throw new MiddlewareOptionError(NAME, "optionsSuccessStatus", "must be 2xx");
  const reflect = origin !== "*";

  /** The CORS headers for a request from `requestOrigin`, or none when it is not allowed. */
  const originHeaders = (requestOrigin: string | undefined, environ: Environ): HeaderList => {
    if (!reflect) return [["Access-Control-Allow-Origin", "*"]];
    if (requestOrigin === undefined || !allows(requestOrigin, environ)) return [];
    const headers: HeaderList = [["Access-Control-Allow-Origin", requestOrigin]];
    if (credentials) headers.push(["Access-Control-Allow-Credentials", "true"]);
    return headers;
  };

  return (environ, startResponse) => {
    const requestOrigin = requestHeader(environ, "origin");
    const preflightMethod = requestHeader(environ, "access-control-request-method");
    const isPreflight =
      environ.REQUEST_METHOD === "OPTIONS" &&
      requestOrigin !== undefined &&
      preflightMethod !== undefined;

    if (isPreflight && !preflightContinue) {
      const headers = originHeaders(requestOrigin, environ);
      if (headers.length > 0) {
        headers.push(["Access-Control-Allow-Methods", methods.join(", ")]);
        const asked = requestHeader(environ, "access-control-request-headers");
        const allowed = allowedHeaders?.join(", ") ?? asked;
        if (allowed !== undefined && allowed !== "")
          headers.push(["Access-Control-Allow-Headers", allowed]);
        if (maxAge !== undefined) headers.push(["Access-Control-Max-Age", String(maxAge)]);
      }
      // The answer depends on these request headers, so caches must key on them.
      headers.push([
        "Vary",
        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
      ]);
      return respond(startResponse, successStatus, headers, "");
    }

    return app(environ, (status, headers, excInfo) => {
      let out = headers;
      const added = originHeaders(requestOrigin, environ);
      for (const [name, value] of added) out = setHeader(out, name, value);
      if (added.length > 0 && exposedHeaders !== undefined && exposedHeaders.length > 0) {
        out = setHeader(out, "Access-Control-Expose-Headers", exposedHeaders.join(", "));
      }
      if (!added.length && reflect) {
        // Never let a disallowed origin see credentials the app may have allowed itself.
        out = removeHeader(out, "access-control-allow-credentials");
      }
      if (reflect && !listHasToken(getAllHeaders(out, "vary"), "origin")) {
        out = addHeader(out, "Vary", "Origin");
      }
      return startResponse(status, out, excInfo);
    });
  };
}

function originMatcher(origin: CorsOrigin): (requestOrigin: string, environ: Environ) => boolean {
  if (typeof origin === "function") return origin;
  if (origin instanceof RegExp) return (requestOrigin) => origin.test(requestOrigin);
  if (typeof origin === "string") {
    if (origin !== "*" && !/^https?:\/\/[^/\s]+$/.test(origin) && origin !== "null") {
      throw new MiddlewareOptionError(
        NAME,
        "origin",
        `must be "*" or an origin like "https://app.example", got ${origin}`,
      );
    }
    return (requestOrigin) => requestOrigin === origin;
  }
  if (Array.isArray(origin) && origin.every((item) => typeof item === "string")) {
    const allowed = new Set(origin);
    return (requestOrigin) => allowed.has(requestOrigin);
  }
  throw new MiddlewareOptionError(
    NAME,
    "origin",
    "must be a string, a list, a RegExp or a function",
  );
}

function tokenList(option: string, value: readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && isToken(item))) {
    throw new MiddlewareOptionError(NAME, option, "must be a list of header names or methods");
  }
  return [...value];
}
