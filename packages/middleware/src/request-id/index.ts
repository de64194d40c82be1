import { randomUUID } from "node:crypto";
import { setHeader } from "@tsgi/core";
import type { App, Environ } from "@tsgi/core";
import { MiddlewareOptionError } from "../errors.ts";
import { copyEnviron, environKey } from "../_internal/environ.ts";
import {
  booleanOption,
  checkApp,
  checkOptionsObject,
  functionOption,
  headerNameOption,
} from "../_internal/options.ts";

/** The environ key under which {@link requestId} stores the id (read it with {@link getRequestId}). */
export const REQUEST_ID_KEY = "middleware.request_id";

/** Options of {@link requestId}. */
export interface RequestIdOptions {
  /** Request and response header carrying the id (default `X-Request-Id`). */
  header?: string;
  /**
   * Keep an id the client (or a proxy in front) sent, when it is well formed: 1–200 characters
   * of `A-Z a-z 0-9 - _ . : + = / @` (default true). Set false when clients are not trusted.
   */
  trustIncoming?: boolean;
  /** Makes a new id (default `crypto.randomUUID`). Must return a well-formed id. */
  generate?: () => string;
}

const NAME = "requestId";
const WELL_FORMED = /^[A-Za-z0-9\-_.:+=/@]{1,200}$/;

/**
 * Gives every request an id: the incoming `X-Request-Id` if trusted and well formed, else a
 * new UUID. The inner app sees it in its request header (so Express' `req.get("x-request-id")`
 * and a Flask-style `request.headers` agree) and through {@link getRequestId}; the response
 * carries it back in the same header, unless the app set that header itself.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for a bad header name or generator.
 *
 * @example
 * import { requestId, getRequestId } from "@tsgi/middleware/request-id";
 * const app = requestId((environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode(`request ${getRequestId(environ)}`)];
 * });
 */
export function requestId(app: App, options: RequestIdOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const header = headerNameOption(NAME, "header", options.header, "X-Request-Id");
  const trustIncoming = booleanOption(NAME, "trustIncoming", options.trustIncoming, true);
  const generate = functionOption<() => string>(NAME, "generate", options.generate, randomUUID);
  const key = environKey(header);

  return (environ, startResponse) => {
    const incoming = environ[key];
    let id: string;
    if (trustIncoming && typeof incoming === "string" && WELL_FORMED.test(incoming)) id = incoming;
    else {
      id = generate();
      if (typeof id !== "string" || !WELL_FORMED.test(id)) {
        throw new MiddlewareOptionError(NAME, "generate", `returned a malformed id: ${String(id)}`);
      }
    }
    const inner = copyEnviron(environ);
    inner[key] = id;
    inner[REQUEST_ID_KEY] = id;
    // Outer middleware (a logger) reads the id from the environ it holds.
    environ[REQUEST_ID_KEY] = id;
    return app(inner, (status, headers, excInfo) =>
      startResponse(
        status,
        headers.some(([name]) => name.toLowerCase() === header.toLowerCase())
          ? headers
          : setHeader(headers, header, id),
        excInfo,
      ),
    );
  };
}

/**
 * The request id {@link requestId} gave this request, or undefined outside it.
 *
 * @example
 * getRequestId(environ); // "3f1c…" or the client's X-Request-Id
 */
export function getRequestId(environ: Environ): string | undefined {
  const id = environ[REQUEST_ID_KEY];
  return typeof id === "string" ? id : undefined;
}
