import { BadRequestError } from "../environ.ts";
import { createErrorStream } from "../errors-stream.ts";
import { AppContractError, startApp, type StartedResponse } from "../helpers/_run-app.ts";
import { getHeader, isHopByHop } from "../helpers/headers.ts";
import { reasonPhrase } from "../helpers/status.ts";
import { requestUri } from "../helpers/uri.ts";
import { validate } from "../validate/index.ts";
import type { App, Environ, ErrorStream } from "../types.ts";
import { CookieJar } from "./cookie-jar.ts";
import { TestResponse } from "./response.ts";
import { buildTestEnviron, type TestRequestOptions } from "./test-environ.ts";

/** Options for {@link createTestClient}. */
export interface TestClientOptions {
  /** Scheme, host and mount point (SCRIPT_NAME) of the app; default `http://localhost/`. */
  baseUrl?: string;
  /** Keys merged into every environ (a request's own `extraEnviron` goes on top). */
  extraEnviron?: Readonly<Record<string, unknown>>;
  /** Run the app through `validate` so contract mistakes fail the test (default true). */
  validate?: boolean;
  /**
   * What an app error before the headers becomes: thrown to the test (default), or, when
   * true, a `500 Internal Server Error` response with the error in `client.errors`, as a
   * server would answer. An error after the headers is always thrown: the response is broken.
   */
  catchErrors?: boolean;
}

const encoder = new TextEncoder();

/**
 * Calls a TSGI app in-process, without a socket, doing the server's duties on the way:
 * deferred headers, excInfo, `write()`, no body for HEAD/1xx/204/304, the body closed exactly
 * once, hop-by-hop headers dropped, Content-Length checked, cookies kept between requests.
 *
 * @example
 * const app: App = (environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"], ["Set-Cookie", "seen=1"]]);
 *   return [new TextEncoder().encode(`cookie: ${environ.HTTP_COOKIE ?? "none"}`)];
 * };
 * const client = new TestClient(app);
 * (await client.get("/")).text; // "cookie: none"
 * (await client.get("/")).text; // "cookie: seen=1"
 */
export class TestClient {
  /** Cookies set by responses, sent back on later requests; editable by the test. */
  readonly cookies: CookieJar = new CookieJar();
  #app: App;
  #options: TestClientOptions;
  #errorText = "";
  #errors: ErrorStream = createErrorStream((text) => {
    this.#errorText += text;
  });

  constructor(app: App, options: TestClientOptions = {}) {
    this.#app = options.validate === false ? app : validate(app);
    this.#options = options;
  }

  /** Every line the app (or the client) wrote to `tsgi.errors`, oldest first. */
  get errors(): string[] {
    const lines = this.#errorText.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    return lines;
  }

  /** Sends one request and reads the whole response. */
  async request(
    method: string,
    path: string,
    options: TestRequestOptions = {},
  ): Promise<TestResponse> {
    let environ: Environ;
    try {
      environ = buildTestEnviron(method, path, {
        ...options,
        ...(this.#options.baseUrl === undefined ? {} : { baseUrl: this.#options.baseUrl }),
        errors: this.#errors,
        extraEnviron: { ...this.#options.extraEnviron, ...options.extraEnviron },
      });
    } catch (error) {
      // A real server refuses such a target before the app runs; so does this client.
      if (error instanceof BadRequestError) return plainResponse(400, error.message, undefined);
      throw error;
    }
    const url = cookieUrl(environ);
    const jarCookies = this.cookies.header(url);
    if (jarCookies !== undefined) {
      const sent = environ.HTTP_COOKIE;
      environ.HTTP_COOKIE = typeof sent === "string" ? `${jarCookies}; ${sent}` : jarCookies;
    }

    const response = await this.#run(environ);
    this.cookies.store(response.headerAll("set-cookie"), url);
    return response;
  }

  async #run(environ: Environ): Promise<TestResponse> {
    let started: StartedResponse;
    try {
      started = await startApp(this.#app, environ);
    } catch (error) {
      if (this.#options.catchErrors !== true) throw error;
      this.#errors.write(`error before the response started: ${describeError(error)}\n`);
      return plainResponse(500, "Internal Server Error", environ);
    }
    const bodiless =
      environ.REQUEST_METHOD === "HEAD" ||
      started.code < 200 ||
      started.code === 204 ||
      started.code === 304;
    const chunks: Uint8Array[] = [];
    try {
      while (!bodiless) {
        const chunk = await started.next();
        if (chunk === undefined) break;
        if (chunk.byteLength > 0) chunks.push(chunk);
      }
    } catch (error) {
      await started.close().catch((closeError: unknown) => {
        this.#errors.write(`error while closing the body: ${describeError(closeError)}\n`);
      });
      throw error;
    }
    await started.close();

    const headers = started.headers.filter(([name]) => {
      if (!isHopByHop(name)) return true;
      this.#errors.write(`dropped hop-by-hop header ${name} (servers do)\n`);
      return false;
    });
    const body = concat(chunks);
    const declared = getHeader(headers, "content-length");
    if (!bodiless && declared !== undefined && Number(declared) !== body.byteLength) {
      // A real client would see a truncated or overlong message; a test should see why.
      throw new AppContractError(
        "TSGI_E_CONTENT_LENGTH_MISMATCH",
        `Content-Length is ${declared} but the body has ${body.byteLength} bytes`,
      );
    }
    return new TestResponse({
      status: started.code,
      statusText: started.reason,
      statusLine: started.status,
      headers,
      body,
      environ,
    });
  }

  /** `request("GET", path, options)`. */
  get(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request("GET", path, options);
  }
  /** `request("HEAD", path, options)`; the body is always empty. */
  head(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request("HEAD", path, options);
  }
  /** `request("POST", path, options)`. */
  post(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request("POST", path, options);
  }
  /** `request("PUT", path, options)`. */
  put(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request("PUT", path, options);
  }
  /** `request("PATCH", path, options)`. */
  patch(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request("PATCH", path, options);
  }
  /** `request("DELETE", path, options)`. */
  delete(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request("DELETE", path, options);
  }
  /** `request("OPTIONS", path, options)`. */
  options(path: string, options?: TestRequestOptions): Promise<TestResponse> {
    return this.request("OPTIONS", path, options);
  }
}

/**
 * Creates a {@link TestClient} for `app`.
 *
 * @example
 * const client = createTestClient(app, { baseUrl: "https://example.org/shop" });
 * const response = await client.get("/cart", { query: { page: 2 } });
 * response.environ?.SCRIPT_NAME;  // "/shop"
 * response.environ?.PATH_INFO;    // "/cart"
 * response.environ?.QUERY_STRING; // "page=2"
 */
export function createTestClient(app: App, options?: TestClientOptions): TestClient {
  return new TestClient(app, options);
}

/** The URL cookies are matched against: the request's, or without its Host if that is no host. */
function cookieUrl(environ: Environ): URL {
  try {
    return new URL(requestUri(environ));
  } catch {
    // A test may send a malformed Host on purpose; the app should see it, the jar cannot use it.
    return new URL(requestUri({ ...environ, HTTP_HOST: "" }));
  }
}

function plainResponse(code: number, text: string, environ: Environ | undefined): TestResponse {
  const body = encoder.encode(text);
  return new TestResponse({
    status: code,
    statusText: reasonPhrase(code),
    statusLine: `${code} ${reasonPhrase(code)}`,
    headers: [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Content-Length", String(body.byteLength)],
    ],
    body,
    environ,
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? String(error)) : String(error);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}
