import type { Header, HeaderList } from "../types.ts";

// Helpers for ordered `[name, value]` header lists. Names compare case-insensitively.
// None of them mutates its input: the setters return a new list, so a middleware can rewrite
// the headers it passes on without touching the list the inner app still holds.

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1, lower case). Apps must not send them; servers drop
 * them and proxies must not forward them.
 *
 * @example
 * HOP_BY_HOP.has("transfer-encoding"); // true
 */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * True when `name` is a hop-by-hop header, in any letter case.
 *
 * @example
 * isHopByHop("Connection"); // true
 * isHopByHop("Content-Type"); // false
 */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name.toLowerCase());
}

/**
 * The value of the first header called `name`, or `undefined`.
 *
 * @example
 * getHeader([["Content-Type", "text/html"]], "content-type"); // "text/html"
 */
export function getHeader(headers: Iterable<Header>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Every value of the headers called `name`, in order (for Set-Cookie, one per cookie).
 *
 * @example
 * getAllHeaders([["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]], "set-cookie"); // ["a=1", "b=2"]
 */
export function getAllHeaders(headers: Iterable<Header>, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of headers) if (key.toLowerCase() === wanted) values.push(value);
  return values;
}

/**
 * True when at least one header is called `name`.
 *
 * @example
 * hasHeader([["ETag", '"x"']], "etag"); // true
 */
export function hasHeader(headers: Iterable<Header>, name: string): boolean {
  return getHeader(headers, name) !== undefined;
}

/**
 * A new list where `name` has exactly one value: the first header of that name is replaced
 * in place (keeping its position), later ones are dropped; appended when absent.
 *
 * @example
 * setHeader([["Content-Type", "text/plain"], ["X", "1"]], "content-type", "text/html");
 * // [["Content-Type", "text/html"], ["X", "1"]]
 */
export function setHeader(headers: readonly Header[], name: string, value: string): HeaderList {
  const wanted = name.toLowerCase();
  const result: HeaderList = [];
  let replaced = false;
  for (const header of headers) {
    if (header[0].toLowerCase() !== wanted) result.push(header);
    else if (!replaced) {
      // Keep the original spelling of the name, as the app wrote it.
      result.push([header[0], value]);
      replaced = true;
    }
  }
  if (!replaced) result.push([name, value]);
  return result;
}

/**
 * A new list with one more header at the end (repeats allowed, as for Set-Cookie).
 *
 * @example
 * addHeader([["Set-Cookie", "a=1"]], "Set-Cookie", "b=2");
 * // [["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"]]
 */
export function addHeader(headers: readonly Header[], name: string, value: string): HeaderList {
  return [...headers, [name, value]];
}

/**
 * A new list without any header called `name`.
 *
 * @example
 * removeHeader([["Content-Length", "5"], ["X", "1"]], "content-length"); // [["X", "1"]]
 */
export function removeHeader(headers: readonly Header[], name: string): HeaderList {
  const wanted = name.toLowerCase();
  return headers.filter(([key]) => key.toLowerCase() !== wanted);
}
