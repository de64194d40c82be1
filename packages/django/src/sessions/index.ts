/**
 * Sessions (Django's django.contrib.sessions): the `SessionBase` API, the signed-cookie
 * backend, the engine registry and the middleware.
 *
 * @example
 * import { SessionMiddleware } from "@tsgi/django/middleware";
 * request.session.set("cart", [1, 2]);
 */
export { SessionBase, type SessionValue } from "./session.ts";
export { SignedCookieSession } from "./signed-cookies.ts";
export { registerSessionEngine, sessionEngine, type SessionStoreFactory } from "./engines.ts";
export { SessionMiddleware } from "./middleware.ts";
