import { reasonPhrase, statusLine, type Body, type Environ, type HeaderList } from "@tsgi/core";
import { serializeCookie, type CookieOptions, type Morsel } from "./cookies.ts";
import { ResponseHeaders } from "./response-headers.ts";

/** What every response constructor accepts besides its content. */
export interface ResponseInit {
  status?: number;
  /** Reason phrase; defaults to the standard one for `status`. */
  reason?: string;
  /** Content-Type; defaults to `text/html; charset=<charset>`. */
  contentType?: string;
  /** Charset used to encode string content (default "utf-8"; "iso-8859-1" also works). */
  charset?: string;
  headers?: Record<string, string> | Iterable<readonly [string, string]>;
}

/** A string or bytes: what response content may be given as. */
export type Content = string | Uint8Array;

const utf8 = new TextEncoder();

/**
 * Encodes text in `charset` ("utf-8", or Latin-1 under any of its names).
 *
 * @example
 * encodeText("é", "utf-8"); // Uint8Array [0xc3, 0xa9]
 */
export function encodeText(text: string, charset: string): Uint8Array {
  const name = charset.toLowerCase();
  if (name === "utf-8" || name === "utf8") return utf8.encode(text);
  if (["iso-8859-1", "latin-1", "latin1"].includes(name)) {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0xff) throw new TypeError(`character ${text[i]} cannot be encoded as ${charset}`);
      bytes[i] = code;
    }
    return bytes;
  }
  throw new TypeError(`unsupported charset ${charset} (use utf-8 or iso-8859-1)`);
}

/**
 * What all responses share (Django's `HttpResponseBase`): status, headers, cookies, charset
 * and closing. The handler turns it into `startResponse(statusLine, headerList())` and a body.
 *
 * @example
 * response.headers.set("Cache-Control", "no-store");
 * response.setCookie("theme", "dark", { maxAge: 3600 });
 */
export abstract class HttpResponseBase {
  status: number;
  readonly headers: ResponseHeaders;
  /** Cookies to set, by name; each becomes its own Set-Cookie header. */
  readonly cookies = new Map<string, Morsel>();
  charset: string;
  /** True for responses whose content is an iterator (no `content`). */
  abstract readonly streaming: boolean;
  #reason: string | undefined;
  #closers: (() => unknown)[] = [];
  #closed = false;

  constructor(init: ResponseInit = {}) {
    this.status = init.status ?? 200;
    if (!Number.isInteger(this.status) || this.status < 100 || this.status > 599) {
      throw new TypeError(
        `HTTP status code must be an integer from 100 to 599, got ${init.status}`,
      );
    }
    this.#reason = init.reason;
    this.charset = init.charset ?? "utf-8";
    this.headers = new ResponseHeaders(init.headers);
    if (init.contentType !== undefined) this.headers.set("Content-Type", init.contentType);
    else this.headers.setDefault("Content-Type", `text/html; charset=${this.charset}`);
  }

  /** The reason phrase ("Not Found"). */
  get reasonPhrase(): string {
    return this.#reason ?? reasonPhrase(this.status);
  }
  set reasonPhrase(reason: string) {
    this.#reason = reason;
  }

  /** The TSGI status string, e.g. "404 Not Found". */
  get statusLine(): string {
    return statusLine(this.status, this.reasonPhrase);
  }

