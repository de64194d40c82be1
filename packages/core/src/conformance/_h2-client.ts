// The HTTP/2 side of the suite's client: one node:http2 session per connection. Cases write
// HTTP/1.x request bytes; each request becomes a stream (HEADERS, DATA, trailers), as an
// HTTP/1.1-to-HTTP/2 gateway would send it. Responses come back as RawResponses, read in the
// order the requests were sent; whether one is complete is read off the wire (_h2-frames.ts).
// Every wait is bounded, as on the raw HTTP/1.x client.
import { connect } from "node:http2";
import type { ClientHttp2Session, IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http2";
import type { Socket } from "node:net";
import { FrameTap } from "./_h2-frames.ts";
import { Http1RequestReader, type RequestHead } from "./_h2-request.ts";
import {
  type H2Target,
  StreamRecord,
  append,
  fields,
  openSocket,
  pairsOf,
  renderHead,
  write,
} from "./_h2-stream.ts";
import { ProtocolError, RawResponse, READ_TIMEOUT_MS, preview } from "./_raw-http.ts";
import type { ClientConnection } from "./_transport.ts";

export type { H2Target } from "./_h2-stream.ts";

// Connection-specific request fields (RFC 9113 §8.2.2): a case that sends one is HTTP/1.x-only.
const CONNECTION_SPECIFIC = new Set(["connection", "keep-alive", "proxy-connection", "upgrade"]);

/** An HTTP/2 connection to a server under test (see {@link ClientConnection}). */
export class H2Connection implements ClientConnection {
  readonly #session: ClientHttp2Session;
  readonly #socket: Socket;
  readonly #tap: FrameTap;
  readonly #scheme: "http" | "https";
  readonly #reader = new Http1RequestReader();
  /** Requests whose responses were not read yet, oldest first. */
  readonly #pending: StreamRecord[] = [];
  /** The request being written (its head was sent, its body not finished). */
  #writing: { record: StreamRecord; trailers: boolean } | undefined;
  /** The last response handed out, for {@link waitForAbort}. */
  #last: StreamRecord | undefined;
  #paused = false;
  #ended = false;
  #error: Error | undefined;
  /** Grows with every byte and head received, for {@link expectSilence}. */
  #received = 0;
  #wake: Array<() => void> = [];

  private constructor(
    session: ClientHttp2Session,
    socket: Socket,
    tap: FrameTap,
    scheme: "http" | "https",
  ) {
    this.#session = session;
    this.#socket = socket;
    this.#tap = tap;
    this.#scheme = scheme;
    session.on("error", (error) => {
      this.#error = error;
      this.#notify();
    });
    session.on("close", () => {
      this.#ended = true;
      this.#notify();
    });
  }

  /** Connects (TLS with ALPN "h2", or cleartext with prior knowledge), bounded by `timeoutMs`. */
  static async open(target: H2Target, timeoutMs = READ_TIMEOUT_MS): Promise<H2Connection> {
    const scheme = target.secure ? "https" : "http";
    const host = target.host.includes(":") ? `[${target.host}]` : target.host;
    const deadline = Date.now() + timeoutMs;
    const socket = await openSocket(target, timeoutMs);
    const tap = new FrameTap(socket);
    return new Promise((resolve, reject) => {
      const session = connect(`${scheme}://${host}:${target.port}`, {
        createConnection: () => tap,
        // The cases send headers up to 64 KiB (limits.header-too-large): node's client would
        // refuse them itself below this.
        maxSendHeaderBlockLength: 1024 * 1024,
        settings: { enablePush: false },
      });
      const timer = setTimeout(
        () => {
          session.destroy();
          reject(new Error(`no HTTP/2 session with ${host}:${target.port} within ${timeoutMs} ms`));
        },
        Math.max(0, deadline - Date.now()),
      );
      const failed = (error: Error): void => {
        clearTimeout(timer);
        session.destroy();
        reject(error);
      };
      session.once("error", failed);
      session.once("connect", () => {
        clearTimeout(timer);
        session.off("error", failed);
        resolve(new H2Connection(session, socket, tap, scheme));
      });
    });
  }

  get localPort(): number {
    return this.#socket.localPort ?? 0;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get error(): Error | undefined {
    return this.#error;
  }

  get buffered(): Buffer {
    const record = this.#pending[0];
    if (record === undefined) return Buffer.alloc(0);
    const parts = record.interim.map((response) => response.head);
    if (record.status !== undefined) parts.push(record.renderHead(), ...record.chunks);
    return Buffer.concat(parts);
  }

  async send(data: string | Uint8Array): Promise<void> {
    if (this.#ended || this.#session.destroyed) {
      throw new Error("cannot send: the connection is closed");
    }
    const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
    const writes: Array<Promise<void>> = [];
    for (const event of this.#reader.push(bytes)) {
      if (event.kind === "head") {
        this.#writing = this.#request(event.head);
      } else if (event.kind === "data") {
        writes.push(write(this.#writing!.record.stream, event.bytes));
      } else {
        const writing = this.#writing!;
        this.#writing = undefined;
        if (!writing.trailers) continue; // the stream ended with its HEADERS or last DATA
        const stream = writing.record.stream;
        stream.once("wantTrailers", () => stream.sendTrailers(fields(event.trailers)));
        stream.end();
      }
    }
    await Promise.all(writes);
  }

  pause(): void {
    this.#paused = true;
    for (const record of this.#pending) record.stream.pause();
  }

  resume(): void {
    this.#paused = false;
    for (const record of this.#pending) record.stream.resume();
  }

  end(): void {
    this.#session.close();
  }

  destroy(): void {
    this.#session.destroy();
  }

  async readResponse(options: { method?: string; timeoutMs?: number } = {}): Promise<RawResponse> {
    const deadline = Date.now() + (options.timeoutMs ?? READ_TIMEOUT_MS);
    for (;;) {
      const record = this.#pending[0];
      const interim = record?.interim.shift();
      if (interim !== undefined) return interim;
      if (record !== undefined && (record.ended || record.closed)) {
        this.#pending.shift();
        this.#last = record;
        return record.toResponse();
      }
      if (record === undefined && this.#ended) {
        throw new ProtocolError("the connection ended and no request is waiting for a response");
      }
      await this.#until(
        () => this.#pending[0] !== record || this.#settled(record),
        deadline,
        `a response to ${options.method ?? "the request"}`,
      );
    }
  }

  async waitFor(
    predicate: (buffered: Buffer) => boolean,
    what: string,
    timeoutMs = READ_TIMEOUT_MS,
  ): Promise<void> {
    await this.#until(() => predicate(this.buffered), Date.now() + timeoutMs, what);
  }

  async waitForEnd(timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    await this.#until(
      () => this.#ended,
      Date.now() + timeoutMs,
      "the server to close the connection",
    );
  }

  async waitForAbort(timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    const last = this.#last;
    if (last === undefined)
      throw new Error("no response was read, so none can have been cut short");
    await this.#until(() => last.closed, Date.now() + timeoutMs, "the stream to close");
    if (last.complete) {
      throw new Error("the response ended with END_STREAM, as a complete one does, not RST_STREAM");
    }
  }

  async expectSilence(ms: number, why: string): Promise<void> {
    const before = this.#received;
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.#received !== before) {
      throw new Error(`${why}, but the server sent ${preview(this.buffered)}`);
    }
  }

  // Opens the stream for one request head: Host becomes :authority, the body's HTTP/1.1
  // framing is undone (DATA frames and END_STREAM delimit it), repeated fields stay repeated.
  #request(head: RequestHead): { record: StreamRecord; trailers: boolean } {
    if (head.version !== "HTTP/1.1") {
      throw new Error(`${head.version} has no HTTP/2 form: this test is HTTP/1.x-only`);
    }
    if (!head.target.startsWith("/") && head.target !== "*") {
      throw new Error(
        `HTTP/2 has no absolute-form target (${head.target}): this test is HTTP/1.x-only`,
      );
    }
    const headers: OutgoingHttpHeaders = {
      ":method": head.method,
      ":scheme": this.#scheme,
      ":path": head.target,
    };
    for (const [name, value] of head.headers) {
      const lower = name.toLowerCase();
      if (lower === "host") headers[":authority"] ??= value;
      else if (lower === "transfer-encoding") continue;
      else if (CONNECTION_SPECIFIC.has(lower)) {
        throw new Error(
          `${name} is connection-specific, which HTTP/2 forbids: this test is HTTP/1.x-only`,
        );
      } else append(headers, lower, value);
    }
    const trailers = head.framing === "chunked";
    const stream = this.#session.request(headers, {
      endStream: head.framing === "none",
      waitForTrailers: trailers,
    });
    const record = new StreamRecord(stream, this.#tap);
    this.#listen(record);
    this.#pending.push(record);
    return { record, trailers };
  }

  #listen(record: StreamRecord): void {
    const stream = record.stream;
    const changed = (): void => {
      this.#received++;
      this.#notify();
    };
    // Every 1xx, 100 Continue included ('continue' would report that one twice).
    stream.on("headers", (headers: IncomingHttpHeaders, _flags: number, raw: string[]) => {
      const status = Number(headers[":status"]);
      const fieldsSent = pairsOf(raw);
      record.interim.push(
        new RawResponse(
          "HTTP/2",
          status,
          "",
          fieldsSent,
          Buffer.alloc(0),
          "none",
          true,
          renderHead(status, fieldsSent),
        ),
      );
      changed();
    });
    stream.on("response", (headers: IncomingHttpHeaders, _flags: number, raw: string[]) => {
      record.status = Number(headers[":status"]);
      record.headers = pairsOf(raw);
      changed();
    });
    stream.on("data", (chunk: Buffer) => {
      record.chunks.push(chunk);
      this.#received += chunk.length;
      this.#notify();
    });
    stream.on("end", () => {
      record.ended = true;
      this.#notify();
    });
    stream.on("error", (error: Error) => {
      record.error = error;
      this.#notify();
    });
    stream.on("close", () => {
      record.closed = true;
      this.#notify();
    });
    if (this.#paused) stream.pause();
  }

  #settled(record: StreamRecord | undefined): boolean {
    if (record === undefined) return this.#ended;
    return record.interim.length > 0 || record.ended || record.closed;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const fn of wake) fn();
  }

  async #until(condition: () => boolean, deadline: number, what: string): Promise<void> {
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        const state = this.#ended ? "connection closed" : "connection open";
        throw new Error(
          `timed out waiting for ${what} (${state}); unread: ${preview(this.buffered)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
