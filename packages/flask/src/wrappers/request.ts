import { quotePath, requestUri, type Environ, type InputStream } from "@tsgi/core";
import { MultiDict, indexable, type IndexedMultiDict } from "../datastructures/multidict.ts";
import { BadRequest, RequestEntityTooLarge, UnsupportedMediaType } from "../exceptions/classes.ts";
import { HTTPException } from "../exceptions/http-exception.ts";
import { isJsonMimetype, parseContentType } from "../http/content-type.ts";
import { parseCookieHeader } from "../http/cookies.ts";
import { EnvironHeaders } from "./environ-headers.ts";
import type { FileStorage } from "./file-storage.ts";
import { parseMultipart, parseUrlEncoded, readLimited, type BodyLimits } from "./form-parser.ts";

/**
 * Thrown when a body-derived attribute is read before the body was loaded.
 *
 * @example
 * request.data; // an image upload: BodyNotLoadedError, use `await request.getData()`
 */
export class BodyNotLoadedError extends Error {
  readonly code = "FLASK_E_BODY_NOT_LOADED";
}

/** What the router found for this request (set by the app before the view runs). */
export interface MatchedRule {
  /** The rule text, e.g. "/<int:id>/update". */
  readonly rule: string;
  readonly endpoint: string;
  readonly methods?: ReadonlySet<string> | undefined;
}

/**
 * The incoming request, like Flask's `Request`: URL parts, headers, cookies, query `args`,
 * and — for form, multipart and JSON bodies, which the app reads before the view runs —
 * `form`, `files`, `data` and `json`. Indexing `args`/`form`/`files` with a missing key
 * answers 400 naming the key; `get` returns `undefined` instead.
 *
 * @example
 * app.post("/login", function login() {
 *   const username = request.form["username"];          // 400 when missing
 *   const next = request.args.get("next") ?? urlFor("index");
 *   return redirect(next);
 * });
 */
export class Request {
  readonly environ: Environ;
  readonly headers: EnvironHeaders;
  /** `MAX_CONTENT_LENGTH` for this request (bytes, `null` = no limit); may be changed before the body is read. */
  maxContentLength: number | null = null;
  /** `MAX_FORM_MEMORY_SIZE` for this request. */
  maxFormMemorySize: number | null = 500_000;
  /** `MAX_FORM_PARTS` for this request. */
  maxFormParts: number | null = 1000;
  /** The matched rule, or `undefined` when routing failed. */
  urlRule: MatchedRule | undefined;
  /** The values the rule's variables matched, converted (`{ id: 42 }`). */
  viewArgs: Record<string, unknown> | undefined;
  /** The error routing raised (404, 405, a 308 redirect), if any. */
  routingException: Error | undefined;

  #args: IndexedMultiDict<string> | undefined;
  #cookies: MultiDict<string> | undefined;
  #form: IndexedMultiDict<string> = indexable(new MultiDict<string>());
  #files: IndexedMultiDict<FileStorage> = indexable(new MultiDict<FileStorage>());
  #data: Uint8Array | undefined;
  #loaded = false;
  #jsonCache: { value: unknown } | undefined;

  constructor(environ: Environ) {
    this.environ = environ;
    this.headers = new EnvironHeaders(environ);
  }

  /** The method, upper case. */
  get method(): string {
    return String(this.environ.REQUEST_METHOD).toUpperCase();
  }

  /** "http" or "https". */
  get scheme(): string {
    return this.environ["tsgi.url_scheme"];
  }

  get isSecure(): boolean {
    return this.scheme === "https";
  }

  /** The Host header, or SERVER_NAME with a non-default port. */
  get host(): string {
    const host = this.environ.HTTP_HOST;
    if (typeof host === "string" && host !== "") return host;
    const port = this.environ.SERVER_PORT;
    const standard = (this.scheme === "https" ? "443" : "80") === port;
    return standard ? this.environ.SERVER_NAME : `${this.environ.SERVER_NAME}:${port}`;
  }

  /** The path inside the app (PATH_INFO), always starting with `/`, decoded. */
  get path(): string {
    return "/" + (this.environ.PATH_INFO ?? "").replace(/^\/+/, "");
  }

  /** Where the app is mounted (SCRIPT_NAME), without a trailing slash; "" at the root. */
  get scriptRoot(): string {
    return (this.environ.SCRIPT_NAME ?? "").replace(/\/+$/, "");
  }

