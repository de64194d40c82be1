import { BadRequestKeyError } from "../exceptions/classes.ts";

/**
 * An ordered multi-map of string keys, like Werkzeug's `MultiDict`: query strings, forms and
 * cookies may repeat a key, and the order in which values arrived is kept.
 *
 * `get` returns the first value (or a default); `getAll` every value. Reading a key that is
 * not there with {@link MultiDict.require} — or, on `request.args`, `request.form` and
 * `request.files`, by indexing (`request.form["title"]`) — throws `BadRequestKeyError`, which
 * answers 400 naming the key, as Werkzeug's `__getitem__` does.
 *
 * @example
 * const args = MultiDict.fromQueryString("tag=a&tag=b&page=2");
 * args.get("tag");                 // "a"
 * args.getAll("tag");              // ["a", "b"]
 * args.get("page", undefined, Number); // 2
 * args.get("missing", "none");     // "none"
 */
export class MultiDict<V = string> {
  readonly #entries: [string, V][] = [];

  constructor(entries?: Iterable<readonly [string, V]> | Readonly<Record<string, V | V[]>>) {
    if (entries === undefined) return;
    if (Symbol.iterator in entries) {
      for (const [key, value] of entries as Iterable<readonly [string, V]>) this.add(key, value);
    } else {
      for (const [key, value] of Object.entries(entries)) {
        for (const item of Array.isArray(value) ? (value as V[]) : [value as V])
          this.add(key, item);
      }
    }
  }

  /** Parses an `application/x-www-form-urlencoded` text (a query string or a form body). */
  static fromQueryString(text: string): MultiDict<string> {
    return new MultiDict<string>(new URLSearchParams(text));
  }

  /** The first value of `key`, converted by `type` when given; `fallback` when absent or when `type` throws. */
  get(key: string): V | undefined;
  get(key: string, fallback: V): V;
  get<T>(key: string, fallback: T | undefined, type: (value: V) => T): T | undefined;
  get<T>(key: string, fallback?: T | V, type?: (value: V) => T): T | V | undefined {
    const found = this.#entries.find(([name]) => name === key);
    if (found === undefined) return fallback;
    if (type === undefined) return found[1];
    try {
      const converted = type(found[1]);
      // Werkzeug's type= treats a ValueError as "absent"; NaN is JavaScript's ValueError.
      return typeof converted === "number" && Number.isNaN(converted) ? fallback : converted;
    } catch {
      return fallback;
    }
  }

  /** The first value of `key`; throws `BadRequestKeyError` (→ 400 naming the key) when absent. */
  require(key: string): V {
    const found = this.#entries.find(([name]) => name === key);
    if (found === undefined) throw new BadRequestKeyError(key);
    return found[1];
  }

  /** Every value of `key`, in arrival order (an empty array when absent). */
  getAll(key: string): V[] {
    return this.#entries.filter(([name]) => name === key).map(([, value]) => value);
  }

  has(key: string): boolean {
    return this.#entries.some(([name]) => name === key);
  }

  /** Appends one more value for `key`. */
  add(key: string, value: V): void {
    this.#entries.push([key, value]);
  }

  /** Replaces every value of `key` with `value`. */
  set(key: string, value: V): void {
    this.delete(key);
    this.add(key, value);
  }

  delete(key: string): void {
    for (let index = this.#entries.length - 1; index >= 0; index--) {
      if (this.#entries[index]![0] === key) this.#entries.splice(index, 1);
    }
  }

  /** Distinct keys, in order of first appearance. */
  keys(): string[] {
    return [...new Set(this.#entries.map(([key]) => key))];
  }

  /** Every `[key, value]` pair, repeated keys included. */
  entries(): [string, V][] {
    return this.#entries.map(([key, value]) => [key, value]);
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.keys().length;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries()[Symbol.iterator]();
  }

  /** First value per key, for logging and templates (`JSON.stringify(request.form)`). */
  toJSON(): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [key, value] of this.#entries) if (!(key in out)) out[key] = value;
    return out;
  }
}

/**
 * A `MultiDict` that can also be indexed like a Python dict: `form["title"]` is the first
 * value, and a missing key throws `BadRequestKeyError` (400 naming the key). Keys that collide
 * with a method name (`get`, `keys`, …) must be read with `require`.
 */
export type IndexedMultiDict<V = string> = MultiDict<V> & { readonly [key: string]: V };

/**
 * Wraps a `MultiDict` so that `dict["key"]` reads the first value or answers 400, the way
 * `request.form["key"]` does in Flask.
 *
 * @example
 * const form = indexable(MultiDict.fromQueryString("title=Hi"));
 * form["title"]; // "Hi"
 * form["body"];  // throws BadRequestKeyError (400: the key "body" is missing)
 */
export function indexable<V>(dict: MultiDict<V>): IndexedMultiDict<V> {
  return new Proxy(dict, {
    get(target, property) {
      // `then` stays undefined so that a form passed through `await` is not taken for a promise.
      if (property === "then") return undefined;
      if (typeof property === "symbol" || property in target) {
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return target.require(property);
    },
    has(target, property) {
      return typeof property === "string" ? target.has(property) : property in target;
    },
    set() {
      throw new TypeError("request data is read-only; copy it into a new MultiDict to change it");
    },
  }) as IndexedMultiDict<V>;
}
