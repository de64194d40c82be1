// What every conformance case uses: a per-test context that starts the host and tears down
// whatever the test opened (in reverse, connections before the host), request builders,
// and bounded waits.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { connect as connectH2 } from "node:http2";
import { request as httpsRequest } from "node:https";
import type { App, Environ } from "../types.ts";
import { H2Connection } from "./_h2-client.ts";
import {
  ProtocolError,
  RawConnection,
  type RawResponse,
  READ_TIMEOUT_MS,
  preview,
} from "./_raw-http.ts";
import {
  type ClientConnection,
  type ConformanceTls,
  type ConformanceTransport,
  type TransportFacts,
  transportFacts,
} from "./_transport.ts";
import type { ConformanceHost } from "./_types.ts";
import type { ConformanceTestId } from "./ids.ts";

/** One check of the battery; its title lives in ids.ts next to its id. */
export interface ConformanceCase {
  id: ConformanceTestId;
  /** Backstop for node:test, above the suite's own per-read timeouts (default 20 s). */
  timeoutMs?: number;
  run(context: CaseContext): Promise<void>;
}

/** How long a host may take to start or to close (a stuck shutdown is a bug). */
const HOST_TIMEOUT_MS = 10_000;

/** A host started for one test, with the address parts the clients need. */
export interface Served {
  url: URL;
  host: string;
  port: number;
  /** The Host header value clients send. */
  authority: string;
  /** "https" when the host's URL is https:// (TLS), else "http": `tsgi.url_scheme`. */
  scheme: "http" | "https";
  /** The protocol the suite speaks to this host, and what follows from it. */
  transport: ConformanceTransport;
  facts: TransportFacts;
  tls: ConformanceTls | undefined;
  errorOutput: (() => string) | undefined;
  /** Closes the host now (at most once; the test's cleanup reuses the same promise). */
  close(): Promise<void>;
}

/** Per-test state: owns the started host and every connection, and cleans them up. */
export class CaseContext {
  readonly #host: ConformanceHost;
  #cleanups: Array<() => unknown> = [];

  constructor(host: ConformanceHost) {
    this.#host = host;
  }

  /** Starts the host with `app`; it is closed when the test ends. */
  async serve(app: App): Promise<Served> {
    const started = await withTimeout(
      this.#host.start(app),
      HOST_TIMEOUT_MS,
      `${this.#host.name}: start()`,
    );
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= withTimeout(
        started.close(),
        HOST_TIMEOUT_MS,
        `${this.#host.name}: close() to settle`,
      ));
    this.defer(close);
    const url = new URL(started.url);
    const transport = this.#host.transport ?? "http1";
    const wanted = { http1: ["http:", "https:"], h2c: ["http:"], h2: ["https:"] }[transport];
    if (!wanted.includes(url.protocol) || url.port === "") {
      throw new Error(
        `start() must return a ${wanted.join(" or ")}// URL with a port for the ${transport} transport, got ${started.url}`,
      );
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    return {
      url,
      host,
      port: Number(url.port),
      authority: url.host,
      scheme: url.protocol === "https:" ? "https" : "http",
      transport,
      facts: transportFacts(transport),
      tls: this.#host.tls,
      errorOutput: started.errorOutput?.bind(started),
      close,
    };
  }

  /**
   * Opens a client connection to the served host, in its transport's protocol (raw HTTP/1.x
   * bytes, or an HTTP/2 session); destroyed when the test ends.
   */
  async connect(served: Served): Promise<ClientConnection> {
    const connection: ClientConnection =
      served.transport === "http1"
        ? await RawConnection.open(
            served.port,
            served.host,
            READ_TIMEOUT_MS,
            served.scheme === "https" ? (served.tls ?? {}) : undefined,
          )
        : await H2Connection.open({
            host: served.host,
            port: served.port,
            secure: served.scheme === "https",
            tls: served.tls,
          });
    this.defer(() => connection.destroy());
    return connection;
  }

  /** Registers a cleanup step; steps run in reverse order of registration. */
  defer(cleanup: () => unknown): void {
    this.#cleanups.push(cleanup);
  }

  /** Runs every cleanup step, even after one fails, and rethrows the first failure. */
  async dispose(): Promise<void> {
    let failure: unknown;
    for (const cleanup of this.#cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        failure ??= error;
      }
    }
    this.#cleanups = [];
    if (failure !== undefined) throw failure;
  }
}

/**
 * Reads a response the server is meant to cut short (after headers, a failing body): the
 * status line and the bytes the app yielded first must still reach the client, then the
 * connection ends. A connection closed with nothing on it says so in plain words.
 */
export async function readCutShort(
  connection: ClientConnection,
  what: string,
): Promise<RawResponse> {
  try {
    return await connection.readResponse();
  } catch (error) {
    if (error instanceof ProtocolError && connection.ended) {
      throw new Error(
        `${what}: the connection closed before the status line and the bytes the app had ` +
          `already yielded reached the client (${error.message})`,
      );
    }
    throw error;
  }
}

