/**
 * Thrown when the session is written but the app has no `SECRET_KEY`.
 *
 * @example
 * session.set("k", 1); // without SECRET_KEY: NoSecretKeyError (FLASK_E_NO_SECRET_KEY)
 */
export class NoSecretKeyError extends Error {
  readonly code = "FLASK_E_NO_SECRET_KEY";
  constructor() {
    super(
      "The session is unavailable because no secret key was set. Set the SECRET_KEY on the application to something unique and secret.",
    );
  }
}

/** A JSON-compatible value, what a cookie session can hold. */
export type SessionValue =
  string | number | boolean | null | SessionValue[] | { [key: string]: SessionValue };

/**
 * The session of one request, like Flask's `SecureCookieSession`: a Map-like store of JSON
 * values that records whether it was read (`accessed`, which adds `Vary: Cookie`) and
 * changed (`modified`, which re-sends the cookie). Flask's `session["k"] = v` is
 * `session.set("k", v)` here, `session.get("k")` is the same.
 *
 * Changing a nested object in place does not mark the session modified (as in Flask); call
 * `set` again or set `session.modified = true`.
 *
 * @example
 * session.clear();
 * session.set("userId", user.id);
 * session.permanent = true;   // the cookie outlives the browser (PERMANENT_SESSION_LIFETIME)
 * session.get("userId");      // 1
 */
export class Session {
  /** True when the session changed during this request. */
  modified = false;
  /** True when the session was read or changed during this request. */
  accessed = false;
  /** True when there was no valid cookie (a fresh session). */
  readonly isNew: boolean;
  readonly #data: Map<string, SessionValue>;

  constructor(
    initial: Readonly<Record<string, SessionValue>> = {},
    options: { isNew?: boolean } = {},
  ) {
    this.#data = new Map(Object.entries(initial));
    this.isNew = options.isNew ?? true;
  }

  /** Whether the cookie should outlive the browser session (stored as `_permanent`). */
  get permanent(): boolean {
    return this.#data.get("_permanent") === true;
  }
  set permanent(value: boolean) {
    this.onWrite();
    if (value) this.#data.set("_permanent", true);
    else this.#data.delete("_permanent");
    this.modified = true;
  }

  get<T extends SessionValue = SessionValue>(key: string): T | undefined;
  get<T extends SessionValue = SessionValue>(key: string, fallback: T): T;
  get(key: string, fallback?: SessionValue): SessionValue | undefined {
    this.accessed = true;
    return this.#data.has(key) ? this.#data.get(key) : fallback;
  }

  has(key: string): boolean {
    this.accessed = true;
    return this.#data.has(key);
  }

  set(key: string, value: SessionValue): this {
    this.onWrite();
    this.accessed = true;
    this.modified = true;
    this.#data.set(key, value);
    return this;
  }

  /** Sets `key` when absent; returns the value in place. */
  setDefault<T extends SessionValue>(key: string, value: T): SessionValue {
    if (this.has(key)) return this.#data.get(key)!;
    this.set(key, value);
    return value;
  }

  delete(key: string): boolean {
    this.accessed = true;
    if (!this.#data.has(key)) return false;
    this.onWrite();
    this.modified = true;
    return this.#data.delete(key);
  }

  /** Removes and returns `key` (or `fallback`). */
  pop<T extends SessionValue = SessionValue>(key: string, fallback?: T): T | undefined {
    const value = this.get(key) as T | undefined;
    if (this.#data.has(key)) this.delete(key);
    return value ?? fallback;
  }

  clear(): void {
    this.accessed = true;
    if (this.#data.size === 0) return;
    this.onWrite();
    this.modified = true;
    this.#data.clear();
  }

  /** Sets every key of `values`. */
  update(values: Readonly<Record<string, SessionValue>>): void {
    for (const [key, value] of Object.entries(values)) this.set(key, value);
  }

  keys(): string[] {
    this.accessed = true;
    return [...this.#data.keys()];
  }

  entries(): [string, SessionValue][] {
    this.accessed = true;
    return [...this.#data.entries()];
  }

  get size(): number {
    this.accessed = true;
    return this.#data.size;
  }

  /** The stored data, for the cookie (does not count as an access). */
  toJSON(): Record<string, SessionValue> {
    return Object.fromEntries(this.#data);
  }

  /** Hook for sessions that cannot be written (no secret key). */
  protected onWrite(): void {}
}

/**
 * The session when the app has no `SECRET_KEY` (Flask's `NullSession`): it reads as empty,
 * and any write throws {@link NoSecretKeyError} with a message saying what to set.
 *
 * @example
 * new NullSession().set("k", 1); // throws NoSecretKeyError (FLASK_E_NO_SECRET_KEY)
 */
export class NullSession extends Session {
  protected override onWrite(): void {
    throw new NoSecretKeyError();
  }
}
