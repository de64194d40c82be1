import type { App, Middleware } from "../types.ts";

/**
 * Wraps `app` in middleware, listed **outermost first**: `compose(app, a, b)` is
 * `a(b(app))`, so a request goes through `a`, then `b`, then `app`, and the response comes
 * back through `b`, then `a`. That is the order a reader expects from a list that reads like
 * the request's path (Koa's and Hono's `use` order).
 *
 * @example
 * const tag = (name: string): Middleware => (app) => (environ, startResponse) =>
 *   app(environ, (status, headers, excInfo) =>
 *     startResponse(status, [...headers, ["X-Via", name]], excInfo));
 * const wrapped = compose(app, tag("outer"), tag("inner"));
 * // = tag("outer")(tag("inner")(app)): the response gets X-Via: inner, then X-Via: outer.
 */
export function compose(app: App, ...middleware: readonly Middleware[]): App {
  return middleware.reduceRight<App>((inner, wrap) => wrap(inner), app);
}
