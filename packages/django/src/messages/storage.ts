import { BadSignature, dumps, loads } from "../core/signing.ts";
import type { HttpRequest } from "../http/request.ts";
import type { HttpResponseBase } from "../http/response.ts";
import { Message } from "./constants.ts";

/**
 * Where messages wait between requests (Django's `BaseStorage`). Iterating marks them as
 * read: they are then dropped when the response is processed; unread ones are kept.
 *
 * @example
 * for (const message of getMessages(request)) console.log(message.tags, String(message));
 */
export abstract class MessageStorage implements Iterable<Message> {
  /** Set by iteration: the loaded messages were shown and may go. */
  used = false;
  protected addedNew = false;
  protected queued: Message[] = [];
  #loaded: Message[] | undefined;
  #level: number | undefined;

  constructor(protected readonly request: HttpRequest) {}

  protected abstract read(): Message[];
  protected abstract write(messages: Message[], response: HttpResponseBase): void;

  protected get loaded(): Message[] {
    this.#loaded ??= this.read();
    return this.#loaded;
  }

  /** Minimum level recorded (MESSAGE_LEVEL unless set). */
  get level(): number {
    return this.#level ?? this.request.settings.MESSAGE_LEVEL;
  }
  set level(level: number) {
    this.#level = level;
  }

  /** Queues a message unless its level is below {@link level}. */
  add(level: number, message: string, extraTags = ""): void {
    if (level < this.level) return;
    this.addedNew = true;
    this.queued.push(new Message(level, String(message), extraTags));
  }

  /** How many messages are waiting. */
  get length(): number {
    return this.loaded.length + this.queued.length;
  }

  [Symbol.iterator](): Iterator<Message> {
    this.used = true;
    const all = [...this.loaded, ...this.queued];
    if (this.queued.length > 0) {
      this.#loaded = all;
      this.queued = [];
    }
    return all[Symbol.iterator]();
  }

  /** Stores what must survive this request; MessageMiddleware calls it. */
  update(response: HttpResponseBase): void {
    if (this.used) this.write(this.queued, response);
    else if (this.addedNew) this.write([...this.loaded, ...this.queued], response);
  }
}

const SESSION_KEY = "_messages";

/**
 * Messages kept in the session (Django's `SessionStorage`).
 *
 * @example
 * MESSAGE_STORAGE: "session"
 */
export class SessionMessageStorage extends MessageStorage {
  protected read(): Message[] {
    const stored = this.request.session.get<unknown[]>(SESSION_KEY, []);
    return (Array.isArray(stored) ? stored : []).flatMap((item) => Message.fromJSON(item) ?? []);
  }

  protected write(messages: Message[]): void {
    if (messages.length > 0)
      this.request.session.set(
        SESSION_KEY,
        messages.map((m) => m.toJSON()),
      );
    else if (this.request.session.has(SESSION_KEY)) this.request.session.delete(SESSION_KEY);
  }
}

const COOKIE_NAME = "messages";
const SALT = "django.contrib.messages";

/**
 * Messages kept in a signed cookie (Django's `CookieStorage`); a tampered cookie is ignored.
 *
 * @example
 * MESSAGE_STORAGE: "cookie"
 */
export class CookieMessageStorage extends MessageStorage {
  protected read(): Message[] {
    const cookie = this.request.COOKIES[COOKIE_NAME];
    if (cookie === undefined) return [];
    try {
      const stored = loads(cookie, { key: this.request.settings.SECRET_KEY, salt: SALT });
      return Array.isArray(stored) ? stored.flatMap((item) => Message.fromJSON(item) ?? []) : [];
    } catch (error) {
      if (error instanceof BadSignature) return [];
      throw error;
    }
  }

  protected write(messages: Message[], response: HttpResponseBase): void {
    const settings = this.request.settings;
    const options = {
      path: settings.SESSION_COOKIE_PATH,
      ...(settings.SESSION_COOKIE_DOMAIN === undefined
        ? {}
        : { domain: settings.SESSION_COOKIE_DOMAIN }),
    };
    if (messages.length > 0) {
      const value = dumps(
        messages.map((m) => m.toJSON()),
        { key: settings.SECRET_KEY, salt: SALT, compress: true },
      );
      response.setCookie(COOKIE_NAME, value, {
        ...options,
        secure: settings.SESSION_COOKIE_SECURE,
        httpOnly: settings.SESSION_COOKIE_HTTPONLY,
        sameSite: settings.SESSION_COOKIE_SAMESITE,
      });
    } else if (COOKIE_NAME in this.request.COOKIES) {
      response.deleteCookie(COOKIE_NAME, {
        ...options,
        sameSite: settings.SESSION_COOKIE_SAMESITE,
      });
    }
  }
}

/**
 * The storage named by MESSAGE_STORAGE: "session", "cookie", or "fallback" (the default:
 * the session when SessionMiddleware runs, else the cookie — simpler than Django's
 * overflow-from-cookie-to-session, with the same result for normal message sizes).
 *
 * @example
 * const storage = defaultStorage(request);
 */
export function defaultStorage(request: HttpRequest): MessageStorage {
  const name = request.settings.MESSAGE_STORAGE.toLowerCase();
  if (name.includes("cookie")) return new CookieMessageStorage(request);
  if (name.includes("session")) return new SessionMessageStorage(request);
  return request.hasSession()
    ? new SessionMessageStorage(request)
    : new CookieMessageStorage(request);
}
