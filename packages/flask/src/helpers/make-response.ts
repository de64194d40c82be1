import { toResponse } from "../app/make-response.ts";
import type { ResponseReturnValue } from "../app/types.ts";
import { appContextState, hasAppContext } from "../ctx/context.ts";
import type { Response } from "../wrappers/response.ts";

/**
 * Turns view-style return values into a `Response` you can change before returning it, like
 * Flask's `make_response`: `makeResponse(body)`, `makeResponse(body, 201)`,
 * `makeResponse(body, 201, headers)`; with no argument, an empty response.
 *
 * @example
 * const response = makeResponse(await renderTemplate("index.html"));
 * response.setCookie("visited", "1");
 * return response;
 */
export function makeResponse(...args: unknown[]): Response {
  const debug = hasAppContext() && appContextState().app.debug;
  const rv = args.length === 0 ? "" : args.length === 1 ? args[0] : args;
  return toResponse(rv as ResponseReturnValue, debug ? { jsonIndent: 2 } : {});
}
