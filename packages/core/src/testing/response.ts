import { getAllHeaders, getHeader } from "../helpers/headers.ts";
import type { Environ, HeaderList } from "../types.ts";

const utf8 = new TextDecoder();

/**
 * What the test client received: status, headers exactly as the app sent them (repeated
 * Set-Cookie included, hop-by-hop ones dropped as a server would) and the whole body.
 *
 * @example
 * const response = await createTestClient(app).get("/");
 * response.status;                // 200
 * response.header("content-type"); // "text/plain"
 * response.text;                  // "Hello, World!\n"
 */
export class TestResponse {
  /** The status code, e.g. 404. */
  readonly status: number;
  /** The reason phrase the app sent, e.g. "Not Found". */
  readonly statusText: string;
  /** The status string the app passed to startResponse, e.g. "404 Not Found". */
  readonly statusLine: string;
  readonly headers: HeaderList;
  /** Every body byte (empty for HEAD, 1xx, 204 and 304, which carry none). */
  readonly body: Uint8Array;
  /**
   * The environ the app was called with, for assertions on what the app saw; `undefined` when
   * the client refused the request (400) before building one.
   */
  readonly environ: Environ | undefined;

  constructor(init: {
    status: number;
    statusText: string;
    statusLine: string;
    headers: HeaderList;
    body: Uint8Array;
    environ: Environ | undefined;
  }) {
    this.status = init.status;
    this.statusText = init.statusText;
    this.statusLine = init.statusLine;
    this.headers = init.headers;
    this.body = init.body;
    this.environ = init.environ;
  }

  /** The body read as UTF-8. */
  get text(): string {
    return utf8.decode(this.body);
  }

  /** The body parsed as JSON; throws a SyntaxError when it is not JSON. */
  json<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }

  /** The first value of header `name` (any case), or `undefined`. */
  header(name: string): string | undefined {
    return getHeader(this.headers, name);
  }

  /** Every value of header `name`, in order (one per cookie for Set-Cookie). */
  headerAll(name: string): string[] {
    return getAllHeaders(this.headers, name);
  }
}