/** Asserts a status, showing what the server answered instead (status line and body). */
export function expectStatus(response: RawResponse, status: number, what = "status"): void {
  if (response.status !== status) {
    const body = preview(response.body, 200);
    throw new assert.AssertionError({
      message: `${what}: expected ${status}, got ${response.status} ${response.reason} ${body}`,
      actual: response.status,
      expected: status,
      operator: "strictEqual",
    });
  }
}

/** UTF-8 bytes of a string, the only kind of chunk a TSGI body may yield. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Raw request text: request line, Host, the given headers, and the body if any. */
export function rawRequest(
  served: Served,
  method: string,
  target: string,
  options: {
    headers?: ReadonlyArray<readonly [string, string]>;
    /** Adds Content-Length unless a Transfer-Encoding or Content-Length header is given. */
    body?: string;
    version?: "HTTP/1.1" | "HTTP/1.0";
  } = {},
): string {
  const headers = [["Host", served.authority] as const, ...(options.headers ?? [])];
  const framed = headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  if (options.body !== undefined && !framed) {
    headers.push(["Content-Length", String(Buffer.byteLength(options.body, "latin1"))]);
  }
  const head = headers.map(([name, value]) => `${name}: ${value}\r\n`).join("");
  return `${method} ${target} ${options.version ?? "HTTP/1.1"}\r\n${head}\r\n${options.body ?? ""}`;
}

/** A promise with its resolve function exposed, for app ↔ test handshakes. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  settled: boolean;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  const handle: Deferred<T> = {
    promise,
    settled: false,
    resolve(value: T) {
      handle.settled = true;
      resolve(value);
    },
  };
  return handle;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with "timed out … waiting for <what>" unless `promise` settles within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * For apps: waits for a handshake from the test without ever hanging the server. Resolves
 * true when `promise` settled in time, false otherwise.
 */
export async function settlesWithin(
  promise: Promise<unknown>,
  ms = READ_TIMEOUT_MS,
): Promise<boolean> {
  try {
    await withTimeout(promise, ms, "handshake");
    return true;
  } catch {
    return false;
  }
}

/** Waits until `condition` holds, polling, or fails with `what`. */
export async function eventually(
  condition: () => boolean,
  what: string,
  timeoutMs = READ_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** The error every server must turn into a 500, with a text the 500 page must not leak. */
export class SecretError extends Error {
  override name = "SecretError";
  constructor(where: string) {
    super(`conformance-secret-${where}`);
  }
}

/**
 * An app that records each environ it is called with (before answering) and answers
 * `200 OK` with a plain-text body.
 */
export function recordingApp(
  seen: Environ[],
  respond: (environ: Environ) => string | Promise<string> = () => "ok",
): App {
  return async (environ, startResponse) => {
    seen.push(environ);
    const text = await respond(environ);
    startResponse("200 OK", [["Content-Type", "text/plain; charset=utf-8"]]);
    return [bytes(text)];
  };
}

/** A response read with node:http, for checks where raw bytes do not matter. */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One request on its own connection, bounded by a timeout: node:http or node:https (no
 * agent), or one node:http2 session for the HTTP/2 transports.
 */
export function fetchOver(
  served: Served,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array } = {},
): Promise<HttpResult> {
  if (served.transport !== "http1") return fetchOverH2(served, path, options);
  const secure = served.scheme === "https";
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      {
        host: served.host,
        port: served.port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: false,
        ...(secure
          ? { rejectUnauthorized: served.tls?.rejectUnauthorized ?? false, ca: served.tls?.ca }
          : {}),
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on("data", (part: Buffer) => parts.push(part));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(parts),
          }),
        );
        response.on("error", reject);
      },
    );
    request.setTimeout(READ_TIMEOUT_MS, () =>
      request.destroy(new Error(`timed out after ${READ_TIMEOUT_MS} ms waiting for ${path}`)),
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

function fetchOverH2(
  served: Served,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const session = connectH2(`${served.scheme}://${served.authority}`, {
      rejectUnauthorized: served.tls?.rejectUnauthorized ?? false,
      ca: served.tls?.ca,
    });
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`timed out after ${READ_TIMEOUT_MS} ms waiting for ${path}`));
    }, READ_TIMEOUT_MS);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      session.destroy();
      reject(error);
    };
    session.on("error", fail);
    const stream = session.request(
      { ":method": options.method ?? "GET", ":path": path, ...options.headers },
      { endStream: options.body === undefined },
    );
    stream.on("error", fail);
    stream.on("response", (headers) => {
      const parts: Buffer[] = [];
      stream.on("data", (part: Buffer) => parts.push(part));
      stream.on("end", () => {
        clearTimeout(timer);
        session.close();
        const { ":status": status, ...rest } = headers;
        resolve({ status: Number(status), headers: rest, body: Buffer.concat(parts) });
      });
    });
    if (options.body !== undefined) stream.end(options.body);
  });
}
