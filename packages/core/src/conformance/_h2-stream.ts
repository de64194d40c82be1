// One HTTP/2 request's stream as the suite's client sees it (StreamRecord), the connection
// it runs on (openSocket), and the small conversions between node's header shapes and the
// HTTP/1-style lines the cases read. Used by _h2-client.ts.
import type { ClientHttp2Stream, OutgoingHttpHeaders } from "node:http2";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import type { FrameTap } from "./_h2-frames.ts";
import { ProtocolError, RawResponse } from "./_raw-http.ts";
import type { ConformanceTls } from "./_transport.ts";

/** Where an HTTP/2 connection goes. */
export interface H2Target {
  host: string;
  port: number;
  /** TLS with ALPN "h2" (the "h2" transport), else prior knowledge over cleartext ("h2c"). */
  secure: boolean;
  tls?: ConformanceTls | undefined;
}

// One request's stream and what came back on it, until readResponse hands it out.
export class StreamRecord {
  readonly stream: ClientHttp2Stream;
  readonly #tap: FrameTap;
  /** 1xx responses not read yet. */
  readonly interim: RawResponse[] = [];
  status: number | undefined;
  headers: Array<readonly [string, string]> = [];
  readonly chunks: Buffer[] = [];
  /** node's client says the response ended: with END_STREAM, or because the connection went. */
  ended = false;
  closed = false;
  error: Error | undefined;

  constructor(stream: ClientHttp2Stream, tap: FrameTap) {
    this.stream = stream;
    this.#tap = tap;
  }

  /** The server's END_STREAM flag arrived for this stream: the response is whole. */
  get complete(): boolean {
    const id = this.stream.id;
    return id !== undefined && this.#tap.ended.has(id);
  }

  /** How the stream ended without END_STREAM, for messages. */
  get failure(): string {
    const id = this.stream.id;
    const code = id === undefined ? undefined : this.#tap.reset.get(id);
    if (code !== undefined) return `RST_STREAM code ${code}`;
    return this.error?.message ?? "the connection closed";
  }

  /** The head as HTTP/1-style lines, for `buffered` and `RawResponse.head`. */
  renderHead(): Buffer {
    return renderHead(this.status ?? 0, this.headers);
  }

  toResponse(): RawResponse {
    if (this.status === undefined) {
      throw new ProtocolError(`the stream closed before a response head (${this.failure})`);
    }
    return new RawResponse(
      "HTTP/2",
      this.status,
      "",
      this.headers,
      Buffer.concat(this.chunks),
      "end-stream",
      this.complete,
      this.renderHead(),
    );
  }
}

// The connection under the session, opened here so the frame tap can sit on it: TCP, or TLS
// that must have negotiated "h2" (a server without HTTP/2 falls back to "http/1.1").
export function openSocket(target: H2Target, timeoutMs: number): Promise<Socket> {
  const { host, port, secure, tls } = target;
  return new Promise((resolve, reject) => {
    const socket = secure
      ? connectTls({
          host,
          port,
          ALPNProtocols: ["h2"],
          rejectUnauthorized: tls?.rejectUnauthorized ?? false,
          ca: tls?.ca,
          // SNI takes a name, never an IP address.
          servername: tls?.servername ?? (/^[\d.:]+$/.test(host) ? "" : host),
        })
      : connectTcp({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`could not connect to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once(secure ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      const alpn = (socket as { alpnProtocol?: string | false }).alpnProtocol;
      if (secure && alpn !== "h2") {
        socket.destroy();
        reject(new Error(`the server did not negotiate HTTP/2 over TLS (ALPN: ${String(alpn)})`));
        return;
      }
      resolve(socket);
    });
  });
}

/** Resolves once the stream took `bytes` (flow control permitting); rejects if it closed. */
export function write(stream: ClientHttp2Stream, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.destroyed) {
      reject(new Error("cannot send: the server closed the stream"));
      return;
    }
    stream.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

export function append(headers: OutgoingHttpHeaders, name: string, value: string): void {
  const previous = headers[name];
  if (previous === undefined) headers[name] = value;
  else headers[name] = [...(Array.isArray(previous) ? previous : [String(previous)]), value];
}

export function fields(pairs: ReadonlyArray<readonly [string, string]>): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of pairs) append(headers, name.toLowerCase(), value);
  return headers;
}

// node's raw headers (name, value, …), pseudo-headers left out.
export function pairsOf(raw: string[]): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!raw[i]!.startsWith(":")) pairs.push([raw[i]!, raw[i + 1]!]);
  }
  return pairs;
}

export function renderHead(
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
): Buffer {
  const lines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join("");
  return Buffer.from(`HTTP/2 ${status}\r\n${lines}\r\n`, "latin1");
}
