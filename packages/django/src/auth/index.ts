/**
 * Authentication (Django's django.contrib.auth, web half): `request.user`, `AnonymousUser`,
 * `login`/`logout`, and a pluggable user loader until issue 7 brings the User model.
 *
 * @example
 * import { AuthenticationMiddleware, setUserLoader } from "@tsgi/django/middleware";
 */
export { AnonymousUser, type UserLike } from "./user.ts";
export {
  AuthenticationMiddleware,
  getUser,
  login,
  logout,
  setUserLoader,
  SESSION_KEY,
  type UserLoader,
} from "./auth.ts";
