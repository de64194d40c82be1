// A raw HTTP/1.x client over node:net (or node:tls), for the checks where node:http would
// hide what the server really sent: framing, stray bytes after a bodiless response, header
// lines as they are, a 100 Continue, a connection that ends before the body does. Every wait
// is bounded, so a broken server fails a test instead of hanging it.
import { connect, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import type { ClientConnection, ConformanceTls } from "./_transport.ts";

/** How long one read waits for bytes before the test fails. */
export const READ_TIMEOUT_MS = 5_000;

/** Largest response head we accept; anything longer is reported, not buffered forever. */
const MAX_HEAD_BYTES = 64 * 1024;

/** How a response body was delimited on the wire ("end-stream": HTTP/2's END_STREAM flag). */
export type Framing = "none" | "content-length" | "chunked" | "close" | "end-stream";

/** One response exactly as parsed from the wire (HTTP/2 ones are built by _h2-client.ts). */
export class RawResponse {
  constructor(
    /** "HTTP/1.1", "HTTP/1.0" or "HTTP/2". */
    readonly version: string,
    readonly status: number,
    /** The reason phrase as sent (may be empty). */
    readonly reason: string,
    /** Header lines in order, names as sent, values without surrounding whitespace. */
    readonly headers: ReadonlyArray<readonly [string, string]>,
    readonly body: Buffer,
    readonly framing: Framing,
    /** False when the connection ended before the framing said the body was complete. */
    readonly complete: boolean,
    /** The head exactly as received, for error messages and byte-level checks. */
    readonly head: Buffer,
  ) {}

  /** Every value of a header (case-insensitive name), one per header line. */
  all(name: string): string[] {
    const wanted = name.toLowerCase();
    return this.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
  }

  /** The value of a header sent at most once; `undefined` when absent. Throws when repeated. */
  get(name: string): string | undefined {
    const values = this.all(name);
    if (values.length > 1) {
      throw new Error(
        `expected one ${name} header line, got ${values.length}: ${preview(this.head)}`,
      );
    }
    return values[0];
  }

  /** The body as UTF-8 text. */
  text(): string {
    return this.body.toString("utf8");
  }
}

/** The server sent bytes that are not a valid HTTP/1.x response. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}

type ParseResult =
  { kind: "more"; atLeast: number } | { kind: "done"; response: RawResponse; consumed: number };

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses one response from the start of `buffer`. `eof` says the peer will send nothing more,
 * which turns "need more bytes" into an incomplete response (or an error without a head).
 */
export function parseResponse(buffer: Buffer, requestMethod: string, eof: boolean): ParseResult {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd === -1) {
    if (buffer.length > MAX_HEAD_BYTES) {
      throw new ProtocolError(`response head longer than ${MAX_HEAD_BYTES} bytes`);
    }
    if (eof) {
      throw new ProtocolError(
        `connection ended before a complete response head; received ${preview(buffer)}`,
      );
    }
    return { kind: "more", atLeast: buffer.length + 1 };
  }
  const head = buffer.subarray(0, headEnd + HEAD_END.length);
  const lines = buffer.subarray(0, headEnd).toString("latin1").split("\r\n");
  const statusLine = /^(HTTP\/1\.[01]) (\d{3})(?: ([^\r\n]*))?$/.exec(lines[0] ?? "");
  if (statusLine === null) throw new ProtocolError(`bad status line in ${preview(head)}`);
  const headers: Array<readonly [string, string]> = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon);
    if (colon <= 0 || !TOKEN.test(name) || /[\r\n\0]/.test(line)) {
      throw new ProtocolError(`bad header line ${JSON.stringify(line)} in ${preview(head)}`);
    }
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  const status = Number(statusLine[2]);
  const bodyStart = head.length;
  const make = (body: Buffer, framing: Framing, complete: boolean) =>
    new RawResponse(
      statusLine[1]!,
      status,
      statusLine[3] ?? "",
      headers,
      body,
      framing,
      complete,
      Buffer.from(head),
    );
  const values = (name: string) =>
    headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);

  // RFC 9112 §6.3: these never have a body, whatever their headers say.
  if (status < 200 || status === 204 || status === 304 || requestMethod === "HEAD") {
    return { kind: "done", response: make(Buffer.alloc(0), "none", true), consumed: bodyStart };
  }
  const codings = values("transfer-encoding").flatMap((v) => v.split(","));
  if (codings.length > 0) {
    if (values("content-length").length > 0) {
      throw new ProtocolError(`both Transfer-Encoding and Content-Length in ${preview(head)}`);
    }
    if (codings.at(-1)?.trim().toLowerCase() === "chunked") {
      return parseChunked(buffer, bodyStart, eof, make);
    }
  } else {
    const lengths = new Set(
      values("content-length")
        .flatMap((v) => v.split(","))
        .map((v) => v.trim()),
    );
    if (lengths.size > 1) throw new ProtocolError(`conflicting Content-Length in ${preview(head)}`);
    const [declared] = lengths;
    if (declared !== undefined) {
      if (!/^\d+$/.test(declared)) throw new ProtocolError(`bad Content-Length ${declared}`);
      const length = Number(declared);
      const end = bodyStart + length;
      if (buffer.length >= end) {
        const body = Buffer.from(buffer.subarray(bodyStart, end));
        return { kind: "done", response: make(body, "content-length", true), consumed: end };
      }
      if (eof) {
        const body = Buffer.from(buffer.subarray(bodyStart));
        return {
          kind: "done",
          response: make(body, "content-length", false),
          consumed: buffer.length,
        };
      }
      return { kind: "more", atLeast: end };
    }
  }
  // Close-delimited: the body is whatever arrives until the connection ends.
  if (!eof) return { kind: "more", atLeast: buffer.length + 1 };
  const body = Buffer.from(buffer.subarray(bodyStart));
  return { kind: "done", response: make(body, "close", true), consumed: buffer.length };
}

