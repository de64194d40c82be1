import { isFileBody, reasonPhrase, type Body, type Environ, type StartResponse } from "@tsgi/core";
import { Headers, type HeadersInit } from "../datastructures/headers.ts";
import { contentTypeFor, parseContentType } from "../http/content-type.ts";
import { dumpCookie, type CookieOptions } from "../http/cookies.ts";

/** What a response body may be: text, bytes, or a (possibly async) stream of either. */
export type ResponseBody =
  string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** Options of the {@link Response} constructor. */
export interface ResponseInit {
  /** A code (`201`) or a status line (`"201 CREATED"`). Default 200. */
  status?: number | string;
  headers?: HeadersInit;
  /** e.g. `"application/json"`; text types get `; charset=utf-8`. Default `text/html`. */
  mimetype?: string;
  /** The whole Content-Type header, used as is (wins over `mimetype`). */
  contentType?: string;
}

/**
 * Thrown for a status that is not a number 100–999 or a "NNN Reason" line.
 *
 * @example
 * response.status = "OK"; // throws InvalidStatusError (FLASK_E_INVALID_STATUS)
 */
export class InvalidStatusError extends TypeError {
  readonly code = "FLASK_E_INVALID_STATUS";
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * An HTTP response, like Werkzeug's `Response`: a status, ordered headers (repeated
 * `Set-Cookie` survive) and a body that is either buffered (text or bytes) or streamed (an
 * iterable or async iterable of chunks, sent as it is produced).
 *
 * @example
 * const response = new Response("Created", { status: 201, mimetype: "text/plain" });
 * response.setCookie("theme", "dark", { httpOnly: true, sameSite: "Lax" });
 * response.headers.set("X-Request-Id", "42");
 * response.statusCode; // 201
 * response.text;       // "Created"
 */
export class Response {
  /** The default mimetype when none is given, as Flask's `Response`. */
  static defaultMimetype = "text/html";

  readonly headers: Headers;
  #statusCode = 200;
  #statusText = "OK";
  #chunks: Uint8Array[] | undefined = [];
  #stream: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> | undefined;
  readonly #onClose: (() => void | Promise<void>)[] = [];

  constructor(body: ResponseBody | null | undefined = undefined, init: ResponseInit = {}) {
    this.headers = new Headers(init.headers);
    if (init.status !== undefined) this.status = init.status;
    if (init.contentType !== undefined) this.headers.set("Content-Type", init.contentType);
    else if (init.mimetype !== undefined) this.mimetype = init.mimetype;
    else if (!this.headers.has("Content-Type")) this.mimetype = Response.defaultMimetype;
    if (body !== undefined && body !== null) this.setBody(body);
  }

  /** The status code, e.g. 404. */
  get statusCode(): number {
    return this.#statusCode;
  }
  set statusCode(code: number) {
    if (!Number.isInteger(code) || code < 100 || code > 999) {
      throw new InvalidStatusError(`invalid status code ${code}`);
    }
    this.#statusCode = code;
    this.#statusText = reasonPhrase(code) || "UNKNOWN";
  }

  /** The reason phrase, e.g. "Not Found". */
  get statusText(): string {
    return this.#statusText;
  }

  /** The status line, e.g. "404 Not Found"; set it with a code or a line. */
  get status(): string {
    return `${this.#statusCode} ${this.#statusText}`;
  }
  set status(value: number | string) {
    if (typeof value === "number") {
      this.statusCode = value;
      return;
    }
    const match = /^\s*(\d{3})(?:\s+(.*))?$/.exec(value);
    if (match === null) throw new InvalidStatusError(`invalid status ${JSON.stringify(value)}`);
    this.statusCode = Number(match[1]);
    if (match[2] !== undefined && match[2].trim() !== "") this.#statusText = match[2].trim();
  }

  /** The Content-Type without parameters, e.g. "text/html". */
  get mimetype(): string | undefined {
    const type = this.headers.get("Content-Type");
    return type === undefined ? undefined : parseContentType(type).mimetype;
  }
  set mimetype(mimetype: string) {
    this.headers.set("Content-Type", contentTypeFor(mimetype));
  }

  get contentType(): string | undefined {
    return this.headers.get("Content-Type");
  }
  set contentType(value: string) {
    this.headers.set("Content-Type", value);
  }

  /** The `Location` header (redirects). */
  get location(): string | undefined {
    return this.headers.get("Location");
  }
  set location(value: string) {
    this.headers.set("Location", value);
  }

  /** True when the body is a stream rather than buffered bytes. */
  get isStreamed(): boolean {
    return this.#stream !== undefined;
  }

  /** Replaces the body; a string is sent as UTF-8. Clears any Content-Length. */
  setBody(body: ResponseBody): void {
    this.headers.delete("Content-Length");
    if (typeof body === "string") {
      this.#chunks = [encoder.encode(body)];
      this.#stream = undefined;
    } else if (body instanceof Uint8Array) {
      this.#chunks = [body];
      this.#stream = undefined;
    } else {
      this.#chunks = undefined;
      this.#stream = body;
    }
  }

