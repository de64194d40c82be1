import {
  createTestClient,
  TestResponse,
  type TestClient,
  type TestRequestOptions,
} from "@tsgi/core/testing";
import type { Flask } from "../app/flask.ts";
import { requestContextState } from "../ctx/context.ts";
import type { Session } from "../sessions/session.ts";
import { Response } from "../wrappers/response.ts";
import { encodeMultipart, isFileUpload, type FormValue } from "./multipart.ts";

/** Options of `app.testClient(options)`. */
export interface FlaskClientOptions {
  /** Scheme, host and mount point (SCRIPT_NAME), default `http://localhost/`. */
  baseUrl?: string;
  /** Keys merged into every environ. */
  extraEnviron?: Readonly<Record<string, unknown>>;
}

/** Options of one test request, in Flask's shape. */
export interface FlaskRequestOptions extends Omit<TestRequestOptions, "form" | "body"> {
  /**
   * The body: an object is a form (urlencoded, or multipart when it holds a
   * `{ content, filename }` file), a string or bytes are sent raw.
   */
  data?: string | Uint8Array | Readonly<Record<string, FormValue | readonly FormValue[]>>;
  /** Follow redirects (301/302/303 become GET; 307/308 keep method and body). */
  followRedirects?: boolean;
}

/**
 * A test response with Flask's names: `statusCode`, `data`, `location`, `history`.
 *
 * @example
 * const response = await app.testClient().get("/");
 * response.statusCode; // 200
 */
export class FlaskTestResponse extends TestResponse {
  /** Earlier responses when redirects were followed, oldest first. */
  history: FlaskTestResponse[] = [];

  constructor(response: TestResponse) {
    super({
      status: response.status,
      statusText: response.statusText,
      statusLine: response.statusLine,
      headers: response.headers,
      body: response.body,
      environ: response.environ,
    });
  }

  /** The status code (Flask's `status_code`). */
  get statusCode(): number {
    return this.status;
  }

  /** The body bytes (Flask's `response.data`). */
  get data(): Uint8Array {
    return this.body;
  }

  /** The Location header. */
  get location(): string | undefined {
    return this.header("location");
  }

  /** The Content-Type without parameters. */
  get mimetype(): string | undefined {
    return this.header("content-type")?.split(";")[0]?.trim();
  }

  /** The body as JSON (Flask's `response.json`). */
  getJson<T = unknown>(): T {
    return this.json<T>();
  }
}

const REDIRECTS = new Set([301, 302, 303, 305, 307, 308]);

/**
 * Flask's test client on the core in-process client: cookies kept in `client.cookies`,
 * requests shaped like Flask's (`data`, `json`, `headers`, `query`, `followRedirects`), and
 * `sessionTransaction` to read or prepare the session between requests.
 *
 * @example
 * const client = app.testClient();
 * await client.post("/auth/login", { data: { username: "test", password: "test" } });
 * const page = await client.get("/", { followRedirects: true });
 * assert.match(page.text, /Log Out/);
 */
export class FlaskClient {
  readonly app: Flask;
  readonly #client: TestClient;
  readonly #baseUrl: string;