  /** The raw query string, without `?`. */
  get queryString(): string {
    return this.environ.QUERY_STRING ?? "";
  }

  /** Path and query, as Werkzeug's `full_path` (which always has the `?`). */
  get fullPath(): string {
    return `${this.path}?${this.queryString}`;
  }

  /** The full URL, query included, percent-encoded. */
  get url(): string {
    return requestUri(this.environ);
  }

  /** The full URL without the query string. */
  get baseUrl(): string {
    return requestUri(this.environ, { includeQuery: false });
  }

  /** Scheme, host and mount point, with a trailing slash: "http://example.org/blog/". */
  get urlRoot(): string {
    return `${this.scheme}://${this.host}${quotePath(this.scriptRoot)}/`;
  }

  /** Scheme and host, with a trailing slash: "http://example.org/". */
  get hostUrl(): string {
    return `${this.scheme}://${this.host}/`;
  }

  /** The client's address (REMOTE_ADDR). */
  get remoteAddr(): string | undefined {
    return this.environ.REMOTE_ADDR;
  }

  get userAgent(): string | undefined {
    return this.headers.get("User-Agent");
  }

  get referrer(): string | undefined {
    return this.headers.get("Referer");
  }

  /** The Content-Type header as sent. */
  get contentType(): string | undefined {
    const type = this.environ.CONTENT_TYPE;
    return type === undefined || type === "" ? undefined : type;
  }

  /** The Content-Type without parameters, lower case ("" when absent). */
  get mimetype(): string {
    return parseContentType(this.contentType).mimetype;
  }

  /** The Content-Type parameters, e.g. `{ charset: "utf-8" }`. */
  get mimetypeParams(): Record<string, string> {
    return parseContentType(this.contentType).params;
  }

  /** The declared body length, or `undefined` (chunked or no body). */
  get contentLength(): number | undefined {
    const text = this.environ.CONTENT_LENGTH;
    if (text === undefined || !/^\d+$/.test(text)) return undefined;
    return Number(text);
  }

  /** True for `application/json` and `application/*+json`. */
  get isJson(): boolean {
    return isJsonMimetype(this.mimetype);
  }

