// Test-only helpers for the http2 server: a server on 127.0.0.1:0 (cleartext or with the
// test certificate) with captured logs, and a small HTTP/2 client whose every wait is bounded.
import { connect } from "node:http2";
import type { ClientHttp2Session, IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http2";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerHandle } from "../types.ts";
import { testCertificate } from "./_test-cert.ts";
import { http2Server } from "./index.ts";

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A started http2 server whose error and access logs are captured. */
export interface TestServer {
  handle: ServerHandle;
  port: number;
  url: string;
  errors: string[];
  access: string[];
  close(): Promise<void>;
}

export async function startServer(
  app: App,
  options: ServeOptions & { tls?: boolean } = {},
): Promise<TestServer> {
  const { tls = false, ...rest } = options;
  const errors: string[] = [];
  const access: string[] = [];
  const files = tls ? await testCertificate() : undefined;
  const handle = await http2Server.listen(app, {
    port: 0,
    errorLog: (text) => errors.push(text),
    accessLog: (line) => access.push(line),
    ...(files === undefined ? {} : { certfile: files.certfile, keyfile: files.keyfile }),
    ...rest,
  });
  return {
    handle,
    port: handle.address.port,
    url: handle.address.url,
    errors,
    access,
    close: () => handle.close({ timeout: 2_000 }),
  };
}

/** Opens an HTTP/2 session (h2 over TLS for https:// URLs, else h2c), bounded by a timeout. */
export function openSession(url: string, timeoutMs = 3_000): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = connect(url, { rejectUnauthorized: false });
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`no HTTP/2 session with ${url} within ${timeoutMs} ms`));
    }, timeoutMs);
    session.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    session.once("connect", () => {
      clearTimeout(timer);
      session.on("error", () => {}); // later errors are read from streams and 'close'
      resolve(session);
    });
  });
}

/** What came back on one stream. */
export interface StreamResult {
  status: number | undefined;
  headers: IncomingHttpHeaders;
  /** Response fields as sent, pseudo-headers left out. */
  raw: Array<[string, string]>;
  body: Buffer;
  /**
   * node's client saw the response end: END_STREAM, or a reset with NO_ERROR, or a lost
   * connection (node's client reports those alike; a reset with an error code is not).
   */
  ended: boolean;
  /** RST_STREAM code when the stream was reset (0 = NO_ERROR). */
  rstCode: number | undefined;
}

/** Sends one request on `session` and collects its response, bounded by a timeout. */
export function request(
  session: ClientHttp2Session,
  headers: OutgoingHttpHeaders,
  body?: Uint8Array | string,
  timeoutMs = 3_000,
): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    const result: StreamResult = {
      status: undefined,
      headers: {},
      raw: [],
      body: Buffer.alloc(0),
      ended: false,
      rstCode: undefined,
    };
    const parts: Buffer[] = [];
    const timer = setTimeout(() => {
      stream.close();
      reject(new Error(`no response to ${String(headers[":path"])} within ${timeoutMs} ms`));
    }, timeoutMs);
    stream.on("response", (responseHeaders: IncomingHttpHeaders, _flags: number, raw: string[]) => {
      result.status = Number(responseHeaders[":status"]);
      result.headers = responseHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        if (!raw[i]!.startsWith(":")) result.raw.push([raw[i]!, raw[i + 1]!]);
      }
    });
    const done = (): void => {
      clearTimeout(timer);
      result.body = Buffer.concat(parts);
      result.rstCode = stream.rstCode;
      resolve(result);
    };
    stream.on("data", (part: Buffer) => parts.push(part));
    // The response is over at 'end', even if node's client keeps the stream open: after a
    // server's RST_STREAM (NO_ERROR) it waits for request bytes it will never send.
    stream.on("end", () => {
      result.ended = true;
      done();
    });
    stream.on("error", () => {}); // a reset is reported through rstCode
    stream.on("close", done);
    if (body !== undefined) stream.end(body);
  });
}

/** Polls `check` until it is true or `timeoutMs` passed (then throws `what`). */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
