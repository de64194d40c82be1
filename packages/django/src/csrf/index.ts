/**
 * CSRF protection (Django's django.middleware.csrf): the middleware, `getToken`,
 * `rotateToken`, `csrfExempt`, `ensureCsrfCookie` and the token helpers.
 *
 * @example
 * import { csrfExempt, getToken } from "@tsgi/django/middleware";
 */
export {
  CsrfViewMiddleware,
  CSRF_REASONS,
  DONT_ENFORCE_CSRF_CHECKS,
  csrfExempt,
  ensureCsrfCookie,
  getToken,
  rotateToken,
} from "./middleware.ts";
export { csrfFailureResponse } from "./failure.ts";
export { maskCsrfSecret, unmaskCsrfToken, newCsrfSecret, tokenMatchesSecret } from "./tokens.ts";
