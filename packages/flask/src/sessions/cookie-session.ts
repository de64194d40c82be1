import type { Config } from "../config/config.ts";
import type { Request } from "../wrappers/request.ts";
import type { Response } from "../wrappers/response.ts";
import { NullSession, Session, type SessionValue } from "./session.ts";
import { TimestampSigner } from "./signing.ts";

/**
 * Opens and saves sessions for the app (Flask's `SessionInterface`). Replace
 * `app.sessionInterface` to keep sessions elsewhere (a database, Redis).
 */
export interface SessionInterface {
  openSession(config: Config, request: Request): Session;
  saveSession(config: Config, session: Session, response: Response): void;
}

/**
 * Flask's default `SecureCookieSessionInterface`: the whole session lives in one cookie, as
 * JSON signed with HMAC-SHA256 (see `TimestampSigner`). A tampered, expired or unreadable
 * cookie gives an empty session — never an error page. `SECRET_KEY_FALLBACKS` still verify
 * old cookies after a key rotation; the next save signs with the new key.
 *
 * Cookie attributes follow the `SESSION_COOKIE_*` keys: HttpOnly and SameSite=Lax by default,
 * Secure/Domain/Path/Partitioned when configured; `Expires` only for permanent sessions.
 * Whenever the session was accessed, the response gets `Vary: Cookie`, so caches never hand
 * one user's page to another.
 *
 * @example
 * app.sessionInterface = new SecureCookieSessionInterface({ salt: "my-app-session" });
 */
export class SecureCookieSessionInterface implements SessionInterface {
  readonly salt: string;
  readonly #now: () => number;

  constructor(options: { salt?: string; now?: () => number } = {}) {
    this.salt = options.salt ?? "cookie-session";
    this.#now = options.now ?? Date.now;
  }

  /** The signer for this config, or `undefined` without a `SECRET_KEY`. */
  getSigner(config: Config): TimestampSigner | undefined {
    if (config.SECRET_KEY === null || config.SECRET_KEY === undefined || config.SECRET_KEY === "") {
      return undefined;
    }
    const fallbacks = (config.SECRET_KEY_FALLBACKS ?? []).filter((key) => key !== "");
    return new TimestampSigner([String(config.SECRET_KEY), ...fallbacks.reverse()], this.salt, {
      now: this.#now,
    });
  }

  openSession(config: Config, request: Request): Session {
    const signer = this.getSigner(config);
    if (signer === undefined) return new NullSession();
    const cookie = request.cookies.get(config.SESSION_COOKIE_NAME);
    if (cookie === undefined || cookie === "") return new Session();
    const payload = signer.unsign(cookie, config.PERMANENT_SESSION_LIFETIME);
    if (payload === undefined) return new Session();
    try {
      const data: unknown = JSON.parse(payload);
      if (typeof data !== "object" || data === null || Array.isArray(data)) return new Session();
      return new Session(data as Record<string, SessionValue>, { isNew: false });
    } catch {
      return new Session();
    }
  }

  saveSession(config: Config, session: Session, response: Response): void {
    const name = config.SESSION_COOKIE_NAME;
    const attributes = {
      path: config.SESSION_COOKIE_PATH ?? config.APPLICATION_ROOT ?? "/",
      ...(config.SESSION_COOKIE_DOMAIN ? { domain: config.SESSION_COOKIE_DOMAIN } : {}),
      secure: config.SESSION_COOKIE_SECURE,
      httpOnly: config.SESSION_COOKIE_HTTPONLY,
      partitioned: config.SESSION_COOKIE_PARTITIONED,
      ...(config.SESSION_COOKIE_SAMESITE ? { sameSite: config.SESSION_COOKIE_SAMESITE } : {}),
    };
    if (session.accessed) addVaryCookie(response);

    const data = session.toJSON();
    if (Object.keys(data).length === 0) {
      // An emptied session deletes its cookie; an untouched empty one sends nothing.
      if (session.modified) response.deleteCookie(name, attributes);
      return;
    }
    const refresh = session.permanent && config.SESSION_REFRESH_EACH_REQUEST;
    if (!session.modified && !refresh) return;
    const signer = this.getSigner(config);
    if (signer === undefined) return;
    const expires = session.permanent
      ? new Date(this.#now() + config.PERMANENT_SESSION_LIFETIME * 1000)
      : undefined;
    response.setCookie(name, signer.sign(JSON.stringify(data)), {
      ...attributes,
      ...(expires === undefined ? {} : { expires }),
    });
  }
}

function addVaryCookie(response: Response): void {
  const vary = response.headers.get("Vary");
  if (vary === undefined) {
    response.headers.set("Vary", "Cookie");
    return;
  }
  const names = vary.split(",").map((part) => part.trim().toLowerCase());
  if (!names.includes("cookie") && !names.includes("*"))
    response.headers.set("Vary", `${vary}, Cookie`);
}
