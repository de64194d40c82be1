import { DjangoError, TooManyFieldsSent } from "../core/exceptions.ts";

/** Options for parsing a query string into a {@link QueryDict}. */
export interface QueryDictOptions {
  /** Allow changes (default false, like `request.GET` and `request.POST`). */
  mutable?: boolean;
  /** Refuse more fields than this with `TooManyFieldsSent` (null: no limit). */
  maxFields?: number | null;
}

/**
 * Django's `QueryDict`: a multi-valued dictionary for query strings and form data. `get`
 * returns the **last** value (as Django does), `getList` all of them. `request.GET` and
 * `request.POST` are immutable; `copy()` gives a mutable one.
 *
 * @example
 * const query = new QueryDict("a=1&a=2&b=x+y");
 * query.get("a");      // "2"
 * query.getList("a");  // ["1", "2"]
 * query.get("b");      // "x y"
 * const copy = query.copy(); copy.set("page", "3"); copy.urlencode(); // "a=1&a=2&b=x+y&page=3"
 */
export class QueryDict implements Iterable<string> {
  #lists = new Map<string, string[]>();
  #mutable = true;

  constructor(queryString: string | null = "", options: QueryDictOptions = {}) {
    for (const [key, value] of parseQueryString(queryString ?? "", options.maxFields ?? null)) {
      this.appendList(key, value);
    }
    this.#mutable = options.mutable ?? false;
  }

  /**
   * A QueryDict with `key` → each of `values`; mutable unless told otherwise.
   *
   * @example
   * QueryDict.fromKeys(["a", "b"], "x").urlencode(); // "a=x&b=x"
   */
  static fromKeys(keys: Iterable<string>, value = "", options: { mutable?: boolean } = {}) {
    const dict = new QueryDict("", { mutable: true });
    for (const key of keys) dict.appendList(key, value);
    dict.#mutable = options.mutable ?? true;
    return dict;
  }

  /** Whether `set`, `appendList`, `delete`… are allowed. */
  get mutable(): boolean {
    return this.#mutable;
  }

