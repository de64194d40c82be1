import type { Environ } from "@tsgi/core";

/**
 * The request headers, read from the environ's `HTTP_*`, `CONTENT_TYPE` and
 * `CONTENT_LENGTH` keys and looked up in any letter case (Django's `request.headers`).
 *
 * @example
 * request.headers.get("user-agent"); // "Mozilla/5.0 …"
 * request.headers.get("X-Requested-With");
 */
export class HttpHeaders implements Iterable<[string, string]> {
  #values = new Map<string, string>();

  constructor(environ: Environ) {
    for (const [key, value] of Object.entries(environ)) {
      if (typeof value !== "string") continue;
      const name = HttpHeaders.nameFromEnvironKey(key);
      if (name !== undefined) this.#values.set(name.toLowerCase(), value);
    }
  }

  /**
   * The header name for an environ key: `HTTP_USER_AGENT` → "User-Agent", `CONTENT_TYPE` →
   * "Content-Type"; `undefined` for keys that are not headers.
   */
  static nameFromEnvironKey(key: string): string | undefined {
    let raw: string;
    if (key === "CONTENT_TYPE" || key === "CONTENT_LENGTH") raw = key;
    else if (key.startsWith("HTTP_")) raw = key.slice(5);
    else return undefined;
    return raw
      .toLowerCase()
      .split("_")
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join("-");
  }

  /** The value of header `name` (any case), or `undefined`. */
  get(name: string): string | undefined {
    return this.#values.get(name.toLowerCase().replace(/_/g, "-"));
  }

  /** True when the request carries header `name`. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** `[lower-case name, value]` pairs. */
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.#values[Symbol.iterator]();
  }
}
