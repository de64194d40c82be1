import { isHopByHop } from "../helpers/headers.ts";
import { reasonPhrase, statusLine } from "../helpers/status.ts";
import { decodePath, splitTarget } from "../environ.ts";
import { quotePath, requestUri } from "../helpers/uri.ts";
import type { App, Environ, HeaderList } from "../types.ts";
import { StreamBody, inputToStream } from "./_streams.ts";

/**
 * A fetch-style handler, such as a Hono app's `fetch`. The environ comes as the second
 * argument (Hono's `c.env`), so a handler can still read `REMOTE_ADDR` and other keys that a
 * `Request` cannot carry.
 */
export type FetchHandler = (request: Request, environ: Environ) => Response | Promise<Response>;

/** Options for {@link fromFetch}. */
export interface FromFetchOptions {
  /**
   * The origin of every request URL (`https://example.org`) instead of the one rebuilt from
   * HTTP_HOST, for when the Host header is not to be trusted.
   */
  origin?: string;
}

const encoder = new TextEncoder();
// The fetch standard refuses to build a Request with these methods.
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/**
 * Runs a fetch handler as a TSGI app. The Request gets the URL from {@link requestUri}, the
 * method, headers from `HTTP_*`/`CONTENT_*`, the body as a stream over `tsgi.input` (none for
 * GET and HEAD) and `tsgi.signal`. The Response's body is streamed chunk by chunk, never
 * buffered; closing the TSGI body cancels it. Every Set-Cookie survives; hop-by-hop headers,
 * which TSGI apps may not send, are dropped.
 *
 * @example
 * const hono = { fetch: (request: Request) => new Response(`Hi from ${new URL(request.url).pathname}`) };
 * const app = fromFetch(hono.fetch);
 * (await createTestClient(app).get("/there")).text; // "Hi from /there"
 */
export function fromFetch(handler: FetchHandler, options: FromFetchOptions = {}): App {
  return async (environ, startResponse) => {
    const method = environ.REQUEST_METHOD;
    if (FORBIDDEN_METHODS.has(method)) {
      return refuse(startResponse, 501, `${method} cannot be passed to a fetch handler\n`);
    }
    let request: Request;
    try {
      request = buildRequest(environ, options);
    } catch (error) {
      // A Host header that is no URL, or a header value fetch refuses: the client's fault.
      environ["tsgi.errors"].write(`fromFetch: cannot build a Request: ${String(error)}\n`);
      return refuse(startResponse, 400, "Bad Request\n");
    }
    const response = await handler(request, environ);
    if (!isResponse(response)) {
      throw new TypeError(`the fetch handler must return a Response, got ${typeof response}`);
    }
    const reason = response.statusText || reasonPhrase(response.status);
    startResponse(statusLine(response.status, reason), responseHeaders(response.headers));
    return response.body === null ? [] : new StreamBody(response.body);
  };
}

/**
 * The Request a fetch handler sees for `environ`: see {@link fromFetch}.
 *
 * @example
 * const request = buildRequest(buildTestEnviron("POST", "/items", { json: [1] }));
 * await request.json(); // [1]
 */
export function buildRequest(environ: Environ, options: FromFetchOptions = {}): Request {
  let url = rawRequestUri(environ) ?? requestUri(environ);
  if (options.origin !== undefined) {
    const { pathname, search } = new URL(url);
    url = new URL(pathname + search, options.origin).href;
  }
  const headers = new Headers();
  for (const key of Object.keys(environ)) {
    const value = environ[key];
    if (typeof value !== "string") continue;
    if (key.startsWith("HTTP_"))
      headers.append(key.slice(5).replaceAll("_", "-").toLowerCase(), value);
    else if ((key === "CONTENT_TYPE" || key === "CONTENT_LENGTH") && value !== "") {
      headers.set(key.replace("_", "-").toLowerCase(), value);
    }
  }
  const method = environ.REQUEST_METHOD;
  const hasBody = method !== "GET" && method !== "HEAD" && environ.CONTENT_LENGTH !== "0";
  const init: RequestInit = { method, headers };
  if (hasBody) {
    init.body = inputToStream(environ["tsgi.input"]);
    init.duplex = "half"; // required for a stream body; the response may start before it ends
  }
  const signal = environ["tsgi.signal"];
  if (signal !== undefined) init.signal = signal;
  return new Request(url, init);
}

/**
 * The URL with the client's own path bytes (`%2F` stays `%2F`, `%7E` stays `%7E`), when the raw
 * target still describes SCRIPT_NAME + PATH_INFO; middleware that rewrote the path (a
 * dispatcher, a proxy fix) makes it stale, and then the URL is rebuilt from PATH_INFO.
 */
function rawRequestUri(environ: Environ): string | undefined {
  const target = environ["tsgi.request_target"];
  if (typeof target !== "string" || !target.startsWith("/")) return undefined;
  const { path, query } = splitTarget(target);
  if (query !== environ.QUERY_STRING) return undefined;
  try {
    if (decodePath(path) !== environ.SCRIPT_NAME + environ.PATH_INFO) return undefined;
  } catch {
    return undefined;
  }
  const origin = requestUri(environ, { includeQuery: false }).slice(
    0,
    -quotePath(environ.SCRIPT_NAME + environ.PATH_INFO || "/").length,
  );
  // The target itself, so a bare "?" survives too (the Request URL keeps it in href).
  return origin + target.split("#")[0];
}

/** The Response headers as TSGI pairs: each Set-Cookie kept apart, hop-by-hop ones dropped. */
function responseHeaders(headers: Headers): HeaderList {
  const list: HeaderList = [];
  for (const [name, value] of headers) {
    if (name !== "set-cookie" && !isHopByHop(name)) list.push([name, value]);
  }
  // getSetCookie() is the one Headers API specified to keep every Set-Cookie apart.
  for (const cookie of headers.getSetCookie()) list.push(["set-cookie", cookie]);
  return list;
}

function refuse(startResponse: Parameters<App>[1], code: number, text: string): Uint8Array[] {
  const body = encoder.encode(text);
  startResponse(statusLine(code), [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["Content-Length", String(body.byteLength)],
  ]);
  return [body];
}

// Duck-typed rather than `instanceof`, so a Response from another undici copy still works.
function isResponse(value: unknown): value is Response {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Response).status === "number" &&
    typeof (value as Response).headers?.getSetCookie === "function"
  );
}
