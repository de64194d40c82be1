import type { Body } from "../types.ts";

/**
 * Closes a body that will not be iterated (or not to its end), as a server must: the
 * iterator's `return()` when the body is its own iterator (a generator object), then the
 * body's `close()` if it has one. Middleware that replaces an app's body uses this so the
 * original still gets closed exactly once, which is how files and database cursors are freed.
 *
 * @example
 * // Answer HEAD with the GET handler's headers and no body bytes.
 * const head: Middleware = (app) => async (environ, startResponse) => {
 *   const body = await app(environ, startResponse);
 *   if (environ.REQUEST_METHOD !== "HEAD") return body;
 *   await closeBody(body);
 *   return [];
 * };
 */
export async function closeBody(body: Body): Promise<void> {
  const closable = body as Partial<{ return: () => unknown; close: () => unknown }>;
  try {
    if (typeof closable.return === "function") await closable.return();
  } finally {
    if (typeof closable.close === "function") await closable.close();
  }
}
