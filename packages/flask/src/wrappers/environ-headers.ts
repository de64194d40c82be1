import type { Environ } from "@tsgi/core";

/**
 * The request headers, read from the environ (Werkzeug's `EnvironHeaders`): lookups ignore
 * case; `Content-Type` and `Content-Length` come from their CGI keys, the others from `HTTP_*`.
 *
 * @example
 * request.headers.get("User-Agent"); // "curl/8.5.0"
 * request.headers.get("x-missing", "none"); // "none"
 */
export class EnvironHeaders {
  readonly #environ: Environ;

  constructor(environ: Environ) {
    this.#environ = environ;
  }

  get(name: string): string | undefined;
  get(name: string, fallback: string): string;
  get(name: string, fallback?: string): string | undefined {
    const value = this.#environ[environKey(name)];
    return typeof value === "string" ? value : fallback;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Every header as `[Name-In-Title-Case, value]`. */
  entries(): [string, string][] {
    const pairs: [string, string][] = [];
    for (const [key, value] of Object.entries(this.#environ)) {
      if (typeof value !== "string") continue;
      if (key.startsWith("HTTP_")) pairs.push([titleCase(key.slice(5)), value]);
      else if (key === "CONTENT_TYPE" || key === "CONTENT_LENGTH") {
        if (value !== "") pairs.push([titleCase(key), value]);
      }
    }
    return pairs;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries()[Symbol.iterator]();
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }
}

function environKey(name: string): string {
  const key = name.toUpperCase().replace(/-/g, "_");
  return key === "CONTENT_TYPE" || key === "CONTENT_LENGTH" ? key : `HTTP_${key}`;
}

function titleCase(key: string): string {
  return key
    .toLowerCase()
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("-");
}
