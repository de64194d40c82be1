import { BadSignature, dumps, loads } from "../core/signing.ts";
import { SessionBase, type SessionValue } from "./session.ts";

const SALT = "django.contrib.sessions.backends.signed_cookies";

/**
 * Django's `signed_cookies` backend: the whole session is the cookie, JSON signed with
 * HMAC-SHA256 under SECRET_KEY (and compressed when that helps). Nothing is stored on the
 * server; a tampered, foreign or expired cookie reads as an empty session.
 *
 * @example
 * const session = new SignedCookieSession(request.COOKIES.sessionid, settings);
 * await session.load();
 */
export class SignedCookieSession extends SessionBase {
  protected override async loadData(): Promise<Record<string, SessionValue>> {
    if (this.sessionKey === undefined) return {};
    try {
      const data = loads(this.sessionKey, {
        key: this.settings.SECRET_KEY,
        salt: SALT,
        maxAge: this.settings.SESSION_COOKIE_AGE,
      });
      if (typeof data === "object" && data !== null && !Array.isArray(data)) {
        return data as Record<string, SessionValue>;
      }
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error;
    }
    // As Django: a bad cookie is a new, empty session (and a fresh key on save).
    this.sessionKey = undefined;
    return {};
  }

  override async save(_mustCreate = false): Promise<void> {
    this.sessionKey = dumps(this.data, {
      key: this.settings.SECRET_KEY,
      salt: SALT,
      compress: true,
    });
    this.modified = true;
  }

  override async deleteSession(_sessionKey?: string): Promise<void> {
    // The data lives in the cookie; forgetting the key is all there is to delete.
    this.sessionKey = undefined;
    this.modified = true;
  }
}
