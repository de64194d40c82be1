import type { Environ } from "../types.ts";

/**
 * Percent-encodes text the way Python's `urllib.parse.quote(text, safe="/")` does: the text
 * is taken as UTF-8 and every byte except `A-Z a-z 0-9 _ . - ~` and `/` becomes `%XX`.
 * TSGI's PATH_INFO and SCRIPT_NAME are decoded Unicode, so UTF-8 (not WSGI's Latin-1) is the
 * encoding that gives back what the client sent.
 *
 * @example
 * quotePath("/café menu"); // "/caf%C3%A9%20menu"
 */
export function quotePath(text: string): string {
  let out = "";
  for (const byte of encoder.encode(text)) {
    out += isUnreserved(byte) || byte === SLASH ? String.fromCharCode(byte) : percent(byte);
  }
  return out;
}

/**
 * The URL of the application's root: scheme, host and quoted SCRIPT_NAME (`/` when empty),
 * as `wsgiref.util.application_uri` builds it.
 *
 * @example
 * import { buildTestEnviron } from "@tsgi/core/testing";
 * applicationUri(buildTestEnviron("GET", "/posts", { baseUrl: "http://example.org/blog" }));
 * // "http://example.org/blog"
 */
export function applicationUri(environ: Environ): string {
  return origin(environ) + quotePath(environ.SCRIPT_NAME || "/");
}

/** Options for {@link requestUri}. */
export interface RequestUriOptions {
  /** Append `?QUERY_STRING` when there is one (default true). */
  includeQuery?: boolean;
}

/**
 * Rebuilds the full request URL with PEP 3333's "URL Reconstruction" algorithm: HTTP_HOST, or
 * SERVER_NAME plus SERVER_PORT when it is not the scheme's default; then SCRIPT_NAME and
 * PATH_INFO re-quoted; then the raw QUERY_STRING. When both paths are empty the path is `/`,
 * so the result is always a usable absolute URL.
 *
 * @example
 * import { buildTestEnviron } from "@tsgi/core/testing";
 * const environ = buildTestEnviron("GET", "/a b?x=1", { baseUrl: "http://example.org:8080/" });
 * requestUri(environ);                          // "http://example.org:8080/a%20b?x=1"
 * requestUri(environ, { includeQuery: false }); // "http://example.org:8080/a%20b"
 */
export function requestUri(environ: Environ, options: RequestUriOptions = {}): string {
  const { includeQuery = true } = options;
  const path = quotePath(environ.SCRIPT_NAME ?? "") + quotePath(environ.PATH_INFO ?? "");
  let url = origin(environ) + (path === "" ? "/" : path);
  if (includeQuery && environ.QUERY_STRING) url += "?" + environ.QUERY_STRING;
  return url;
}

function origin(environ: Environ): string {
  const scheme = environ["tsgi.url_scheme"];
  const host = environ.HTTP_HOST;
  if (typeof host === "string" && host !== "") return `${scheme}://${host}`;
  const defaultPort = scheme === "https" ? "443" : "80";
  const port = environ.SERVER_PORT;
  return `${scheme}://${environ.SERVER_NAME}${port === defaultPort ? "" : ":" + port}`;
}

const encoder = new TextEncoder();
const SLASH = 0x2f;
const HEX = "0123456789ABCDEF";

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x2d || // -
    byte === 0x7e // ~
  );
}

function percent(byte: number): string {
  return "%" + HEX[byte >> 4]! + HEX[byte & 0x0f]!;
}
