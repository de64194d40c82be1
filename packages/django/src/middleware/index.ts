/**
 * `@tsgi/django/middleware`: Django's middleware onion. A middleware is a factory
 * `(getResponse) => (request) => response`, optionally with `processView` and
 * `processException` hooks; MIDDLEWARE lists factories or registered names, outermost first.
 *
 * @example
 * import { STARTPROJECT_MIDDLEWARE, type MiddlewareFactory } from "@tsgi/django/middleware";
 * const poweredBy: MiddlewareFactory = (getResponse) => async (request) => {
 *   const response = await getResponse(request);
 *   response.headers.set("X-Powered-By", "tsgi");
 *   return response;
 * };
 * defineSettings({ MIDDLEWARE: [...STARTPROJECT_MIDDLEWARE, poweredBy] });
 */
export type {
  GetResponse,
  MaybeResponse,
  MiddlewareEntry,
  MiddlewareFactory,
  MiddlewareFunction,
  MiddlewareHooks,
  MiddlewareInstance,
  MiddlewareObject,
} from "./types.ts";
export { registerMiddleware, resolveMiddleware, STARTPROJECT_MIDDLEWARE } from "./registry.ts";
export { SecurityMiddleware } from "./security.ts";
export { CommonMiddleware, noAppendSlash, AppendSlashError } from "./common.ts";
export { XFrameOptionsMiddleware, xframeOptionsExempt } from "./clickjacking.ts";
export { SessionMiddleware } from "../sessions/middleware.ts";
export {
  CsrfViewMiddleware,
  csrfExempt,
  ensureCsrfCookie,
  getToken,
  rotateToken,
  CSRF_REASONS,
  DONT_ENFORCE_CSRF_CHECKS,
} from "../csrf/index.ts";
export {
  AuthenticationMiddleware,
  AnonymousUser,
  login,
  logout,
  setUserLoader,
  type UserLike,
  type UserLoader,
} from "../auth/index.ts";
export { MessageMiddleware, messages } from "../messages/index.ts";
