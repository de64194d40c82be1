import { buildEnviron, decodePath } from "../environ.ts";
import { createInputStream } from "../input.ts";
import type { Environ, ErrorStream } from "../types.ts";

/** Request headers: an object (an array value repeats the header) or `[name, value]` pairs. */
export type TestHeaders =
  Readonly<Record<string, string | readonly string[]>> | Iterable<readonly [string, string]>;

/** A value in `query` or `form`; an array repeats the key. */
export type FieldValue = string | number | boolean | readonly (string | number | boolean)[];

/** What one test request carries besides its method and path. */
export interface TestRequestOptions {
  headers?: TestHeaders;
  /** Added to the path's own query string, URL-encoded. */
  query?: Readonly<Record<string, FieldValue>>;
  /** A JSON body (`application/json`). Only one of `json`, `form` and `body`. */
  json?: unknown;
  /** A URL-encoded form body (`application/x-www-form-urlencoded`). */
  form?: Readonly<Record<string, FieldValue>>;
  /** A raw body; a string is sent as UTF-8 (`text/plain; charset=utf-8` unless told). */
  body?: Uint8Array | string;
  /** The Content-Type, overriding the one implied by `json`, `form`, `body` or `headers`. */
  contentType?: string;
  /** Cookies to send with this request only, on top of the client's jar. */
  cookies?: Readonly<Record<string, string>>;
  /** Keys merged into the environ last (for `REMOTE_ADDR`, a `tsgi.signal`, …). */
  extraEnviron?: Readonly<Record<string, unknown>>;
}

/** {@link TestRequestOptions} plus what a client fixes for all its requests. */
export interface TestEnvironOptions extends TestRequestOptions {
  /**
   * Scheme, host and mount point of the app (default `http://localhost/`). The path becomes
   * SCRIPT_NAME, as with werkzeug's `base_url`.
   */
  baseUrl?: string;
  /** `tsgi.errors`; by default errors are discarded. */
  errors?: ErrorStream;
}

const encoder = new TextEncoder();

/**
 * Builds the environ a real server would build for this request, with `buildEnviron`, so a
 * middleware can be unit-tested without a client. The path may hold a query string and
 * non-ASCII text; it is percent-encoded (UTF-8) first, keeping existing `%XX` escapes.
 *
 * @example
 * const environ = buildTestEnviron("POST", "/café?x=1", { json: { ok: true } });
 * environ.PATH_INFO;    // "/café"
 * environ.CONTENT_TYPE; // "application/json"
 * await environ["tsgi.input"].read(); // bytes of '{"ok":true}'
 */
export function buildTestEnviron(
  method: string,
  path: string,
  options: TestEnvironOptions = {},
): Environ {
  const base = new URL(options.baseUrl ?? "http://localhost/");
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new TypeError(`baseUrl must be an http: or https: URL, got ${options.baseUrl}`);
  }
  const scheme = base.protocol === "https:" ? "https" : "http";
  const basePath = base.pathname.replace(/\/+$/, "");
  const target = path === "*" ? "*" : basePath + encodeTarget(withQuery(path, options.query));

  const { bytes, contentType } = requestBody(options);
  const headers: [string, string][] = [];
  const given = headerPairs(options.headers);
  if (!given.some(([name]) => name.toLowerCase() === "host")) headers.push(["Host", base.host]);
  for (const [name, value] of given) {
    if (options.contentType !== undefined && name.toLowerCase() === "content-type") continue;
    headers.push([name, value]);
  }
  const hasHeader = (wanted: string) => headers.some(([name]) => name.toLowerCase() === wanted);
  if (contentType !== undefined && !hasHeader("content-type")) {
    headers.push(["Content-Type", contentType]);
  }
  // An explicit Content-Length wins, so a test can send a body that lies about its length.
  if (bytes !== undefined && !hasHeader("content-length")) {
    headers.push(["Content-Length", String(bytes.byteLength)]);
  }
  const cookies = Object.entries(options.cookies ?? {});
  if (cookies.length > 0) {
    headers.push(["Cookie", cookies.map(([name, value]) => `${name}=${value}`).join("; ")]);
  }
  const declared = headers.find(([name]) => name.toLowerCase() === "content-length")?.[1];
  const contentLength =
    declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;

  const environ = buildEnviron({
    method,
    target,
    headers,
    protocol: "HTTP/1.1",
    serverName: base.hostname,
    serverPort: base.port !== "" ? base.port : scheme === "https" ? 443 : 80,
    scheme,
    remoteAddr: "127.0.0.1",
    input: createInputStream(bytes === undefined ? [] : [bytes], { contentLength }),
    server: "test",
    ...(options.errors === undefined ? {} : { errors: options.errors }),
  });
  const scriptName = decodePath(basePath);
  if (scriptName !== "" && environ.PATH_INFO.startsWith(scriptName)) {
    environ.SCRIPT_NAME = scriptName;
    environ.PATH_INFO = environ.PATH_INFO.slice(scriptName.length);
  }
  defineLazySignal(environ);
  return Object.assign(environ, options.extraEnviron);
}

