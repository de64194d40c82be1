import { HTTPException } from "../exceptions/http-exception.ts";
import type { Flask } from "./flask.ts";
import type { ErrorClass, ErrorHandler } from "./types.ts";

/**
 * Flask's `_find_error_handler`: for an HTTP error, handlers for its code first, then
 * class-only ones; within each, the innermost blueprint first, then the app; within each of
 * those, the error's own class first, then its parents.
 *
 * @example
 * findErrorHandler(app, new NotFound(), ["auth"]); // auth's 404 handler, else the app's, else undefined
 */
export function findErrorHandler(
  app: Flask,
  error: unknown,
  blueprints: readonly string[],
): ErrorHandler<unknown> | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = error instanceof HTTPException ? error.code : null;
  const codes = code === null ? [null] : [code, null];
  for (const wanted of codes) {
    for (const scope of [...blueprints, null]) {
      const handlers = app.errorHandlerSpec.get(scope)?.get(wanted);
      if (handlers === undefined || handlers.size === 0) continue;
      for (
        let proto: unknown = Object.getPrototypeOf(error);
        proto !== null && proto !== Object.prototype;
        proto = Object.getPrototypeOf(proto)
      ) {
        const errorClass = (proto as { constructor: ErrorClass<unknown> }).constructor;
        const handler = handlers.get(errorClass);
        if (handler !== undefined) return handler;
      }
    }
  }
  return undefined;
}
