// Authentication backends (Django's django.contrib.auth.backends and `authenticate`). The
// `AUTHENTICATION_BACKENDS` setting lists backend objects, or Django's dotted name of the
// model backend; the default is the model backend alone.
import { ImproperlyConfigured, PermissionDenied } from "../../core/exceptions.ts";
import type { HttpRequest } from "../../http/request.ts";
import { getSettings } from "../../conf/settings.ts";
import { makePassword } from "./hashers.ts";
import { User } from "./models.ts";
import { normalizeUsername } from "./validators.ts";

/**
 * What `authenticate` passes to backends: Django's keyword credentials.
 *
 * @example
 * const credentials: Credentials = { username: "alice", password: "s3cret-pass" };
 */
export interface Credentials {
  username?: string | null;
  password?: string | null;
  [key: string]: unknown;
}

/**
 * A backend: `authenticate` returns the user or `null` (throw `PermissionDenied` to stop the
 * other backends too); `getUser` loads the user of a session.
 *
 * @example
 * const tokenBackend: AuthBackend = {
 *   name: "tokens",
 *   authenticate: async (_request, { token }) => (token === "t0k3n" ? User.objects.get({ username: "bot" }) : null),
 *   getUser: (id) => User.objects.filter({ pk: id }).first(),
 * };
 */
export interface AuthBackend {
  /** Name stored in the session at login (Django stores the dotted path). */
  readonly name: string;
  authenticate(request: HttpRequest | null, credentials: Credentials): Promise<User | null>;
  getUser(userId: unknown): Promise<User | null>;
}

/**
 * Django's dotted name of {@link ModelBackend}, accepted in `AUTHENTICATION_BACKENDS`.
 *
 * @example
 * AUTHENTICATION_BACKENDS: [MODEL_BACKEND_NAME, tokenBackend]
 */
export const MODEL_BACKEND_NAME = "django.contrib.auth.backends.ModelBackend";

/**
 * Checks username and password against `auth_user` (Django's `ModelBackend`); inactive users
 * are refused. An unknown username still costs one hash, so timing does not tell which
 * usernames exist.
 *
 * @example
 * AUTHENTICATION_BACKENDS: [ModelBackend]
 */
export const ModelBackend: AuthBackend = {
  name: MODEL_BACKEND_NAME,
  async authenticate(_request, credentials) {
    const { username, password } = credentials;
    if (typeof username !== "string" || typeof password !== "string") return null;
    const user = await User.objects.filter({ username: normalizeUsername(username) }).first();
    if (!user) {
      await makePassword(password);
      return null;
    }
    return (await user.checkPassword(password)) && userCanAuthenticate(user) ? user : null;
  },
  async getUser(userId) {
    const user = await User.objects.filter({ pk: userId }).first();
    return user && userCanAuthenticate(user) ? user : null;
  },
};

/**
 * Django's `user_can_authenticate`: only active users.
 *
 * @example
 * userCanAuthenticate({ isActive: false }); // false
 */
export function userCanAuthenticate(user: { isActive?: boolean }): boolean {
  return user.isActive !== false;
}

/**
 * The configured backends: `AUTHENTICATION_BACKENDS` from the request's (or the process's)
 * settings, default `[ModelBackend]`.
 *
 * @example
 * getBackends(request).map((b) => b.name); // ["django.contrib.auth.backends.ModelBackend"]
 */
export function getBackends(request?: HttpRequest | null): AuthBackend[] {
  let configured: unknown;
  try {
    const settings = (request ? request.settings : getSettings()) as unknown as Record<
      string,
      unknown
    >;
    configured = settings.AUTHENTICATION_BACKENDS;
  } catch {
    configured = undefined; // settings not configured (a script): the default backend
  }
  if (configured === undefined) return [ModelBackend];
  if (!Array.isArray(configured) || configured.length === 0) {
    throw new ImproperlyConfigured(
      "No authentication backends have been defined. Does AUTHENTICATION_BACKENDS contain anything?",
    );
  }
  return configured.map((entry: unknown) => {
    if (entry === MODEL_BACKEND_NAME || entry === "ModelBackend") return ModelBackend;
    if (
      typeof entry === "object" &&
      entry !== null &&
      typeof (entry as AuthBackend).authenticate === "function" &&
      typeof (entry as AuthBackend).getUser === "function"
    ) {
      return entry as AuthBackend;
    }
    throw new ImproperlyConfigured(
      `AUTHENTICATION_BACKENDS entry ${JSON.stringify(entry)} is neither a backend object ` +
        `nor "${MODEL_BACKEND_NAME}".`,
    );
  });
}

/** The backend that authenticated each user, remembered for `login` (Django's `user.backend`). */
const authenticatedBy = new WeakMap<object, string>();

/**
 * The backend name `authenticate` recorded for `user`, if any.
 *
 * @example
 * backendOf(await authenticate(request, credentials)); // "django.contrib.auth.backends.ModelBackend"
 */
export function backendOf(user: object): string | undefined {
  return authenticatedBy.get(user);
}

/**
 * Asks each backend in turn; the first user returned wins, `null` if none (Django's
 * `authenticate`). A backend throwing `PermissionDenied` ends the search with `null`.
 *
 * @example
 * const user = await authenticate(request, { username: "alice", password: "s3cret-pass" });
 * if (user) await login(request, user);
 */
export async function authenticate(
  request: HttpRequest | null,
  credentials: Credentials,
): Promise<User | null> {
  for (const backend of getBackends(request)) {
    let user: User | null;
    try {
      user = await backend.authenticate(request, credentials);
    } catch (error) {
      if (error instanceof PermissionDenied) return null;
      throw error;
    }
    if (user) {
      authenticatedBy.set(user, backend.name);
      return user;
    }
  }
  return null;
}
