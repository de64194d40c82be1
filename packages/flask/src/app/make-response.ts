import { Headers, type HeadersInit } from "../datastructures/headers.ts";
import { HTTPException } from "../exceptions/http-exception.ts";
import { Response } from "../wrappers/response.ts";
import type { ResponseReturnValue } from "./types.ts";

/**
 * Thrown when a view returns something that cannot become a response (e.g. nothing).
 *
 * @example
 * app.get("/", function index() {}); // GET / → InvalidViewReturnError (FLASK_E_INVALID_RETURN)
 */
export class InvalidViewReturnError extends TypeError {
  readonly code = "FLASK_E_INVALID_RETURN";
}

/**
 * Turns a view's return value into a `Response`, as Flask's `make_response`: strings and
 * bytes are HTML bodies, plain objects and arrays JSON, (async) iterators streamed, tuples
 * add a status and/or headers, `Response` and `HTTPException` are used as they are.
 *
 * @example
 * toResponse(["Created", 201, { Location: "/posts/1" }]).statusCode; // 201
 * toResponse({ ok: true }).mimetype;                                   // "application/json"
 */
export function toResponse(
  rv: ResponseReturnValue | undefined | null | void,
  options: { endpoint?: string; jsonIndent?: number } = {},
): Response {
  let body: unknown = rv;
  let status: number | string | undefined;
  let headers: HeadersInit | undefined;
  if (Array.isArray(rv) && rv.length >= 2 && rv.length <= 3 && isTupleTail(rv)) {
    body = rv[0];
    if (rv.length === 3) {
      status = rv[1] as number | string;
      headers = rv[2] as HeadersInit;
    } else if (typeof rv[1] === "number" || typeof rv[1] === "string") {
      status = rv[1];
    } else {
      headers = rv[1] as HeadersInit;
    }
  }
  if (body === undefined || body === null) {
    const who =
      options.endpoint === undefined ? "a view" : `the view function for "${options.endpoint}"`;
    throw new InvalidViewReturnError(
      `${who} did not return a valid response. The function either returned null/undefined or ended without a return statement.`,
    );
  }
  const response = bodyToResponse(body, options.jsonIndent);
  if (status !== undefined) response.status = status;
  if (headers !== undefined) response.headers.update(new Headers(headers));
  return response;
}

/**
 * Awaits a promise in the body place of a return value, so `[renderTemplate("404.html"), 404]`
 * works as `return render_template("404.html"), 404` does in Flask.
 *
 * @example
 * await resolveReturnValue([Promise.resolve("page"), 404]); // ["page", 404]
 */
export async function resolveReturnValue<T>(rv: T): Promise<T> {
  const value: unknown = await rv;
  if (Array.isArray(value) && value.length >= 2 && value.length <= 3 && isThenable(value[0])) {
    return [await value[0], ...value.slice(1)] as T;
  }
  return value as T;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function bodyToResponse(body: unknown, jsonIndent: number | undefined): Response {
  if (isThenable(body)) {
    throw new InvalidViewReturnError(
      "got a Promise where a response body was expected; await it first (renderTemplate is async)",
    );
  }
  if (body instanceof Response) return body;
  if (body instanceof HTTPException) return body.getResponse();
  if (typeof body === "string" || body instanceof Uint8Array) return new Response(body);
  if (typeof body === "object" && body !== null && isStream(body)) {
    return new Response(body as AsyncIterable<string | Uint8Array>);
  }
  if (typeof body === "object" || typeof body === "number" || typeof body === "boolean") {
    return jsonResponse(body, jsonIndent);
  }
  throw new InvalidViewReturnError(
    `a view returned a ${typeof body}; return a string, bytes, an object, a Response or an iterable of chunks`,
  );
}

/**
 * A JSON response for `value`, with the trailing newline Flask's provider adds.
 *
 * @example
 * jsonResponse({ a: 1 }).text; // '{"a":1}\n'
 */
export function jsonResponse(value: unknown, indent?: number): Response {
  const text = JSON.stringify(value, null, indent);
  if (text === undefined) {
    throw new InvalidViewReturnError(`cannot serialize ${typeof value} as JSON`);
  }
  return new Response(`${text}\n`, { mimetype: "application/json" });
}

function isStream(value: object): boolean {
  if (Symbol.asyncIterator in value) return true;
  // Generators and iterators stream; arrays, Sets and Maps are data (→ JSON), as in Flask.
  return (
    Symbol.iterator in value &&
    typeof (value as { next?: unknown }).next === "function" &&
    !Array.isArray(value)
  );
}

/** `[body, 201]`, `[body, "201 CREATED"]`, `[body, headers]`, `[body, status, headers]`. */
function isTupleTail(rv: readonly unknown[]): boolean {
  const second = rv[1];
  const statusLike =
    (typeof second === "number" && Number.isInteger(second) && second >= 100 && second <= 999) ||
    (typeof second === "string" && /^\d{3}(\s|$)/.test(second));
  if (rv.length === 3) return statusLike && isHeadersLike(rv[2]);
  return statusLike || (isHeadersLike(second) && !isHeadersLike(rv[0]) && isBodyLike(rv[0]));
}

function isHeadersLike(value: unknown): boolean {
  if (value instanceof Headers) return true;
  if (Array.isArray(value)) {
    return value.every(
      (pair) =>
        Array.isArray(pair) &&
        pair.length === 2 &&
        typeof pair[0] === "string" &&
        (typeof pair[1] === "string" || typeof pair[1] === "number"),
    );
  }
  return (
    typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

function isBodyLike(value: unknown): boolean {
  return (
    typeof value === "string" ||
    value instanceof Uint8Array ||
    value instanceof Response ||
    value instanceof HTTPException
  );
}
