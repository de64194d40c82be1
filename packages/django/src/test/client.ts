/**
 * Django's test `Client` on top of @tsgi/core's in-process `TestClient`: requests go through
 * the whole TSGI app (middleware included) without a socket, cookies persist between
 * requests, redirects can be followed, CSRF checks are off unless `enforceCsrfChecks` is set,
 * and each response carries the templates rendered for it and their merged context.
 */
import type { App } from "@tsgi/core";
import {
  TestClient,
  type CookieJar,
  type FieldValue,
  type TestHeaders,
  type TestRequestOptions,
  type TestResponse,
} from "@tsgi/core/testing";
import { DONT_ENFORCE_CSRF_CHECKS } from "../csrf/index.ts";
import type { AssertableResponse } from "./assertions.ts";
import { captureRenders, type RenderedTemplate } from "./render-capture.ts";

/** Options of {@link Client}. */
export interface ClientOptions {
  /** Run the CSRF middleware's checks (default false, as Django's test client). */
  enforceCsrfChecks?: boolean;
  /** Scheme, host and mount point (default `http://testserver/`, Django's test host). */
  baseUrl?: string;
  /** Headers sent with every request (a request's own headers come after them). */
  headers?: Readonly<Record<string, string>>;
  /** Most redirects one `follow: true` request follows before failing (default 20). */
  maxRedirects?: number;
}

/** Options of one request. */
export interface ClientRequestOptions {
  /** Query parameters added to the path's own query string. */
  query?: Readonly<Record<string, FieldValue>>;
  headers?: Readonly<Record<string, string>>;
  /** Follow redirects (3xx with Location) and record them in `redirectChain`. */
  follow?: boolean;
  /**
   * Content type of `data`: `application/x-www-form-urlencoded` (default for objects),
   * `application/json` (objects are JSON-encoded), or anything else for a string/bytes body.
   */
  contentType?: string;
}

/** What a request body may be: form fields, any JSON value (with `contentType`), or raw. */
export type ClientData = Readonly<Record<string, FieldValue>> | string | Uint8Array | unknown;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * A response as the test sees it: status, headers, body, and what Django's test client adds
 * (`context`, `templates`, `redirectChain`).
 */
export class ClientResponse implements AssertableResponse {
  /** Django's name for the status code. */
  readonly statusCode: number;
  readonly reasonPhrase: string;
  readonly headers: readonly (readonly [string, string])[];
  /** The body bytes. */
  readonly content: Uint8Array;
  /**
   * Names of the templates rendered for this response, in render order (a template that
   * `{% extends %}` another lists both, the child first), as Django's `response.templates`.
   */
  readonly templates: readonly string[];
  /**
   * The context of the templates rendered (Django's `response.context`): every key of every
   * render, the first render's value winning; `undefined` when nothing was rendered.
   */
  readonly context: Readonly<Record<string, unknown>> | undefined;
  /** `[url, status]` of each redirect followed, first first (empty without `follow`). */
  readonly redirectChain: readonly (readonly [string, number])[];
  /** The request that produced this (final) response. */
  readonly request: { method: string; path: string };
  readonly #raw: TestResponse;
  readonly #client: Client;

  constructor(init: {
    raw: TestResponse;
    rendered: readonly RenderedTemplate[];
    redirectChain: readonly (readonly [string, number])[];
    request: { method: string; path: string };
    client: Client;
  }) {
    this.#raw = init.raw;
    this.#client = init.client;
    this.statusCode = init.raw.status;
    this.reasonPhrase = init.raw.statusText;
    this.headers = init.raw.headers;
    this.content = init.raw.body;
    this.templates = init.rendered.flatMap((render) =>
      render.name === undefined ? [] : [render.name],
    );
    this.context = mergeContexts(init.rendered);
    this.redirectChain = init.redirectChain;
    this.request = init.request;
  }

  /** Same as `statusCode`. */
  get status(): number {
    return this.statusCode;
  }

  /** The body as UTF-8 text. */
  get text(): string {
    return this.#raw.text;
  }

  /** The Location header of a redirect (Django's `response.url`). */
  get url(): string | undefined {
    return this.header("location");
  }

  /** The body parsed as JSON. */
  json<T = unknown>(): T {
    return this.#raw.json<T>();
  }

  /** First value of a header, any case. */
  header(name: string): string | undefined {
    return this.#raw.header(name);
  }

  /** Every value of a header (one per Set-Cookie). */
  headerAll(name: string): string[] {
    return this.#raw.headerAll(name);
  }

  /** GETs `url` with the client that made this response (used by `assertRedirects`). */
  fetchRedirect(url: string): Promise<ClientResponse> {
    return this.#client.get(url);
  }
}

function mergeContexts(
  rendered: readonly RenderedTemplate[],
): Readonly<Record<string, unknown>> | undefined {
  if (rendered.length === 0) return undefined;
  const merged: Record<string, unknown> = {};
  for (const { context } of rendered) {
    for (const [key, value] of Object.entries(context)) if (!(key in merged)) merged[key] = value;
  }
  return merged;
}

/**
 * Django's test client. Build one from the project's TSGI app (`getTsgiApplication()`);
 * inside `describeTestCase`, `t.client` is one, fresh for every test.
 *
 * @example
 * const client = new Client(getTsgiApplication({ settings }));
 * const response = await client.post("/polls/1/vote/", { choice: "1" }, { follow: true });
 * response.redirectChain; // [["/polls/1/results/", 302]]
 * assertContains(response, "1 vote");
 */
export class Client {
  readonly #client: TestClient;
  readonly #options: ClientOptions;