  #assertMutable(): void {
    if (!this.#mutable) {
      throw new DjangoError(
        "DJANGO_E_IMMUTABLE_QUERYDICT",
        "This QueryDict instance is immutable; call .copy() for a mutable one",
      );
    }
  }

  /** The last value for `key`, or `fallback` (default `undefined`). */
  get(key: string): string | undefined;
  get<T>(key: string, fallback: T): string | T;
  get(key: string, fallback?: unknown): unknown {
    const list = this.#lists.get(key);
    return list === undefined || list.length === 0 ? fallback : list[list.length - 1];
  }

  /** Every value for `key` (a copy), or `fallback` (default `[]`). */
  getList(key: string, fallback: string[] = []): string[] {
    const list = this.#lists.get(key);
    return list === undefined ? fallback : [...list];
  }

  /** True when `key` is present, even with an empty value. */
  has(key: string): boolean {
    return this.#lists.has(key);
  }

  /** Replaces the values of `key` with the single `value`. */
  set(key: string, value: string): void {
    this.#assertMutable();
    this.#lists.set(key, [value]);
  }

  /** Replaces the values of `key` with `values`. */
  setList(key: string, values: readonly string[]): void {
    this.#assertMutable();
    this.#lists.set(key, [...values]);
  }

  /** Adds `value` to the values of `key`. */
  appendList(key: string, value: string): void {
    this.#assertMutable();
    const list = this.#lists.get(key);
    if (list === undefined) this.#lists.set(key, [value]);
    else list.push(value);
  }

  /** Sets `key` to `fallback` when it is absent; returns its last value. */
  setDefault(key: string, fallback = ""): string {
    if (!this.has(key)) this.set(key, fallback);
    return this.get(key, fallback);
  }

  /** Removes `key`; returns its values. */
  pop(key: string): string[] {
    this.#assertMutable();
    const list = this.#lists.get(key) ?? [];
    this.#lists.delete(key);
    return list;
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.pop(key);
  }

  /** Removes every key. */
  clear(): void {
    this.#assertMutable();
    this.#lists.clear();
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.#lists.size;
  }

  /** The distinct keys, in first-seen order. */
  keys(): string[] {
    return [...this.#lists.keys()];
  }

  /** `[key, lastValue]` pairs, like Django's `items()`. */
  items(): [string, string][] {
    return this.keys().map((key) => [key, this.get(key, "")]);
  }

  /** `[key, values]` pairs. */
  lists(): [string, string[]][] {
    return [...this.#lists].map(([key, list]) => [key, [...list]]);
  }

  /** A plain object `key → last value`. */
  dict(): Record<string, string> {
    return Object.fromEntries(this.items());
  }

  /** A deep, mutable copy. */
  copy(): QueryDict {
    const copy = new QueryDict("", { mutable: true });
    for (const [key, list] of this.#lists) copy.setList(key, list);
    return copy;
  }

  /**
   * The data as a query string, `+` for spaces as browsers send forms; `safe` characters
   * stay unescaped.
   */
  urlencode(safe = ""): string {
    const parts: string[] = [];
    for (const [key, list] of this.#lists) {
      for (const value of list) parts.push(`${encodeField(key, safe)}=${encodeField(value, safe)}`);
    }
    return parts.join("&");
  }

  /** Iterates the keys, as iterating a Python dict does. */
  [Symbol.iterator](): Iterator<string> {
    return this.#lists.keys();
  }

  toString(): string {
    return `<QueryDict: ${JSON.stringify(Object.fromEntries(this.#lists))}>`;
  }
}

function encodeField(text: string, safe: string): string {
  let out = "";
  for (const char of text) {
    if (char === " ") out += "+";
    else if (/[A-Za-z0-9_.\-~]/.test(char) || safe.includes(char)) out += char;
    else out += encodeURIComponent(char).replace(/[!'()*]/g, percentByte);
  }
  return out;
}

function percentByte(char: string): string {
  return "%" + char.charCodeAt(0).toString(16).toUpperCase();
}

/**
 * Splits a query string (or urlencoded body) into decoded `[key, value]` pairs as Django's
 * `limited_parse_qsl` does: `&` separates fields (`;` does not), `+` is a space, blank values
 * are kept, a field without `=` has an empty value, bad `%` escapes stay as they are, and more
 * than `maxFields` fields is `TooManyFieldsSent` (400).
 *
 * @example
 * parseQueryString("a=1&b&c=%E2%9C%93"); // [["a", "1"], ["b", ""], ["c", "✓"]]
 */
export function parseQueryString(
  text: string,
  maxFields: number | null = null,
): [string, string][] {
  if (text === "") return [];
  const fields = text.split("&");
  if (maxFields !== null && fields.length > maxFields) {
    throw new TooManyFieldsSent(
      "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.",
    );
  }
  const pairs: [string, string][] = [];
  for (const field of fields) {
    if (field === "") continue;
    const equals = field.indexOf("=");
    const key = equals === -1 ? field : field.slice(0, equals);
    const value = equals === -1 ? "" : field.slice(equals + 1);
    pairs.push([unquotePlus(key), unquotePlus(value)]);
  }
  return pairs;
}

const utf8 = new TextDecoder("utf-8");

/** Decodes `+` and `%XX` (UTF-8, invalid bytes → U+FFFD); a bad escape is kept literally. */
function unquotePlus(text: string): string {
  const spaced = text.replace(/\+/g, " ");
  if (!spaced.includes("%")) return spaced;
  const bytes: number[] = [];
  let out = "";
  const flush = () => {
    if (bytes.length > 0) out += utf8.decode(new Uint8Array(bytes));
    bytes.length = 0;
  };
  for (let i = 0; i < spaced.length; i++) {
    const hex = spaced.slice(i + 1, i + 3);
    if (spaced[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      out += spaced[i];
    }
  }
  flush();
  return out;
}