/**
 * Percent-encodes what may not appear raw in a request target: non-ASCII text (as UTF-8),
 * spaces, controls and delimiters such as `"<>\^`{|}`. Valid `%XX` escapes stay as they are,
 * so a test can send `%2F`; a stray `%` becomes `%25`. A `#fragment` is dropped, as clients do.
 *
 * @example
 * encodeTarget("/a b/é?q=ü#top"); // "/a%20b/%C3%A9?q=%C3%BC"
 */
export function encodeTarget(target: string): string {
  const hash = target.indexOf("#");
  const withoutFragment = hash === -1 ? target : target.slice(0, hash);
  const question = withoutFragment.indexOf("?");
  let path = question === -1 ? withoutFragment : withoutFragment.slice(0, question);
  if (!path.startsWith("/")) path = "/" + path;
  if (question === -1) return encodePart(path, PATH_SAFE);
  return (
    encodePart(path, PATH_SAFE) + "?" + encodePart(withoutFragment.slice(question + 1), QUERY_SAFE)
  );
}

// RFC 3986 pchar (unreserved, sub-delims, ":" and "@") plus "/"; queries also allow "?".
const PATH_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
const QUERY_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;

function encodePart(text: string, safe: RegExp): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) out += char;
    else if (safe.test(char)) out += char;
    else {
      const codePoint = text.codePointAt(i)!;
      const whole = String.fromCodePoint(codePoint);
      for (const byte of encoder.encode(whole)) {
        out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
      }
      i += whole.length - 1;
    }
  }
  return out;
}

function withQuery(path: string, query: TestRequestOptions["query"]): string {
  if (query === undefined) return path;
  const encoded = urlEncode(query);
  if (encoded === "") return path;
  const hash = path.indexOf("#");
  const beforeHash = hash === -1 ? path : path.slice(0, hash);
  const joiner = !beforeHash.includes("?") ? "?" : beforeHash.endsWith("?") ? "" : "&";
  return beforeHash + joiner + encoded;
}

function urlEncode(fields: Readonly<Record<string, FieldValue>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
  return params.toString();
}

function requestBody(options: TestRequestOptions): {
  bytes: Uint8Array | undefined;
  contentType: string | undefined;
} {
  const given = [
    options.json !== undefined,
    options.form !== undefined,
    options.body !== undefined,
  ];
  if (given.filter(Boolean).length > 1) {
    throw new TypeError("pass only one of json, form and body");
  }
  let bytes: Uint8Array | undefined;
  let implied: string | undefined;
  if (options.json !== undefined) {
    bytes = encoder.encode(JSON.stringify(options.json));
    implied = "application/json";
  } else if (options.form !== undefined) {
    bytes = encoder.encode(urlEncode(options.form));
    implied = "application/x-www-form-urlencoded";
  } else if (typeof options.body === "string") {
    bytes = encoder.encode(options.body);
    implied = "text/plain; charset=utf-8";
  } else {
    bytes = options.body;
  }
  return { bytes, contentType: options.contentType ?? implied };
}

function headerPairs(headers: TestHeaders | undefined): [string, string][] {
  if (headers === undefined) return [];
  if (Symbol.iterator in headers) {
    return Array.from(headers as Iterable<readonly [string, string]>, ([name, value]) => [
      name,
      value,
    ]);
  }
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(
    headers as Record<string, string | readonly string[]>,
  )) {
    for (const item of typeof value === "string" ? [value] : value) pairs.push([name, item]);
  }
  return pairs;
}

// A client that never disconnects: the signal exists (apps may listen) but never fires. It is
// made on first access, as servers do, so requests that ignore it allocate nothing.
function defineLazySignal(environ: Environ): void {
  let signal: AbortSignal | undefined;
  Object.defineProperty(environ, "tsgi.signal", {
    configurable: true,
    enumerable: true,
    get: () => (signal ??= new AbortController().signal),
    set: (value: AbortSignal) => {
      Object.defineProperty(environ, "tsgi.signal", {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
  });
}