  constructor(app: Flask, options: FlaskClientOptions = {}) {
    this.app = app;
    this.#baseUrl = options.baseUrl ?? "http://localhost/";
    // Through a closure, so middleware installed later on app.tsgiApp is used too.
    this.#client = createTestClient(
      (environ, startResponse) => app.tsgiApp(environ, startResponse),
      {
        baseUrl: this.#baseUrl,
        ...(options.extraEnviron === undefined ? {} : { extraEnviron: options.extraEnviron }),
      },
    );
  }

  /** The cookie jar (core `CookieJar`). */
  get cookies() {
    return this.#client.cookies;
  }

  /** Lines written to `tsgi.errors` (logged exceptions). */
  get errors(): string[] {
    return this.#client.errors;
  }

  /** Sends one request; follows redirects when asked. */
  async open(
    method: string,
    path: string,
    options: FlaskRequestOptions = {},
  ): Promise<FlaskTestResponse> {
    const { followRedirects = false, data, ...rest } = options;
    let requestOptions = toCoreOptions(rest, data);
    let response = new FlaskTestResponse(await this.#client.request(method, path, requestOptions));
    const history: FlaskTestResponse[] = [];
    let currentMethod = method.toUpperCase();
    let currentUrl = new URL(path, this.#baseUrl);
    while (followRedirects && REDIRECTS.has(response.status) && response.location !== undefined) {
      if (history.length >= 20)
        throw new Error(`more than 20 redirects, last to ${response.location}`);
      history.push(response);
      const target = new URL(response.location, currentUrl);
      if (response.status !== 307 && response.status !== 308) {
        if (currentMethod !== "HEAD") currentMethod = "GET";
        // A 303 (and, as browsers do, 301/302) is followed with a GET without the body.
        const {
          json: _json,
          body: _body,
          form: _form,
          contentType: _type,
          ...withoutBody
        } = requestOptions;
        requestOptions = withoutBody;
      }
      const base = new URL(this.#baseUrl);
      const relative = target.pathname.startsWith(base.pathname.replace(/\/$/, ""))
        ? target.pathname.slice(base.pathname.replace(/\/$/, "").length) || "/"
        : target.pathname;
      const headers =
        target.host === base.host
          ? requestOptions.headers
          : { ...toRecord(requestOptions.headers), Host: target.host };
      response = new FlaskTestResponse(
        await this.#client.request(currentMethod, relative + target.search, {
          ...requestOptions,
          ...(headers === undefined ? {} : { headers }),
        }),
      );
      currentUrl = target;
    }
    response.history = history;
    return response;
  }

  get(path: string, options?: FlaskRequestOptions): Promise<FlaskTestResponse> {
    return this.open("GET", path, options);
  }
  post(path: string, options?: FlaskRequestOptions): Promise<FlaskTestResponse> {
    return this.open("POST", path, options);
  }
  put(path: string, options?: FlaskRequestOptions): Promise<FlaskTestResponse> {
    return this.open("PUT", path, options);
  }
  patch(path: string, options?: FlaskRequestOptions): Promise<FlaskTestResponse> {
    return this.open("PATCH", path, options);
  }
  delete(path: string, options?: FlaskRequestOptions): Promise<FlaskTestResponse> {
    return this.open("DELETE", path, options);
  }
  head(path: string, options?: FlaskRequestOptions): Promise<FlaskTestResponse> {
    return this.open("HEAD", path, options);
  }
  options(path: string, options?: FlaskRequestOptions): Promise<FlaskTestResponse> {
    return this.open("OPTIONS", path, options);
  }

  /**
   * Opens the session as the next request would see it, lets `fn` read or change it, and
   * stores the result back into the cookie jar (Flask's `session_transaction`).
   *
   * @example
   * await client.sessionTransaction((session) => session.set("userId", 1));
   * await client.sessionTransaction((session) => assert.equal(session.get("userId"), 1));
   */
  async sessionTransaction(
    fn: (session: Session) => void | Promise<void>,
    path = "/",
  ): Promise<void> {
    const url = new URL(path, this.#baseUrl);
    const cookie = this.cookies.header(url);
    await this.app
      .testRequestContext(path, {
        baseUrl: this.#baseUrl,
        ...(cookie === undefined ? {} : { headers: { Cookie: cookie } }),
      })
      .run(async () => {
        const { session } = requestContextState();
        await fn(session);
        const response = new Response();
        this.app.sessionInterface.saveSession(this.app.config, session, response);
        this.cookies.store(response.headers.getAll("Set-Cookie"), url);
      });
  }
}

function toCoreOptions(
  rest: Omit<FlaskRequestOptions, "data" | "followRedirects">,
  data: FlaskRequestOptions["data"],
): TestRequestOptions {
  if (data === undefined) return rest;
  if (typeof data === "string" || data instanceof Uint8Array) return { ...rest, body: data };
  const values = Object.values(data).flatMap((value) => (Array.isArray(value) ? value : [value]));
  if (values.some(isFileUpload)) {
    const { body, contentType } = encodeMultipart(data);
    return { ...rest, body, contentType };
  }
  return {
    ...rest,
    form: data as Readonly<
      Record<string, string | number | boolean | readonly (string | number | boolean)[]>
    >,
  };
}

function toRecord(headers: TestRequestOptions["headers"]): Record<string, string> {
  if (headers === undefined) return {};
  if (Symbol.iterator in headers) {
    return Object.fromEntries(
      Array.from(headers as Iterable<readonly [string, string]>, ([k, v]) => [k, v]),
    );
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(
    headers as Record<string, string | readonly string[]>,
  )) {
    out[name] = typeof value === "string" ? value : value.join(", ");
  }
  return out;
}
