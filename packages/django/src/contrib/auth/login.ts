// Logging in and out with the User model (Django's django.contrib.auth login/logout/get_user).
// The session mechanics (new key, id in the session, CSRF rotation) stay in src/auth, which
// the middleware uses; this adds what needs the model: the session auth hash (a password
// change ends other sessions), the backend name, `lastLogin`, and the user loader.
import { timingSafeEqual } from "node:crypto";
import {
  login as storeLogin,
  logout as baseLogout,
  SESSION_KEY,
  setUserLoader,
  type UserLoader,
} from "../../auth/auth.ts";
import type { HttpRequest } from "../../http/request.ts";
import { backendOf, getBackends, MODEL_BACKEND_NAME } from "./backends.ts";
import type { User } from "./models.ts";

/**
 * Session key of the session auth hash (Django's name).
 *
 * @example
 * request.session.has(HASH_SESSION_KEY); // true once logged in
 */
export const HASH_SESSION_KEY = "_auth_user_hash";
/**
 * Session key of the backend that authenticated the user (Django's name).
 *
 * @example
 * request.session.get(BACKEND_SESSION_KEY); // "django.contrib.auth.backends.ModelBackend"
 */
export const BACKEND_SESSION_KEY = "_auth_user_backend";

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Logs `user` in (Django's `login`): the session key is rotated (`request.session.cycleKey()`;
 * flushed instead when another user, or the same user with another password, was logged in),
 * `_auth_user_id`, `_auth_user_hash` and `_auth_user_backend` are stored, the CSRF token is
 * rotated, `request.user` is set and `lastLogin` saved. Call it after {@link authenticate}.
 *
 * @example
 * const user = await authenticate(request, { username, password });
 * if (user) { await login(request, user); return redirect("polls:index"); }
 */
export async function login(request: HttpRequest, user: User, backend?: string): Promise<void> {
  const hash = user.getSessionAuthHash(request.settings.SECRET_KEY);
  const session = request.session;
  const storedHash = session.get(HASH_SESSION_KEY);
  if (
    session.get(SESSION_KEY) === user.pk &&
    typeof storedHash === "string" &&
    !sameText(storedHash, hash)
  ) {
    await session.flush(); // same user, other password: do not carry the old session over
  }
  await storeLogin(request, user);
  session.set(HASH_SESSION_KEY, hash);
  session.set(
    BACKEND_SESSION_KEY,
    backend ?? backendOf(user) ?? getBackends(request)[0]?.name ?? MODEL_BACKEND_NAME,
  );
  user.lastLogin = new Date();
  await user.save({ updateFields: ["lastLogin"] });
}

/**
 * Logs the user out (Django's `logout`): the session is flushed (data gone, cookie deleted)
 * and `request.user` becomes an `AnonymousUser`.
 *
 * @example
 * await logout(request);
 * return redirect("/");
 */
export async function logout(request: HttpRequest): Promise<void> {
  await baseLogout(request);
}

/**
 * Keeps the session valid after a password change (Django's `update_session_auth_hash`):
 * stores the new hash and rotates the key, so the user who changed it stays logged in.
 *
 * @example
 * await user.setPassword(newPassword); await user.save();
 * await updateSessionAuthHash(request, user);
 */
export async function updateSessionAuthHash(request: HttpRequest, user: User): Promise<void> {
  await request.session.cycleKey();
  if (request.session.get(SESSION_KEY) === user.pk) {
    request.session.set(HASH_SESSION_KEY, user.getSessionAuthHash(request.settings.SECRET_KEY));
  }
}

/**
 * The user loader for AuthenticationMiddleware (Django's `get_user`): the backend stored in
 * the session loads the user; a missing, inactive user or a session hash that no longer
 * matches the password (changed elsewhere) gives anonymous — and the stale session is flushed.
 *
 * @example
 * setUserLoader(loadSessionUser); // done by importing @tsgi/django/contrib/auth
 */
export const loadSessionUser: UserLoader = async (userId, request) => {
  const backendName = request.session.get(BACKEND_SESSION_KEY);
  const backends = getBackends(request);
  const backend =
    backends.find((b) => b.name === backendName) ??
    (backendName === undefined ? backends[0] : undefined);
  if (!backend) return null;
  const user = await backend.getUser(userId);
  if (!user) return null;
  const storedHash = request.session.get(HASH_SESSION_KEY);
  const hash = user.getSessionAuthHash(request.settings.SECRET_KEY);
  if (typeof storedHash !== "string" || !sameText(storedHash, hash)) {
    await request.session.flush();
    return null;
  }
  return user;
};

/**
 * Plugs {@link loadSessionUser} into AuthenticationMiddleware. Importing this package does
 * it once; call it again after a test replaced the loader.
 *
 * @example
 * installUserLoader();
 */
export function installUserLoader(): void {
  setUserLoader(loadSessionUser);
}
