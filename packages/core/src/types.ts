/**
 * The TSGI contract, and nothing else. SPEC.md is the normative prose; these are its types.
 *
 * @example
 * import type { App } from "@tsgi/core";
 * const app: App = (environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode("Hello, World!\n")];
 * };
 */

/** A status line without the protocol: three digits, a space, a reason phrase ("200 OK"). Latin-1 only. */
export type Status = string;

/** One response or request header: `[name, value]`. Latin-1 only, no CR or LF. */
export type Header = readonly [name: string, value: string];

/** Ordered header pairs, never a map, so repeated headers such as Set-Cookie survive. */
export type HeaderList = Header[];

/** A response body: bytes only. The server closes it exactly once, whatever happens. */
export type Body = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * The legacy imperative `write` returned by `startResponse` (PEP 3333's write callable).
 * The returned promise settles once the chunk was handed to the transport (backpressure).
 */
export type Write = (chunk: Uint8Array) => Promise<void>;

/**
 * Starts the response. Headers are not sent until the first non-empty body chunk (or the end
 * of the body), so an app may call it again with `excInfo` to switch to an error response.
 * Once headers were sent, a call with `excInfo` re-throws `excInfo`.
 */
export type StartResponse = (status: Status, headers: HeaderList, excInfo?: unknown) => Write;

/** `tsgi.input`: the request body as an async byte stream that ends at Content-Length. */
export interface InputStream extends AsyncIterable<Uint8Array> {
  /**
   * Up to `size` bytes (all remaining bytes if omitted or negative); an empty array at EOF.
   * Unlike Python's buffered read, it may return fewer than `size` bytes before EOF.
   */
  read(size?: number): Promise<Uint8Array>;
  /** One line including its `\n`, or at most `limit` bytes; an empty array at EOF. */
  readline(limit?: number): Promise<Uint8Array>;
  /** Every remaining line. */
  readlines(hint?: number): Promise<Uint8Array[]>;
}

/** `tsgi.errors`: a text stream for error output (the server's error log). */
export interface ErrorStream {
  write(text: string): void;
  writelines(lines: Iterable<string>): void;
  flush(): void;
}

/**
 * A body that a server may send with a file-transfer fast path (`tsgi.file_wrapper`).
 * Servers recognise it by the brand `Symbol.for("tsgi.file_body")` (see `isFileBody`), not
 * by its shape, so an ordinary iterable that happens to have a `path` is never sent as a file.
 */
export interface FileBody extends AsyncIterable<Uint8Array> {
  /** Path of the file to send. */
  readonly path: string;
  /** First byte to send (default 0). */
  readonly start: number;
  /** Bytes to send from `start` (default: to the end of the file). */
  readonly length: number | undefined;
  /** Chunk size when the server falls back to iteration. */
  readonly blockSize: number;
  close(): Promise<void>;
}

/** `tsgi.file_wrapper`: wraps a file in a body the server can send efficiently. */
export type FileWrapper = (
  path: string,
  options?: { blockSize?: number; start?: number; length?: number },
) => FileBody;

/** The request: CGI keys as in PEP 3333 plus `tsgi.*` keys. A plain object, open to extension. */
export interface Environ {
  REQUEST_METHOD: string;
  SCRIPT_NAME: string;
  PATH_INFO: string;
  QUERY_STRING: string;
  CONTENT_TYPE?: string;
  CONTENT_LENGTH?: string;
  SERVER_NAME: string;
  SERVER_PORT: string;
  SERVER_PROTOCOL: string;
  REMOTE_ADDR?: string;
  REMOTE_PORT?: string;
  "tsgi.version": readonly [1, 0];
  "tsgi.url_scheme": "http" | "https";
  "tsgi.input": InputStream;
  "tsgi.errors": ErrorStream;
  "tsgi.multithread": boolean;
  "tsgi.multiprocess": boolean;
  "tsgi.run_once": boolean;
  /** Fires only when the client goes away before the response finished. */
  "tsgi.signal"?: AbortSignal;
  "tsgi.file_wrapper"?: FileWrapper;
  /** Which server hosts the app: "node", "cluster", "http2", "express", "fastify", "test", … */
  "tsgi.server"?: string;
  /** The request target exactly as the client sent it, before any decoding. */
  "tsgi.request_target"?: string;
  /** `HTTP_*` request headers and any server or middleware extension keys. */
  [key: string]: unknown;
}

/** A TSGI application. */
export type App = (environ: Environ, startResponse: StartResponse) => Body | Promise<Body>;

/** Middleware is just a function from app to app. */
export type Middleware = (app: App) => App;