function parseChunked(
  buffer: Buffer,
  bodyStart: number,
  eof: boolean,
  make: (body: Buffer, framing: Framing, complete: boolean) => RawResponse,
): ParseResult {
  const parts: Buffer[] = [];
  let position = bodyStart;
  const incomplete = (atLeast: number): ParseResult =>
    eof
      ? {
          kind: "done",
          response: make(Buffer.concat(parts), "chunked", false),
          consumed: buffer.length,
        }
      : { kind: "more", atLeast };
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, position);
    if (lineEnd === -1) return incomplete(buffer.length + 1);
    const sizeLine = buffer.subarray(position, lineEnd).toString("latin1");
    const size = /^([0-9A-Fa-f]{1,16})[ \t]*(?:;.*)?$/.exec(sizeLine);
    if (size === null) throw new ProtocolError(`bad chunk size line ${JSON.stringify(sizeLine)}`);
    const length = parseInt(size[1]!, 16);
    position = lineEnd + CRLF.length;
    if (length === 0) {
      // Trailer section: header lines up to an empty line.
      for (;;) {
        const trailerEnd = buffer.indexOf(CRLF, position);
        if (trailerEnd === -1) return incomplete(buffer.length + 1);
        const isLast = trailerEnd === position;
        position = trailerEnd + CRLF.length;
        if (isLast) {
          return {
            kind: "done",
            response: make(Buffer.concat(parts), "chunked", true),
            consumed: position,
          };
        }
      }
    }
    const dataEnd = position + length;
    if (buffer.length < dataEnd + CRLF.length) {
      if (eof) parts.push(buffer.subarray(position, Math.min(dataEnd, buffer.length)));
      return incomplete(dataEnd + CRLF.length);
    }
    if (!buffer.subarray(dataEnd, dataEnd + CRLF.length).equals(CRLF)) {
      throw new ProtocolError(`chunk of ${length} bytes not followed by CRLF`);
    }
    parts.push(Buffer.from(buffer.subarray(position, dataEnd)));
    position = dataEnd + CRLF.length;
  }
}

/** A short, escaped preview of bytes for assertion messages. */
export function preview(bytes: Uint8Array, limit = 300): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = JSON.stringify(buffer.subarray(0, limit).toString("latin1"));
  return buffer.length > limit ? `${text}… (${buffer.length} bytes)` : text;
}

/**
 * One TCP (or TLS) connection to a server under test. Received bytes accumulate in a buffer
 * that `readResponse` consumes from the front; `waitFor` looks at it without consuming.
 */