  /**
   * Sets a cookie (Django's `set_cookie`): one `Set-Cookie` header per cookie, however many.
   *
   * @example
   * response.setCookie("seen", "1", { maxAge: 86400, httpOnly: true, sameSite: "Lax" });
   */
  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    this.cookies.set(name, { path: "/", ...options, name, value });
  }

  /**
   * Expires a cookie in the browser. Give the same `path` and `domain` it was set with.
   *
   * @example
   * response.deleteCookie("sessionid");
   */
  deleteCookie(
    name: string,
    options: Pick<CookieOptions, "path" | "domain" | "sameSite" | "secure"> = {},
  ): void {
    // A SameSite=None cookie must be Secure, and so must its deletion, or browsers ignore it.
    const secure = options.secure ?? (name.startsWith("__Secure-") || name.startsWith("__Host-"));
    this.cookies.set(name, {
      name,
      value: "",
      maxAge: 0,
      expires: new Date(0),
      path: options.path ?? "/",
      ...(options.domain === undefined ? {} : { domain: options.domain }),
      ...(options.sameSite === undefined ? {} : { sameSite: options.sameSite }),
      secure: secure || options.sameSite === "None",
    });
  }

  /** The headers as TSGI pairs: the headers, then one Set-Cookie per cookie. */
  headerList(): HeaderList {
    const list = this.headers.toList();
    for (const morsel of this.cookies.values()) list.push(["Set-Cookie", serializeCookie(morsel)]);
    return list;
  }

  /** Registers cleanup to run when the response is closed (after the body was sent). */
  addCloser(closer: () => unknown): void {
    this.#closers.push(closer);
  }

  /** Runs the cleanup once; the handler's body calls it when the server closes the body. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const closer of this.#closers) await closer();
  }

  /** Async work before the headers are sent (a file's size); the handler awaits it. */
  async prepare(_environ: Environ): Promise<void> {}

  /** The TSGI body; the handler returns it to the server, which closes it. */
  abstract toBody(environ: Environ): Body;
}

/**
 * A response with its whole content in memory (Django's `HttpResponse`). Strings are
 * encoded with `charset`; `write()` appends.
 *
 * @example
 * return new HttpResponse("Hello, world. You're at the polls index.");
 * return new HttpResponse("{}", { contentType: "application/json", status: 201 });
 */
export class HttpResponse extends HttpResponseBase {
  readonly streaming = false;
  #chunks: Uint8Array[] = [];

  constructor(content: Content = "", init: ResponseInit = {}) {
    super(init);
    this.content = content;
  }

  /** The body bytes. Setting it replaces them. */
  get content(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const size = this.#chunks.reduce((total, chunk) => total + chunk.byteLength, 0);
    const joined = new Uint8Array(size);
    let offset = 0;
    for (const chunk of this.#chunks) {
      joined.set(chunk, offset);
      offset += chunk.byteLength;
    }
    this.#chunks = [joined];
    return joined;
  }
  set content(content: Content) {
    this.#chunks = [typeof content === "string" ? encodeText(content, this.charset) : content];
  }

  /** The body decoded as UTF-8 (for tests and middleware). */
  get text(): string {
    return new TextDecoder().decode(this.content);
  }

  /** Appends to the content, as writing to a Django response does. */
  write(content: Content): void {
    this.#chunks.push(typeof content === "string" ? encodeText(content, this.charset) : content);
  }

  override toBody(_environ: Environ): Body {
    return closingBody([this.content], this);
  }

  override headerList(): HeaderList {
    // Known length, so say it: HTTP/1.0 keep-alive and progress bars need it.
    const bodiless = this.status < 200 || this.status === 204 || this.status === 304;
    if (!bodiless && !this.headers.has("Content-Length")) {
      this.headers.set("Content-Length", String(this.content.byteLength));
    }
    return super.headerList();
  }
}

/**
 * A body that closes `response` (and the source iterator) when the server closes it, on
 * every path: end, error or client disconnect.
 */
export function closingBody(
  source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  response: HttpResponseBase,
): AsyncIterable<Uint8Array> & { close(): Promise<void> } {
  let iterator: Iterator<Uint8Array> | AsyncIterator<Uint8Array> | undefined;
  return {
    [Symbol.asyncIterator]() {
      iterator =
        Symbol.asyncIterator in source
          ? source[Symbol.asyncIterator]()
          : (source as Iterable<Uint8Array>)[Symbol.iterator]();
      const current = iterator;
      return {
        next: async () => current.next(),
        return: async () => {
          await current.return?.();
          await response.close();
          return { done: true, value: undefined };
        },
      };
    },
    async close() {
      await iterator?.return?.();
      await response.close();
    },
  };
}
