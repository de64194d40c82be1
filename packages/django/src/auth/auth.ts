import { ImproperlyConfigured } from "../core/exceptions.ts";
import { rotateToken } from "../csrf/middleware.ts";
import type { HttpRequest } from "../http/request.ts";
import type { MiddlewareFactory } from "../middleware/types.ts";
import { AnonymousUser, type UserLike } from "./user.ts";

/** Session key holding the logged-in user's id (Django's name). */
export const SESSION_KEY = "_auth_user_id";

/** Finds the user for an id stored in the session (`null` when it no longer exists). */
export type UserLoader = (
  userId: unknown,
  request: HttpRequest,
) => Promise<UserLike | null> | UserLike | null;

let userLoader: UserLoader | undefined;

/**
 * Tells AuthenticationMiddleware how to load the logged-in user. Issue 7's User model plugs
 * in here; until then, without a loader, every request is anonymous.
 *
 * @example
 * setUserLoader(async (id) => (await User.objects.filter({ pk: id }).first()) ?? null);
 */
export function setUserLoader(loader: UserLoader | undefined): void {
  userLoader = loader;
}

/**
 * The user of the request's session, or an `AnonymousUser` (Django's `get_user`).
 *
 * @example
 * const user = await getUser(request);
 */
export async function getUser(request: HttpRequest): Promise<UserLike> {
  if (!request.hasSession() || userLoader === undefined) return new AnonymousUser();
  const userId = request.session.get(SESSION_KEY);
  if (userId === undefined || userId === null) return new AnonymousUser();
  return (await userLoader(userId, request)) ?? new AnonymousUser();
}

/**
 * Logs `user` in: a new session key (against fixation; a different user's session is
 * flushed first), the id stored in the session, a new CSRF secret.
 *
 * @example
 * await login(request, user);
 * return redirect("polls:index");
 */
export async function login(request: HttpRequest, user: UserLike): Promise<void> {
  const id = user.pk ?? user.id;
  const current = request.session.get(SESSION_KEY);
  if (current !== undefined && current !== id) await request.session.flush();
  else await request.session.cycleKey();
  request.session.set(SESSION_KEY, id);
  // contrib/auth's User: also store the session auth hash its user loader verifies.
  const hashed = user as UserLike & { getSessionAuthHash?: (secret: string) => string };
  if (hashed.getSessionAuthHash)
    request.session.set("_auth_user_hash", hashed.getSessionAuthHash(request.settings.SECRET_KEY));
  request.user = user;
  rotateToken(request);
}

/**
 * Logs the user out: the session is flushed and `request.user` becomes anonymous.
 *
 * @example
 * await logout(request);
 */
export async function logout(request: HttpRequest): Promise<void> {
  await request.session.flush();
  request.user = new AnonymousUser();
}

/**
 * Django's `AuthenticationMiddleware`: sets `request.user` from the session (after
 * SessionMiddleware), through the loader given to {@link setUserLoader}.
 *
 * @example
 * MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware]
 */
export const AuthenticationMiddleware: MiddlewareFactory = (getResponse) => async (request) => {
  if (!request.hasSession()) {
    throw new ImproperlyConfigured(
      "The authentication middleware requires session middleware to be installed. Edit your " +
        "MIDDLEWARE setting to insert SessionMiddleware before AuthenticationMiddleware.",
    );
  }
  request.user = await getUser(request);
  return getResponse(request);
};
