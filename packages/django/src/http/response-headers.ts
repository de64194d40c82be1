import type { HeaderList } from "@tsgi/core";

/**
 * A response's headers: case-insensitive, in insertion order, one value per name unless
 * `append` adds more (Django's `ResponseHeaders`, plus `append` for headers such as `Link`).
 * Cookies live in `response.cookies` and become one `Set-Cookie` each.
 *
 * @example
 * const headers = new ResponseHeaders({ "Content-Type": "text/plain" });
 * headers.get("content-type"); // "text/plain"
 * headers.set("Cache-Control", "no-cache");
 */
export class ResponseHeaders implements Iterable<[string, string]> {
  #pairs: [string, string][] = [];

  constructor(init?: Record<string, string> | Iterable<readonly [string, string]>) {
    if (init === undefined) return;
    const entries = Symbol.iterator in init ? init : Object.entries(init);
    for (const [name, value] of entries as Iterable<readonly [string, string]>) {
      this.set(name, value);
    }
  }

  /** The first value of `name` (any case), or `undefined`. */
  get(name: string): string | undefined {
    const wanted = name.toLowerCase();
    return this.#pairs.find(([key]) => key.toLowerCase() === wanted)?.[1];
  }

  /** Every value of `name`. */
  getAll(name: string): string[] {
    const wanted = name.toLowerCase();
    return this.#pairs.filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value);
  }

  /** True when `name` is set. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Replaces every value of `name` with `value` (keeping the first one's position). */
  set(name: string, value: string): void {
    checkHeader(name, value);
    const wanted = name.toLowerCase();
    const index = this.#pairs.findIndex(([key]) => key.toLowerCase() === wanted);
    if (index === -1) {
      this.#pairs.push([name, value]);
      return;
    }
    this.#pairs[index] = [name, value];
    this.#pairs = this.#pairs.filter(([key], i) => i === index || key.toLowerCase() !== wanted);
  }

  /** Sets `name` only when it is not set yet (Django's `setdefault`). */
  setDefault(name: string, value: string): void {
    if (!this.has(name)) this.set(name, value);
  }

  /** Adds one more value for `name`. */
  append(name: string, value: string): void {
    checkHeader(name, value);
    this.#pairs.push([name, value]);
  }

  /** Removes every value of `name`. */
  delete(name: string): void {
    const wanted = name.toLowerCase();
    this.#pairs = this.#pairs.filter(([key]) => key.toLowerCase() !== wanted);
  }

  /** The headers as TSGI's ordered pairs. */
  toList(): HeaderList {
    return this.#pairs.map(([name, value]) => [name, value] as const);
  }

  [Symbol.iterator](): Iterator<[string, string]> {
    return this.#pairs.map(([name, value]): [string, string] => [name, value])[Symbol.iterator]();
  }
}

function checkHeader(name: string, value: string): void {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    throw new TypeError(`invalid header name: ${JSON.stringify(name)}`);
  }
  // Django raises BadHeaderError for newlines: they would let a value inject headers.
  if (/[\r\n]/.test(value)) {
    throw new TypeError(`header ${name} contains a newline: ${JSON.stringify(value)}`);
  }
}