  /** Alias of {@link setBody}, as Werkzeug's `set_data`. */
  setData(body: string | Uint8Array): void {
    this.setBody(body);
  }

  /**
   * The buffered body as bytes (Werkzeug's `response.data`).
   * @throws TypeError for a streamed body; read it with `await response.readBody()`.
   */
  get data(): Uint8Array {
    if (this.#chunks === undefined) {
      throw new TypeError("the response body is a stream; use `await response.readBody()`");
    }
    return concat(this.#chunks);
  }

  /** The buffered body as UTF-8 text. */
  get text(): string {
    return decoder.decode(this.data);
  }

  /** Reads the whole body, streamed or not (a stream is consumed and then buffered). */
  async readBody(): Promise<Uint8Array> {
    if (this.#chunks !== undefined) return this.data;
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.#stream!) {
      chunks.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
    }
    this.#chunks = chunks;
    this.#stream = undefined;
    return concat(chunks);
  }

  /** The body as JSON (buffered bodies only). */
  json<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }

  /** Adds a `Set-Cookie` header; several calls give several headers. */
  setCookie(name: string, value = "", options: CookieOptions = {}): void {
    this.headers.add("Set-Cookie", dumpCookie(name, value, options));
  }

  /** Asks the client to drop a cookie (empty value, `Max-Age=0`, an expiry in the past). */
  deleteCookie(name: string, options: Omit<CookieOptions, "maxAge" | "expires"> = {}): void {
    this.setCookie(name, "", { ...options, maxAge: 0, expires: 0 });
  }

  /** Runs `callback` once the body was sent or abandoned (Werkzeug's `call_on_close`). */
  callOnClose(callback: () => void | Promise<void>): void {
    this.#onClose.push(callback);
  }

  /**
   * Sends this response through TSGI: calls `startResponse`, returns the body. Buffered bodies
   * get a Content-Length; HEAD requests get the headers and no body, as the contract wants.
   */
  toTsgi(environ: Environ, startResponse: StartResponse): Body {
    const code = this.#statusCode;
    const bodiless = code < 200 || code === 204 || code === 304;
    const headers = new Headers(this.headers);
    if (bodiless) {
      headers.delete("Content-Type");
      headers.delete("Content-Length");
    } else if (this.#chunks !== undefined && !headers.has("Content-Length")) {
      headers.set(
        "Content-Length",
        this.#chunks.reduce((total, c) => total + c.byteLength, 0),
      );
    }
    startResponse(this.status, headers.toList());
    if (environ.REQUEST_METHOD === "HEAD" || bodiless) {
      const stream = this.#stream;
      return closingBody([], async () => {
        await closeIterable(stream);
        await this.#runOnClose();
      });
    }
    if (this.#chunks !== undefined) {
      return closingBody(this.#chunks, () => this.#runOnClose());
    }
    // A tsgi.file_wrapper body goes out untouched, so the server can use its file fast path.
    if (isFileBody(this.#stream) && this.#onClose.length === 0) return this.#stream;
    return closingBody(encodeStream(this.#stream!), () => this.#runOnClose());
  }

  /** The stream as given, for wrappers that must keep a file body's brand (send_file). */
  get rawStream(): Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> | undefined {
    return this.#stream;
  }

  async #runOnClose(): Promise<void> {
    for (const callback of this.#onClose.splice(0)) await callback();
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

async function* encodeStream(
  stream: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    if (bytes.byteLength > 0) yield bytes;
  }
}

async function closeIterable(stream: unknown): Promise<void> {
  if (typeof stream !== "object" || stream === null) return;
  const closable = stream as { close?: () => unknown; return?: () => unknown };
  if (typeof closable.return === "function") await closable.return();
  if (typeof closable.close === "function") await closable.close();
}

/**
 * A body whose `close()` runs `onClose` once, whether the server finished it or gave up, so
 * callbacks and teardown run on every path (the server closes every body exactly once).
 *
 * @example
 * return closingBody(chunks, () => releaseConnection());
 */
export function closingBody(
  inner: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  onClose: () => void | Promise<void>,
): AsyncIterable<Uint8Array> & { close(): Promise<void> } {
  let closed = false;
  let iterator: Iterator<Uint8Array> | AsyncIterator<Uint8Array> | undefined;
  return {
    [Symbol.asyncIterator]() {
      iterator =
        Symbol.asyncIterator in inner
          ? (inner as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
          : (inner as Iterable<Uint8Array>)[Symbol.iterator]();
      const it = iterator;
      return {
        next: async () => it.next(),
        return: async () => {
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (iterator === undefined) await closeIterable(inner);
        else {
          const closable = inner as unknown as { close?: () => unknown };
          if (typeof closable.close === "function") await closable.close();
        }
      } finally {
        await onClose();
      }
    },
  };
}
