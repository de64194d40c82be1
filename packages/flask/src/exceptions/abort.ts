import type { Response } from "../wrappers/response.ts";
import * as classes from "./classes.ts";
import { HTTPException } from "./http-exception.ts";

/**
 * The HTTP error class for each code, as Werkzeug's `default_exceptions`.
 *
 * @example
 * DEFAULT_EXCEPTIONS.get(404) === NotFound; // true
 */
export const DEFAULT_EXCEPTIONS: ReadonlyMap<number, typeof HTTPException> = new Map<
  number,
  typeof HTTPException
>([
  [400, classes.BadRequest],
  [401, classes.Unauthorized],
  [403, classes.Forbidden],
  [404, classes.NotFound],
  [405, classes.MethodNotAllowed],
  [406, classes.NotAcceptable],
  [408, classes.RequestTimeout],
  [409, classes.Conflict],
  [410, classes.Gone],
  [411, classes.LengthRequired],
  [412, classes.PreconditionFailed],
  [413, classes.RequestEntityTooLarge],
  [414, classes.RequestURITooLarge],
  [415, classes.UnsupportedMediaType],
  [416, classes.RequestedRangeNotSatisfiable],
  [417, classes.ExpectationFailed],
  [418, classes.ImATeapot],
  [422, classes.UnprocessableEntity],
  [429, classes.TooManyRequests],
  [500, classes.InternalServerError],
  [501, classes.NotImplemented],
  [502, classes.BadGateway],
  [503, classes.ServiceUnavailable],
  [504, classes.GatewayTimeout],
] as [number, typeof HTTPException][]);

/**
 * An instance of the default error class for `code`, with `description`, or `undefined`.
 *
 * @example
 * createHttpException(405, "Use POST.")?.code; // 405
 */
export function createHttpException(code: number, description?: string): HTTPException | undefined {
  if (code === 405) return new classes.MethodNotAllowed([], description);
  if (code === 416) return new classes.RequestedRangeNotSatisfiable(undefined, description);
  const ErrorClass = DEFAULT_EXCEPTIONS.get(code) as
    (new (description?: string) => HTTPException) | undefined;
  return ErrorClass === undefined ? undefined : new ErrorClass(description);
}

/**
 * Thrown by `abort` for a code that has no HTTP error class (e.g. 200 or 999).
 *
 * @example
 * abort(299); // throws UnknownAbortCodeError (FLASK_E_UNKNOWN_ABORT_CODE)
 */
export class UnknownAbortCodeError extends TypeError {
  readonly code = "FLASK_E_UNKNOWN_ABORT_CODE";
}

/**
 * Stops the request with an HTTP error, like Flask's `abort`: `abort(404)` throws `NotFound`,
 * `abort(403, "Not your post.")` a `Forbidden` with that description, and `abort(response)`
 * sends that response as is.
 *
 * @throws HTTPException always; `UnknownAbortCodeError` for a code without an error class.
 *
 * @example
 * app.get("/<int:id>/update", function update({ id }) {
 *   const post = getPost(id);
 *   if (post === undefined) abort(404, `Post id ${id} doesn't exist.`);
 *   return renderTemplate("blog/update.html", { post });
 * });
 */
export function abort(codeOrResponse: number | Response, description?: string): never {
  if (typeof codeOrResponse !== "number") {
    throw new HTTPException(codeOrResponse.statusCode, description, {
      response: codeOrResponse,
      name: codeOrResponse.statusText,
    });
  }
  const error = createHttpException(codeOrResponse, description);
  if (error === undefined) {
    throw new UnknownAbortCodeError(`no HTTP error class for status code ${codeOrResponse}`);
  }
  throw error;
}