export class RawConnection implements ClientConnection {
  readonly socket: Socket;
  #chunks: Buffer[] = [];
  #length = 0;
  #ended = false;
  #error: Error | undefined;
  #wake: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#length += chunk.length;
      this.#notify();
    });
    socket.on("end", () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on("error", (error) => {
      // ECONNRESET and EPIPE are what an aborting server looks like; tests read them as state.
      this.#error = error;
      this.#notify();
    });
    socket.on("close", () => {
      this.#ended = true;
      this.#notify();
    });
  }

  /**
   * Connects to `host:port`, failing after `timeoutMs`; with `tls`, over TLS offering only
   * HTTP/1.1 in ALPN (a server that also speaks HTTP/2 must fall back to HTTP/1.1).
   */
  static open(
    port: number,
    host: string,
    timeoutMs = READ_TIMEOUT_MS,
    tls?: ConformanceTls,
  ): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket =
        tls === undefined
          ? connect({ port, host, noDelay: true })
          : connectTls({
              port,
              host,
              ALPNProtocols: ["http/1.1"],
              rejectUnauthorized: tls.rejectUnauthorized ?? false,
              ca: tls.ca,
              // SNI takes a name, never an IP address.
              servername: tls.servername ?? (/^[\d.:]+$/.test(host) ? "" : host),
            }).setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`could not connect to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once(tls === undefined ? "connect" : "secureConnect", () => {
        clearTimeout(timer);
        socket.removeListener("error", reject);
        resolve(new RawConnection(socket));
      });
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** The client's port, which a server reports as REMOTE_PORT. */
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** True once the server closed (or reset) the connection. */
  get ended(): boolean {
    return this.#ended;
  }

  /** The socket error, if the connection was reset rather than closed cleanly. */
  get error(): Error | undefined {
    return this.#error;
  }

  /** Bytes received and not yet consumed by `readResponse`. */
  get buffered(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#length)];
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  /**
   * Sends bytes; a string is sent as Latin-1, so "\xff" is the byte 0xFF. Resolves once the
   * kernel took them, which is also the backpressure for large uploads.
   */
  send(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed) {
        reject(new Error("cannot send: the connection is closed"));
        return;
      }
      this.socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Stops reading from the socket, so the server meets backpressure. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Half-closes the connection (sends FIN) after the bytes already sent. */
  end(): void {
    this.socket.end();
  }

  /** Closes the connection at once, the way a client that goes away does. */
  destroy(): void {
    this.socket.destroy();
  }

  /**
   * Reads the next response (a 1xx included). An incomplete body after the server closed
   * comes back with `complete: false`; a missing or malformed head throws.
   */
  async readResponse(options: { method?: string; timeoutMs?: number } = {}): Promise<RawResponse> {
    const method = options.method ?? "GET";
    const deadline = Date.now() + (options.timeoutMs ?? READ_TIMEOUT_MS);
    for (;;) {
      const buffer = this.buffered;
      const result = parseResponse(buffer, method, this.#ended);
      if (result.kind === "done") {
        this.#chunks = [buffer.subarray(result.consumed)];
        this.#length = buffer.length - result.consumed;
        const { response } = result;
        // A close-delimited body is only complete if the close was clean, not a reset.
        if (response.framing === "close" && this.#error !== undefined) {
          return new RawResponse(
            response.version,
            response.status,
            response.reason,
            response.headers,
            response.body,
            "close",
            false,
            response.head,
          );
        }
        return response;
      }
      await this.#until(
        () => this.#length >= result.atLeast || this.#ended,
        deadline,
        `a response to ${method}`,
      );
    }
  }

  /** Waits until `predicate` holds for the unconsumed bytes. */
  async waitFor(
    predicate: (buffered: Buffer) => boolean,
    what: string,
    timeoutMs = READ_TIMEOUT_MS,
  ): Promise<void> {
    await this.#until(() => predicate(this.buffered), Date.now() + timeoutMs, what);
  }

  /** Waits until the server closes the connection. */
  async waitForEnd(timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    await this.#until(
      () => this.#ended,
      Date.now() + timeoutMs,
      "the server to close the connection",
    );
  }

  /** After a response cut short: HTTP/1.x can only say so by closing the connection. */
  waitForAbort(timeoutMs = READ_TIMEOUT_MS): Promise<void> {
    return this.waitForEnd(timeoutMs);
  }

  /** Asserts that no byte arrives (and the connection stays open) for `ms`. */
  async expectSilence(ms: number, why: string): Promise<void> {
    const before = this.#length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.#length !== before) {
      throw new Error(`${why}, but the server sent ${preview(this.buffered.subarray(before))}`);
    }
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
          `timed out waiting for ${what} (${state}); unconsumed bytes: ${preview(this.buffered)}`,
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
