import type { HttpRequest } from "../http/request.ts";
import type { HttpResponseBase } from "../http/response.ts";
import type { ViewFunction } from "../urls/types.ts";

/** The next layer of the onion: the inner middleware, or the view in the end. */
export type GetResponse = (request: HttpRequest) => Promise<HttpResponseBase>;

/** A hook result: a response short-circuits, `null`/`undefined` lets processing go on. */
export type MaybeResponse =
  HttpResponseBase | null | undefined | void | Promise<HttpResponseBase | null | undefined | void>;

/** Django's optional middleware hooks. */
export interface MiddlewareHooks {
  /**
   * Called just before the view, inside every middleware, in MIDDLEWARE order; a response
   * skips the view (and later `processView` hooks).
   */
  processView?(
    request: HttpRequest,
    view: ViewFunction,
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
  ): MaybeResponse;
  /** Called when the view throws, in reverse MIDDLEWARE order; a response handles the error. */
  processException?(request: HttpRequest, error: unknown): MaybeResponse;
}

/** One layer as a function: `(request) => response`, with hooks as properties. */
export type MiddlewareFunction = ((
  request: HttpRequest,
) => HttpResponseBase | Promise<HttpResponseBase>) &
  MiddlewareHooks;

/** One layer as an object with a `handle` method (how a class-based middleware looks). */
export interface MiddlewareObject extends MiddlewareHooks {
  handle(request: HttpRequest): HttpResponseBase | Promise<HttpResponseBase>;
}

/** What a middleware factory returns. */
export type MiddlewareInstance = MiddlewareFunction | MiddlewareObject;

/**
 * A middleware (Django's middleware "factory"): called once when the application is built
 * with the next layer, returns the layer: a function, or an object with a `handle` method
 * (how a stateful, class-like middleware looks). Returning `null` drops the middleware
 * (Django's `MiddlewareNotUsed`).
 *
 * @example
 * const timing: MiddlewareFactory = (getResponse) => async (request) => {
 *   const started = performance.now();
 *   const response = await getResponse(request);
 *   response.headers.set("Server-Timing", `app;dur=${performance.now() - started}`);
 *   return response;
 * };
 */
export type MiddlewareFactory = (getResponse: GetResponse) => MiddlewareInstance | null;

/** A MIDDLEWARE entry: a factory, or the name of a registered one (Django's dotted paths). */
export type MiddlewareEntry = MiddlewareFactory | string;
