import { createErrorStream } from "./errors-stream.ts";
import type { Environ, ErrorStream, InputStream } from "./types.ts";

/** What a server knows about one request; {@link buildEnviron} turns it into an environ. */
export interface RequestParts {
  method: string;
  /** The request target as received: origin-form (`/a?b`), absolute-form or `*`. */
  target: string;
  /** Header pairs in arrival order, names in any case (node's `rawHeaders`, paired). */
  headers: Iterable<readonly [string, string]>;
  /** "HTTP/1.1", "HTTP/1.0", "HTTP/2". */
  protocol: string;
  serverName: string;
  serverPort: string | number;
  scheme?: "http" | "https";
  remoteAddr?: string | undefined;
  remotePort?: string | number | undefined;
  input: InputStream;
  errors?: ErrorStream;
  multithread?: boolean;
  multiprocess?: boolean;
  runOnce?: boolean;
  /** Name of the hosting server, for `tsgi.server`. */
  server?: string;
}

/** A request the server must refuse before calling the app (a 400 with this message). */
export class BadRequestError extends Error {
  readonly status = 400;
  readonly code = "TSGI_E_BAD_REQUEST_TARGET";
}

const discardErrors = createErrorStream(() => {});

/**
 * Builds a PEP 3333-shaped environ from the parts of a request. Every server and the test
 * client use it, so they agree byte for byte on PATH_INFO, QUERY_STRING and `HTTP_*` keys.
 *
 * - PATH_INFO is percent-decoded (`%2F` too, as in WSGI) and then read as UTF-8; a path whose
 *   bytes are not UTF-8 throws {@link BadRequestError}. The raw target stays in
 *   `tsgi.request_target`.
 * - QUERY_STRING is left exactly as sent.
 * - Header names containing `_` are dropped (gunicorn and nginx do the same), so
 *   `Content_Length` can never pose as `Content-Length`. Repeated headers are joined with
 *   ", " (Cookie with "; ").
 *
 * @example
 * const environ = buildEnviron({
 *   method: "GET", target: "/caf%C3%A9?x=1", headers: [["Host", "example.org"]],
 *   protocol: "HTTP/1.1", serverName: "127.0.0.1", serverPort: 8000,
 *   input: createInputStream([]),
 * });
 * environ.PATH_INFO; // "/café"
 */
export function buildEnviron(parts: RequestParts): Environ {
  const { path, query, authority } = splitTarget(parts.target);
  const environ: Environ = {
    REQUEST_METHOD: parts.method.toUpperCase(),
    SCRIPT_NAME: "",
    PATH_INFO: decodePath(path),
    QUERY_STRING: query,
    SERVER_NAME: parts.serverName,
    SERVER_PORT: String(parts.serverPort),
    SERVER_PROTOCOL: parts.protocol,
    "tsgi.version": [1, 0],
    "tsgi.url_scheme": parts.scheme ?? "http",
    "tsgi.input": parts.input,
    "tsgi.errors": parts.errors ?? discardErrors,
    "tsgi.multithread": parts.multithread ?? false,
    "tsgi.multiprocess": parts.multiprocess ?? false,
    "tsgi.run_once": parts.runOnce ?? false,
    "tsgi.request_target": parts.target,
  };
  if (parts.server !== undefined) environ["tsgi.server"] = parts.server;
  if (parts.remoteAddr !== undefined) environ.REMOTE_ADDR = parts.remoteAddr;
  if (parts.remotePort !== undefined) environ.REMOTE_PORT = String(parts.remotePort);
  for (const [name, value] of parts.headers) addHeaderToEnviron(environ, name, value);
  // RFC 9112 §3.2.2: with an absolute-form target the target's authority replaces Host.
  if (authority !== undefined) environ.HTTP_HOST = authority;
  return environ;
}

/** Adds one request header under its CGI key; see {@link buildEnviron} for the rules. */
export function addHeaderToEnviron(environ: Environ, name: string, value: string): void {
  if (name.includes("_")) return;
  const upper = name.toUpperCase();
  if (upper === "CONTENT-TYPE" || upper === "CONTENT-LENGTH") {
    const key = upper === "CONTENT-TYPE" ? "CONTENT_TYPE" : "CONTENT_LENGTH";
    // Duplicates of these are framing errors the server rejects; keep the first one here.
    if (environ[key] === undefined) environ[key] = value;
    return;
  }
  if (name.startsWith(":")) return; // HTTP/2 pseudo-headers are not request headers
  const key = "HTTP_" + upper.replaceAll("-", "_");
  const previous = environ[key];
  if (typeof previous === "string") {
    environ[key] = previous + (key === "HTTP_COOKIE" ? "; " : ", ") + value;
  } else {
    environ[key] = value;
  }
}

/** The parts of a request target; `authority` only for absolute-form targets. */
export interface SplitTarget {
  path: string;
  query: string;
  authority?: string;
}

/** Splits a request target into its path, raw query string and (absolute-form) authority. */
export function splitTarget(target: string): SplitTarget {
  let rest = target;
  let authority: string | undefined;
  if (rest === "*") return { path: "", query: "" };
  if (!rest.startsWith("/")) {
    // absolute-form ("http://host/p?q", sent to proxies): keep the path, query and authority.
    const scheme = rest.indexOf("://");
    if (scheme !== -1) {
      const slash = rest.indexOf("/", scheme + 3);
      const question = rest.indexOf("?", scheme + 3);
      const start = slash === -1 ? question : question === -1 ? slash : Math.min(slash, question);
      const hostPart = rest.slice(scheme + 3, start === -1 ? undefined : start);
      authority = hostPart.slice(hostPart.lastIndexOf("@") + 1); // userinfo is not part of Host
      rest = start === -1 ? "/" : rest.slice(start);
      if (rest.startsWith("?")) rest = "/" + rest;
    }
  }
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  const question = rest.indexOf("?");
  const split: SplitTarget =
    question === -1
      ? { path: rest, query: "" }
      : { path: rest.slice(0, question), query: rest.slice(question + 1) };
  if (authority !== undefined && authority !== "") split.authority = authority;
  return split;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Percent-decodes a path and reads the bytes as UTF-8. Malformed escapes (`%zz`) are kept
 * as they are, the way WSGI servers' `unquote` does.
 */
export function decodePath(path: string): string {
  if (!path.includes("%") && isAscii(path)) return path;
  const bytes: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code === 0x25 && isHex(path, i + 1) && isHex(path, i + 2)) {
      bytes.push(parseInt(path.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (code <= 0xff) {
      // node:http hands us raw target bytes as Latin-1 characters: one char, one byte.
      bytes.push(code);
    } else {
      // Only in-process callers can pass wider characters; take them as UTF-8.
      const char = String.fromCodePoint(path.codePointAt(i)!);
      for (const byte of new TextEncoder().encode(char)) bytes.push(byte);
      i += char.length - 1;
    }
  }
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    throw new BadRequestError(`request path is not valid UTF-8 once percent-decoded: ${path}`);
  }
}

function isHex(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x46) ||
    (code >= 0x61 && code <= 0x66)
  );
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
