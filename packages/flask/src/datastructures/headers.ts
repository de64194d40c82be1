import type { Header, HeaderList } from "@tsgi/core";

/**
 * Thrown when a header name or value could not be sent (CR/LF, non-Latin-1, bad name).
 *
 * @example
 * response.headers.set("X-A", "1\r\nSet-Cookie: x=1"); // throws InvalidHeaderError
 */
export class InvalidHeaderError extends TypeError {
  readonly code = "FLASK_E_INVALID_HEADER";
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Any header list shape a view may hand over: pairs, an object, or a `Headers`. */
export type HeadersInit =
  | Headers
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | number | readonly string[]>>;

/**
 * Response headers as ordered `[name, value]` pairs, never a map, so repeated `Set-Cookie`
 * survive. Lookups ignore case; the case given is what is sent. Like Werkzeug's `Headers`.
 *
 * @example
 * const headers = new Headers([["Content-Type", "text/plain"]]);
 * headers.add("Set-Cookie", "a=1");
 * headers.add("Set-Cookie", "b=2");
 * headers.getAll("set-cookie"); // ["a=1", "b=2"]
 * headers.set("content-type", "text/html");
 * headers.toList(); // [["content-type", "text/html"], ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]]
 */
export class Headers {
  #list: [string, string][] = [];

  constructor(init?: HeadersInit) {
    if (init !== undefined) for (const [name, value] of headerPairs(init)) this.add(name, value);
  }

  /** The first value of `name` (any case), or `undefined`. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.#list.find(([key]) => key.toLowerCase() === lower)?.[1];
  }

  /** Every value of `name`, in order. */
  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    return this.#list.filter(([key]) => key.toLowerCase() === lower).map(([, value]) => value);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Adds one more `name: value`, keeping the others. */
  add(name: string, value: string | number): void {
    const text = String(value);
    checkHeader(name, text);
    this.#list.push([name, text]);
  }

  /** Replaces every `name` header with one value, in the place of the first one. */
  set(name: string, value: string | number): void {
    const text = String(value);
    checkHeader(name, text);
    const lower = name.toLowerCase();
    const index = this.#list.findIndex(([key]) => key.toLowerCase() === lower);
    if (index === -1) {
      this.#list.push([name, text]);
      return;
    }
    this.#list[index] = [name, text];
    this.#list = this.#list.filter(
      ([key], position) => position <= index || key.toLowerCase() !== lower,
    );
  }

  /** Sets `name` only when it is absent; returns the value in place. */
  setDefault(name: string, value: string | number): string {
    const existing = this.get(name);
    if (existing !== undefined) return existing;
    this.add(name, value);
    return String(value);
  }

  delete(name: string): void {
    const lower = name.toLowerCase();
    this.#list = this.#list.filter(([key]) => key.toLowerCase() !== lower);
  }

  /**
   * Werkzeug's `update`: each name given replaces all existing values of that name, and a
   * name given several times keeps all of the given values.
   */
  update(init: HeadersInit): void {
    const pairs = headerPairs(init);
    for (const name of new Set(pairs.map(([key]) => key.toLowerCase()))) this.delete(name);
    for (const [name, value] of pairs) this.add(name, value);
  }

  /** Appends every pair of `init`, keeping what is there. */
  extend(init: HeadersInit): void {
    for (const [name, value] of headerPairs(init)) this.add(name, value);
  }

  /** A copy of the pairs, for `startResponse`. */
  toList(): HeaderList {
    return this.#list.map(([name, value]) => [name, value] as Header);
  }

  get size(): number {
    return this.#list.length;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#list.map(([name, value]): [string, string] => [name, value])[Symbol.iterator]();
  }
}

function headerPairs(init: HeadersInit): [string, string][] {
  if (init instanceof Headers) return [...init];
  if (Symbol.iterator in init) {
    return Array.from(init as Iterable<readonly [string, string]>, ([name, value]) => [
      name,
      String(value),
    ]);
  }
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(init)) {
    if (Array.isArray(value)) for (const item of value) pairs.push([name, String(item)]);
    else pairs.push([name, String(value)]);
  }
  return pairs;
}

function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name))
    throw new InvalidHeaderError(`invalid header name ${JSON.stringify(name)}`);
  // A CR or LF would split the response (header injection); non-Latin-1 cannot be sent at all.
  if (/[\r\n\0]/.test(value) || [...value].some((char) => char.charCodeAt(0) > 0xff)) {
    throw new InvalidHeaderError(
      `header ${name} has a value that cannot be sent (CR, LF, NUL or non-Latin-1): ${JSON.stringify(value)}`,
    );
  }
}
