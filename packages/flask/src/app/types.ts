import type { HeadersInit } from "../datastructures/headers.ts";
import type { HTTPException } from "../exceptions/http-exception.ts";
import type { Response } from "../wrappers/response.ts";

/**
 * What a view may return, as in Flask: a string (HTML), bytes, a `Response`, an object or
 * array (JSON), a (possibly async) iterable of chunks (streamed), or a tuple adding a status
 * and/or headers: `[body, status]`, `[body, status, headers]`, `[body, headers]`.
 */
export type ResponseBodyValue =
  | string
  | Uint8Array
  | Response
  | HTTPException
  | object
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>;

/** A view's return value: a body, or a tuple with status and/or headers. */
export type ResponseReturnValue =
  | ResponseBodyValue
  | readonly [ResponseBodyValue, number | string]
  | readonly [ResponseBodyValue, number | string, HeadersInit]
  | readonly [ResponseBodyValue, HeadersInit];

/** The values a rule's variables matched (and its defaults), e.g. `{ id: 42 }`. */
export type ViewArgs = Record<string, unknown>;

// A method signature makes the parameter bivariant, so a view may declare the exact shape of
// its arguments (`({ id }: { id: number }) => …`) and still be registered.
type Bivariant<F extends (...args: never[]) => unknown> = {
  fn(...args: Parameters<F>): ReturnType<F>;
}["fn"];

/**
 * A view function: receives the URL values as one object (Flask passes them as keyword
 * arguments), returns a {@link ResponseReturnValue} or a promise of one.
 */
export type View = Bivariant<
  (args: ViewArgs) => ResponseReturnValue | Promise<ResponseReturnValue>
>;

/** `beforeRequest`: returning anything but `undefined` ends the request with that response. */
export type BeforeRequestHook = () =>
  ResponseReturnValue | void | undefined | Promise<ResponseReturnValue | void | undefined>;

/** `afterRequest`: may change the response or return a new one. */
export type AfterRequestHook = (
  response: Response,
) => Response | void | undefined | Promise<Response | void | undefined>;

/** `teardownRequest`: always runs, with the error that ended the request, if any. */
export type TeardownHook = (error: unknown) => void | Promise<void>;

/** An error handler for `errorhandler(code | Class, handler)`. */
export type ErrorHandler<E = Error> = Bivariant<
  (error: E) => ResponseReturnValue | Promise<ResponseReturnValue>
>;

/** A class of errors (`NotFound`, `TypeError`, your own). */
export type ErrorClass<E = Error> = abstract new (...args: never[]) => E;

/** `contextProcessor`: values merged into every template context. */
export type ContextProcessor = () => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Options of `route(rule, options, view)` and `addUrlRule`. */
export interface RouteOptions {
  /** Allowed methods (default `["GET"]`); HEAD comes with GET, OPTIONS is automatic. */
  methods?: string[];
  /** Endpoint name for `urlFor` (default: the view function's name). */
  endpoint?: string;
  /** Values passed to the view that the URL does not carry. */
  defaults?: Record<string, unknown>;
  /** Redirect the slashless URL of a rule ending in `/` with 308 (default true). */
  strictSlashes?: boolean;
  /** Redirect matches elsewhere (Werkzeug's `redirect_to`). */
  redirectTo?: string;
}
