import type { Settings } from "../conf/global-settings.ts";

/** Session values are stored as JSON (Django's JSONSerializer): keep them JSON-friendly. */
export type SessionValue = unknown;

const EXPIRY_KEY = "_session_expiry";

/**
 * The session API every backend shares (Django's `SessionBase`). SessionMiddleware loads
 * the session before the view runs, so reads and writes are synchronous; `save`, `flush`
 * and `cycleKey` are async because a database backend (issue 7) needs I/O.
 *
 * @example
 * const visits = Number(request.session.get("visits", 0)) + 1;
 * request.session.set("visits", visits);
 */
export abstract class SessionBase {
  /** True once a value was set or deleted: the middleware then saves the session. */
  modified = false;
  /** True once the session was read: the response then varies on Cookie. */
  accessed = false;
  /** The key the client holds (the cookie value); `undefined` before the first save. */
  sessionKey: string | undefined;
  protected data: Record<string, SessionValue> = {};
  protected readonly settings: Settings;
  #loaded = false;

  constructor(sessionKey: string | undefined, settings: Settings) {
    this.sessionKey = sessionKey;
    this.settings = settings;
  }

  /** Reads the stored data for `sessionKey` (an empty object when there is none or it is bad). */
  protected abstract loadData(): Promise<Record<string, SessionValue>>;
  /** Stores the data and sets `sessionKey`. */
  abstract save(mustCreate?: boolean): Promise<void>;
  /** Removes the stored session `sessionKey` (default: this one) from the backend. */
  abstract deleteSession(sessionKey?: string): Promise<void>;

  /** Loads the data once; SessionMiddleware calls it before the view. */
  async load(): Promise<void> {
    if (this.#loaded) return;
    this.data = await this.loadData();
    this.#loaded = true;
  }

  /** The value for `key`, or `fallback`. */
  get<T = SessionValue>(key: string, fallback?: T): T | undefined {
    this.accessed = true;
    return (Object.hasOwn(this.data, key) ? this.data[key] : fallback) as T | undefined;
  }

  /** Sets `key` (the value must survive JSON). */
  set(key: string, value: SessionValue): void {
    this.accessed = true;
    this.modified = true;
    this.data[key] = value;
  }

  /** True when `key` is set. */
  has(key: string): boolean {
    this.accessed = true;
    return Object.hasOwn(this.data, key);
  }

  /** Removes `key` and returns its value (or `fallback`). */
  pop<T = SessionValue>(key: string, fallback?: T): T | undefined {
    this.accessed = true;
    if (!Object.hasOwn(this.data, key)) return fallback;
    this.modified = true;
    const value = this.data[key] as T;
    delete this.data[key];
    return value;
  }

  /** Removes `key` (Django's `del request.session[key]`). */
  delete(key: string): void {
    this.pop(key);
  }

  /** Sets `key` to `value` when absent; returns the value in force. */
  setDefault<T = SessionValue>(key: string, value: T): T {
    if (!this.has(key)) this.set(key, value);
    return this.data[key] as T;
  }

  /** The keys. */
  keys(): string[] {
    this.accessed = true;
    return Object.keys(this.data);
  }

  /** `[key, value]` pairs. */
  items(): [string, SessionValue][] {
    this.accessed = true;
    return Object.entries(this.data);
  }

  /** Removes every value, keeping the key. */
  clear(): void {
    this.accessed = true;
    this.modified = true;
    this.data = {};
  }

  /** True when there is neither data nor a key: nothing to store, cookie can go. */
  isEmpty(): boolean {
    return this.sessionKey === undefined && Object.keys(this.data).length === 0;
  }

  /**
   * Empties the session and forgets its key (logout): the old key cannot be used again.
   *
   * @example
   * await request.session.flush();
   */
  async flush(): Promise<void> {
    this.clear();
    await this.deleteSession();
    this.sessionKey = undefined;
  }

  /**
   * Keeps the data under a new key (after login, against session fixation).
   *
   * @example
   * await request.session.cycleKey();
   */
  async cycleKey(): Promise<void> {
    const data = { ...this.data };
    const oldKey = this.sessionKey;
    this.data = data;
    await this.save(true);
    if (oldKey !== undefined && oldKey !== this.sessionKey) await this.deleteSession(oldKey);
    this.modified = true;
  }

  /**
   * Sets when the session expires: seconds from now, a Date, 0 (at browser close) or null
   * (back to the SESSION_COOKIE_AGE / SESSION_EXPIRE_AT_BROWSER_CLOSE defaults).
   */
  setExpiry(value: number | Date | null): void {
    if (value === null) {
      this.pop(EXPIRY_KEY);
      return;
    }
    this.set(EXPIRY_KEY, value instanceof Date ? value.toISOString() : value);
  }

  /** Seconds until expiry. */
  getExpiryAge(): number {
    const expiry = this.data[EXPIRY_KEY];
    if (typeof expiry === "number" && expiry > 0) return expiry;
    if (typeof expiry === "string") {
      return Math.max(0, Math.floor((Date.parse(expiry) - Date.now()) / 1000));
    }
    return this.settings.SESSION_COOKIE_AGE;
  }

  /** True when the cookie should be a browser-session cookie. */
  getExpireAtBrowserClose(): boolean {
    const expiry = this.data[EXPIRY_KEY];
    if (expiry === undefined) return this.settings.SESSION_EXPIRE_AT_BROWSER_CLOSE;
    return expiry === 0;
  }
}
