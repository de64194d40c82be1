// Test-only helpers: a server on 127.0.0.1:0 with captured logs, and a raw-socket client that
// parses HTTP/1.x responses byte for byte (fetch would hide framing, pooling and 100s).
import { connect } from "node:net";
import type { Socket } from "node:net";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerHandle } from "../types.ts";
import { nodeServer } from "./index.ts";

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A started server whose error and access logs are captured. */
export interface TestServer {
  handle: ServerHandle;
  port: number;
  url: string;
  errors: string[];
  access: string[];
  errorText(): string;
  close(): Promise<void>;
}

export async function startServer(app: App, options: ServeOptions = {}): Promise<TestServer> {
  const errors: string[] = [];
  const access: string[] = [];
  const handle = await nodeServer.listen(app, {
    port: 0,
    errorLog: (text) => errors.push(text),
    accessLog: (line) => access.push(line),
    ...options,
  });
  return {
    handle,
    port: handle.address.port,
    url: handle.address.url,
    errors,
    access,
    errorText: () => errors.join(""),
    close: () => handle.close({ timeout: 2_000 }),
  };
}

/** Polls `check` until it is true or `timeoutMs` passed (then throws `what`). */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export interface ParsedResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: Buffer;
  /** Transfer-Encoding: chunked framing was used. */
  chunked: boolean;
  header(name: string): string | undefined;
  all(name: string): string[];
}

/** A client on a raw TCP connection: write bytes, read parsed responses, watch the close. */
export class RawClient {
  readonly socket: Socket;
  #buffer = Buffer.alloc(0);
  #closed = false;
  #listeners = new Set<() => void>();

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#notify();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.#closed = true;
      this.#notify();
    });
  }

  /** Connects to `port` on `host` (default 127.0.0.1), or to a unix socket path. */
  static connect(port: number | string, host = "127.0.0.1"): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const onConnect = (): void => resolve(new RawClient(socket));
      const socket =
        typeof port === "string" ? connect(port, onConnect) : connect(port, host, onConnect);
      socket.once("error", reject);
    });
  }

  /** Everything received and not yet consumed by readResponse(), as Latin-1 text. */
  get text(): string {
    return this.#buffer.toString("latin1");
  }

  get closed(): boolean {
    return this.#closed;
  }

  write(data: string | Uint8Array): void {
    this.socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Waits until `check(text)` holds; fails after `timeoutMs`. */
  waitFor(check: (text: string) => boolean, what: string, timeoutMs = 3_000): Promise<string> {
    return this.#waitUntil(() => check(this.text), what, timeoutMs).then(() => this.text);
  }

  /** Waits for the server to close the connection; returns what was left unread. */
  async waitClose(timeoutMs = 3_000): Promise<string> {
    await this.#waitUntil(() => this.#closed, "the connection to close", timeoutMs);
    return this.text;
  }

  /** Reads (and consumes) the next complete response. `head` for responses to HEAD. */
  async readResponse(
    options: { head?: boolean; timeoutMs?: number } = {},
  ): Promise<ParsedResponse> {
    let parsed: { response: ParsedResponse; length: number } | undefined;
    await this.#waitUntil(
      () =>
        (parsed = parseResponse(this.#buffer, options.head === true, this.#closed)) !== undefined,
      "a complete response",
      options.timeoutMs ?? 3_000,
    );
    this.#buffer = this.#buffer.subarray(parsed!.length);
    return parsed!.response;
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  #waitUntil(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        if (!check()) {
          if (this.#closed) {
            cleanup();
            reject(
              new Error(
                `connection closed while waiting for ${what}; got ${JSON.stringify(this.text)}`,
              ),
            );
          }
          return;
        }
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.text)}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
    });
  }
}

/** Sends `request` on a fresh connection and returns the first parsed response. */
export async function rawRequest(
  port: number,
  request: string,
  options: { head?: boolean } = {},
): Promise<ParsedResponse> {
  const client = await RawClient.connect(port);
  try {
    client.write(request);
    return await client.readResponse(options);
  } finally {
    client.destroy();
  }
}

/** Parses one HTTP/1.x response at the start of `data`; undefined while incomplete. */
export function parseResponse(
  data: Buffer,
  head: boolean,
  closed: boolean,
): { response: ParsedResponse; length: number } | undefined {
  const end = data.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const lines = data.subarray(0, end).toString("latin1").split("\r\n");
  const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0] ?? "");
  if (match === null) throw new Error(`not a status line: ${JSON.stringify(lines[0])}`);
  const status = Number(match[1]);
  const headers = lines.slice(1).map((line): [string, string] => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const all = (name: string): string[] =>
    headers.filter(([key]) => key.toLowerCase() === name.toLowerCase()).map(([, value]) => value);
  const header = (name: string): string | undefined => all(name)[0];
  let offset = end + 4;
  let body: Buffer = Buffer.alloc(0);
  const chunked = /chunked/i.test(header("transfer-encoding") ?? "");
  if (head || status < 200 || status === 204 || status === 304) {
    // no body
  } else if (chunked) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = data.indexOf("\r\n", offset);
      if (lineEnd === -1) return undefined;
      const size = parseInt(data.subarray(offset, lineEnd).toString("latin1"), 16);
      if (data.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
      if (size === 0) break;
    }
    body = Buffer.concat(parts);
  } else if (header("content-length") !== undefined) {
    const length = Number(header("content-length"));
    if (data.length < offset + length) return undefined;
    body = data.subarray(offset, offset + length);
    offset += length;
  } else {
    if (!closed) return undefined; // close-delimited
    body = data.subarray(offset);
    offset = data.length;
  }
  const response: ParsedResponse = {
    status,
    reason: match[2] ?? "",
    headers,
    body: Buffer.from(body),
    chunked,
    header,
    all,
  };
  return { response, length: offset };
}

/** A body that records how it was iterated and closed. */
export class TrackedBody implements AsyncIterable<Uint8Array> {
  pulled = 0;
  returned = 0;
  closed = 0;
  finished = false;
  readonly #chunks: () => AsyncGenerator<Uint8Array>;

  constructor(chunks: () => AsyncGenerator<Uint8Array>) {
    this.#chunks = chunks;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const inner = this.#chunks();
    return {
      next: async () => {
        const step = await inner.next();
        if (step.done === true) this.finished = true;
        else this.pulled++;
        return step;
      },
      return: async () => {
        this.returned++;
        return inner.return(undefined);
      },
    };
  }

  close(): void {
    this.closed++;
  }
}