  /** The query string as a `MultiDict`. */
  get args(): IndexedMultiDict<string> {
    return (this.#args ??= indexable(MultiDict.fromQueryString(latin1ToUtf8(this.queryString))));
  }

  /** The request cookies (the first of repeated names wins on `get`). */
  get cookies(): MultiDict<string> {
    return (this.#cookies ??= new MultiDict(parseCookieHeader(this.headers.get("Cookie") ?? "")));
  }

  /** Form fields of a urlencoded or multipart body (empty for other bodies). */
  get form(): IndexedMultiDict<string> {
    return this.#form;
  }

  /** Uploaded files of a multipart body, by field name. */
  get files(): IndexedMultiDict<FileStorage> {
    return this.#files;
  }

  /** `args` and `form` together (args first), as Werkzeug's `values`. */
  get values(): MultiDict<string> {
    return new MultiDict<string>([...this.args.entries(), ...this.form.entries()]);
  }

  /** The raw input stream; reading it yourself means `form`/`data`/`json` stay empty. */
  get stream(): InputStream {
    return this.environ["tsgi.input"];
  }

  /** The endpoint of the matched rule. */
  get endpoint(): string | undefined {
    return this.urlRule?.endpoint;
  }

  /** The name of the blueprint that owns the endpoint ("admin.users" for nested ones). */
  get blueprint(): string | undefined {
    const endpoint = this.endpoint;
    if (endpoint === undefined || !endpoint.includes(".")) return undefined;
    return endpoint.slice(0, endpoint.lastIndexOf("."));
  }

  /** The blueprint and its parents, innermost first: ["admin.users", "admin"]. */
  get blueprints(): string[] {
    const name = this.blueprint;
    if (name === undefined) return [];
    const parts = name.split(".");
    return parts.map((_, index) => parts.slice(0, parts.length - index).join("."));
  }

  /** The body bytes, once loaded (forms' bodies are consumed by parsing: empty). */
  get data(): Uint8Array {
    if (this.#data === undefined) {
      throw new BodyNotLoadedError(
        `the body of this ${this.mimetype || "untyped"} request was not read; use \`await request.getData()\``,
      );
    }
    return this.#data;
  }

  /** Reads (once) and returns the raw body, with the 413 limit applied. */
  async getData(): Promise<Uint8Array> {
    if (this.#data === undefined) {
      this.#checkDeclaredLength();
      this.#data = await readLimited(this.stream, this.maxContentLength);
    }
    return this.#data;
  }

  /**
   * The parsed JSON body. Bad JSON → 400 naming the problem; another Content-Type → 415,
   * as in Flask 3. Use {@link getJson} for `silent`/`force`.
   */
  get json(): unknown {
    return this.getJson();
  }

  /**
   * The JSON body with Flask's options: `force` ignores the Content-Type, `silent` returns
   * `undefined` instead of failing (for a wrong type or bad JSON).
   */
  getJson(options: { force?: boolean; silent?: boolean } = {}): unknown {
    if (!options.force && !this.isJson) {
      if (options.silent) return undefined;
      throw new UnsupportedMediaType(
        "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
      );
    }
    if (this.#jsonCache !== undefined) return this.#jsonCache.value;
    const text = new TextDecoder().decode(this.data);
    try {
      const value: unknown = JSON.parse(text);
      this.#jsonCache = { value };
      return value;
    } catch (error) {
      if (options.silent) return undefined;
      throw new BadRequest(
        `The browser (or proxy) sent a request that this server could not understand: failed to decode JSON object: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Reads the body the way the view will want it: forms and multipart into `form`/`files`,
   * JSON, text and untyped bodies into `data`; other types are left for `request.stream` or
   * `await request.getData()`. The app calls this before the view runs; it does
   * nothing the second time. A declared Content-Length over `maxContentLength` → 413 before
   * any byte is read; a longer stream → 413 while reading.
   */
  async loadBody(): Promise<void> {
    if (this.#loaded) return;
    this.#loaded = true;
    try {
      await this.#readBody();
    } catch (error) {
      if (error instanceof HTTPException) throw error;
      // The stream failed (client gone, broken framing): the request, not the app, is at fault.
      throw new BadRequest(
        `The request body could not be read: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  async #readBody(): Promise<void> {
    if (!this.#hasBody()) {
      this.#data = new Uint8Array(0);
      return;
    }
    this.#checkDeclaredLength();
    const limits: BodyLimits = {
      maxContentLength: this.maxContentLength,
      maxFormMemorySize: this.maxFormMemorySize,
      maxFormParts: this.maxFormParts,
    };
    const mimetype = this.mimetype;
    if (mimetype === "multipart/form-data") {
      const { form, files } = await parseMultipart(this.stream, this.contentType ?? "", limits);
      this.#form = indexable(form);
      this.#files = indexable(files);
      this.#data = new Uint8Array(0);
    } else if (mimetype === "application/x-www-form-urlencoded") {
      const bytes = await readLimited(this.stream, this.maxContentLength);
      this.#form = indexable(parseUrlEncoded(bytes, limits));
      this.#data = new Uint8Array(0);
    } else if (this.isJson || mimetype.startsWith("text/") || mimetype === "") {
      this.#data = await readLimited(this.stream, this.maxContentLength);
    }
    // Other types (octet-stream, images, archives, …) stay unread: a view may stream them
    // from `request.stream`, or read them with `await request.getData()`.
  }

  #hasBody(): boolean {
    const length = this.contentLength;
    // No Content-Length: chunked (HTTP/1.1) or stream-delimited (HTTP/2), or no body at all;
    // tsgi.input then simply ends, so reading is how to find out.
    return length === undefined || length > 0;
  }

  #checkDeclaredLength(): void {
    const length = this.contentLength;
    if (this.maxContentLength !== null && length !== undefined && length > this.maxContentLength) {
      throw new RequestEntityTooLarge(
        `The request body (${length} bytes) is larger than the ${this.maxContentLength} bytes allowed (MAX_CONTENT_LENGTH).`,
      );
    }
  }
}

/** QUERY_STRING holds one byte per character; raw (unescaped) UTF-8 bytes are re-decoded. */
function latin1ToUtf8(text: string): string {
  if (!/[^\p{ASCII}]/u.test(text)) return text;
  const bytes = Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff);
  return new TextDecoder().decode(bytes);
}