  constructor(app: App, options: ClientOptions = {}) {
    this.#options = options;
    this.#client = new TestClient(app, {
      baseUrl: options.baseUrl ?? "http://testserver/",
      extraEnviron: { [DONT_ENFORCE_CSRF_CHECKS]: options.enforceCsrfChecks !== true },
      // An app error should fail the test with its own stack, not hide behind a 500.
      catchErrors: false,
    });
  }

  /** Cookies the client keeps between requests (the session and CSRF cookies, …). */
  get cookies(): CookieJar {
    return this.#client.cookies;
  }

  /** GET `path` (its query string, plus `options.query`). */
  get(path: string, options: ClientRequestOptions = {}): Promise<ClientResponse> {
    return this.request("GET", path, undefined, options);
  }

  /** POST `data` (form fields by default; see {@link ClientRequestOptions.contentType}). */
  post(
    path: string,
    data?: ClientData,
    options: ClientRequestOptions = {},
  ): Promise<ClientResponse> {
    return this.request("POST", path, data, options);
  }

  /** PUT `data`. */
  put(
    path: string,
    data?: ClientData,
    options: ClientRequestOptions = {},
  ): Promise<ClientResponse> {
    return this.request("PUT", path, data, options);
  }

  /** PATCH `data`. */
  patch(
    path: string,
    data?: ClientData,
    options: ClientRequestOptions = {},
  ): Promise<ClientResponse> {
    return this.request("PATCH", path, data, options);
  }

  /** DELETE `path`. */
  delete(path: string, options: ClientRequestOptions = {}): Promise<ClientResponse> {
    return this.request("DELETE", path, undefined, options);
  }

  /** HEAD `path` (the body is always empty). */
  head(path: string, options: ClientRequestOptions = {}): Promise<ClientResponse> {
    return this.request("HEAD", path, undefined, options);
  }

  /** OPTIONS `path`. */
  options(path: string, options: ClientRequestOptions = {}): Promise<ClientResponse> {
    return this.request("OPTIONS", path, undefined, options);
  }

  /**
   * Sends one request (following redirects with `options.follow`).
   *
   * @example
   * const response = await client.request("PUT", "/api/items/1", { name: "x" }, { contentType: "application/json" });
   */
  async request(
    method: string,
    path: string,
    data: ClientData | undefined,
    options: ClientRequestOptions = {},
  ): Promise<ClientResponse> {
    let response = await this.#once(method, path, data, options);
    if (options.follow !== true) return response;
    const chain: [string, number][] = [];
    const limit = this.#options.maxRedirects ?? 20;
    while (REDIRECT_STATUSES.has(response.statusCode) && response.url !== undefined) {
      const target = new URL(response.url, new URL(response.request.path, "http://testserver"));
      chain.push([response.url, response.statusCode]);
      if (chain.length > limit) {
        throw new Error(
          `redirect loop or more than ${limit} redirects: ${chain.map(([url]) => url).join(" -> ")}`,
        );
      }
      // 307/308 repeat the request as it was; 301/302/303 become a GET without a body.
      const keepMethod = response.statusCode === 307 || response.statusCode === 308;
      const next = pathOf(target);
      response = keepMethod
        ? await this.#once(response.request.method, next, data, { ...options, query: undefined })
        : await this.#once("GET", next, undefined, { headers: options.headers });
    }
    return new ClientResponse({
      raw: rawOf(response),
      rendered: renderedOf(response),
      redirectChain: chain,
      request: response.request,
      client: this,
    });
  }

  async #once(
    method: string,
    target: string,
    data: ClientData | undefined,
    options: ClientRequestOptions,
  ): Promise<ClientResponse> {
    // Django's client takes "http://testserver/polls/" as well as "/polls/": keep the path.
    const path = /^https?:\/\//i.test(target) ? pathOf(new URL(target)) : target;
    const requestOptions: TestRequestOptions = {
      headers: mergeHeaders(this.#options.headers, options.headers),
      ...(options.query === undefined ? {} : { query: options.query }),
      ...bodyOptions(data, options.contentType),
    };
    const { value: raw, rendered } = await captureRenders(() =>
      this.#client.request(method, path, requestOptions),
    );
    const response = new ClientResponse({
      raw,
      rendered,
      redirectChain: [],
      request: { method, path },
      client: this,
    });
    internals.set(response, { raw, rendered });
    return response;
  }
}

// What a ClientResponse was built from, so a followed chain can rebuild its final response.
const internals = new WeakMap<
  ClientResponse,
  { raw: TestResponse; rendered: RenderedTemplate[] }
>();

function rawOf(response: ClientResponse): TestResponse {
  return internals.get(response)!.raw;
}

function renderedOf(response: ClientResponse): RenderedTemplate[] {
  return internals.get(response)?.rendered ?? [];
}

function pathOf(url: URL): string {
  return url.pathname + url.search;
}

function mergeHeaders(
  base: Readonly<Record<string, string>> | undefined,
  extra: Readonly<Record<string, string>> | undefined,
): TestHeaders {
  return [...Object.entries(base ?? {}), ...Object.entries(extra ?? {})];
}

function bodyOptions(
  data: ClientData | undefined,
  contentType: string | undefined,
): TestRequestOptions {
  if (data === undefined) return contentType === undefined ? {} : { contentType };
  if (typeof data === "string" || data instanceof Uint8Array) {
    return { body: data, contentType: contentType ?? "application/octet-stream" };
  }
  if (contentType !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    return { json: data, contentType };
  }
  if (contentType === undefined || contentType.startsWith("application/x-www-form-urlencoded")) {
    return { form: data as Readonly<Record<string, FieldValue>> };
  }
  throw new TypeError(
    `cannot encode an object as ${contentType}: pass a string or bytes body, or use form or JSON`,
  );
}
