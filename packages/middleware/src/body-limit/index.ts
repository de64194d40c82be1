import type { App } from "@tsgi/core";
import { MiddlewareError, MiddlewareErrorCodes, MiddlewareOptionError } from "../errors.ts";
import { copyEnviron } from "../_internal/environ.ts";
import { checkApp, checkOptionsObject } from "../_internal/options.ts";
import { respond } from "../_internal/respond.ts";
import { limitInput } from "./_limited-input.ts";

export { tooLarge } from "./_limited-input.ts";

/** Options of {@link bodyLimit}. */
export interface BodyLimitOptions {
  /** Largest request body accepted, in bytes. */
  limit: number;
}

const NAME = "bodyLimit";

/**
 * Caps the request body. A declared `Content-Length` over the limit is refused with
 * `413 Content Too Large` before the app runs. A body without a declared length (chunked) is
 * counted as the app reads `tsgi.input`: reading past the limit throws a `MiddlewareError`
 * with code `TSGI_E_MW_BODY_TOO_LARGE` and status 413, which this middleware turns into a 413
 * answer when the app lets it escape before responding. The app never receives more than
 * `limit` bytes.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) unless limit is a non-negative
 * integer.
 *
 * @example
 * import { bodyLimit } from "@tsgi/middleware/body-limit";
 * const app = bodyLimit(uploadApp, { limit: 10 * 1024 * 1024 }); // 10 MiB
 */
export function bodyLimit(app: App, options: BodyLimitOptions): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options, false);
  const { limit } = options;
  if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 0) {
    throw new MiddlewareOptionError(NAME, "limit", "must be a non-negative integer (bytes)");
  }
  const message = `Request body larger than ${limit} bytes\n`;

  return async (environ, startResponse) => {
    const declared = environ.CONTENT_LENGTH;
    if (declared !== undefined && declared !== "" && Number(declared) > limit) {
      return respond(startResponse, 413, [], message);
    }
    const inner = copyEnviron(environ);
    inner["tsgi.input"] = limitInput(environ["tsgi.input"], limit);
    let started = false;
    try {
      return await app(inner, (status, headers, excInfo) => {
        started = true;
        return startResponse(status, headers, excInfo);
      });
    } catch (error) {
      const isOurs =
        error instanceof MiddlewareError && error.code === MiddlewareErrorCodes.BODY_TOO_LARGE;
      if (!isOurs) throw error;
      return respond(startResponse, 413, [], message, started ? error : undefined);
    }
  };
}
