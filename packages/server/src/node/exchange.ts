import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { Environ, HeaderList, InputStream, StartResponse, Status, Write } from "@tsgi/core";
import {
  abortConnection,
  closeSocketSoon,
  ensureConnectionState,
  releaseInFlight,
} from "./connections.ts";
import type { ConnectionState, InFlight } from "./connections.ts";
import { DrainWaiter } from "./drain.ts";
import { logLine } from "./context.ts";
import type { ServerContext } from "./context.ts";
import { codedError } from "./errors.ts";
import { prepareResponseHead, statusHasNoBody } from "./headers.ts";
import type { ResponseHead } from "./headers.ts";
import { discardRequestBody } from "./exchange-helpers.ts";
import { reportExchange } from "./report.ts";
import { createWrite } from "./write.ts";
import { createRequestInput } from "./request-body.ts";
import type { RequestBody } from "./request-body.ts";
import type { ExchangeWire } from "./wire.ts";

const RESOLVED = Promise.resolve();

/**
 * One request/response on node:http: the state machine behind `startResponse`, `write()`,
 * deferred headers, Content-Length enforcement and `tsgi.signal`. The body loop (body.ts)
 * drives it; it never iterates bodies itself. Server-made responses are written by
 * plain-response.ts; when the response closes, report.ts logs it and runs postRequest.
 */
export class Exchange implements InFlight {
  readonly context: ServerContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly socket: Socket;
  readonly input: InputStream;
  readonly isHead: boolean;
  /** HTTP/2 seam (wire.ts): set for requests that did not come over node:http. */
  readonly wire: ExchangeWire | undefined;
  /** What the last `startResponse` asked for (replaced by a call with `excInfo`). */
  head: ResponseHead | undefined;
  headersSent = false;
  /** Decided with the headers: HEAD, 1xx, 204 and 304 send no body bytes. */
  noBody = false;
  /** A length the server knows (an Array body, an empty body, a file) for Content-Length. */
  knownLength: number | undefined;
  /** Body bytes handed to node, after truncation. */
  bytesSent = 0;
  /** The server finished the response (sent, or aborted on purpose): nothing more is written. */
  ended = false;
  /** The client went away before the response was finished. */
  aborted = false;
  /** The body went past the app's Content-Length; the rest is dropped. */
  overflowed = false;
  /** The environ the app got (after proxy resolution), once built; hooks run only then. */
  environ: Environ | undefined;
  /** Response headers as sent, flat `[name, value, …]`, for the access log. */
  responseHeaders: readonly string[] | undefined;
  /** `performance.now()` at arrival, when the server needs timings (else 0). */
  readonly startedAt: number;
  /** The request counts against `maxConcurrentRequests` until its response closes. */
  counted = false;
  readonly #connection: ConnectionState | undefined;
  readonly #expectContinue: boolean;
  #requestBody: RequestBody | undefined;
  #limit: number | undefined;
  #continueSent = false;
  #closeConnection = false;
  #inputError: Error | undefined;
  #controller: AbortController | undefined;
  #write: Write | undefined;
  #drain: DrainWaiter | undefined;

  constructor(
    context: ServerContext,
    req: IncomingMessage,
    res: ServerResponse,
    expectContinue: boolean,
    wire?: ExchangeWire,
  ) {
    this.context = context;
    this.req = req;
    this.res = res;
    this.socket = req.socket;
    this.isHead = req.method === "HEAD";
    this.wire = wire;
    this.#expectContinue = expectContinue;
    this.startedAt = context.timed ? performance.now() : 0;
    // An HTTP/2 stream ends with its response and shares its connection with other streams:
    // it is not queued on the socket, whose close would abort them all.
    if (wire === undefined) {
      this.#connection = ensureConnectionState(this.socket);
      this.#connection.inFlight.push(this);
    }
    this.startResponse = (status, headers, excInfo) =>
      this.#startResponse(status, headers, excInfo);
    res.on("close", () => this.#onClose());
    const { input, body } = createRequestInput(
      req,
      expectContinue ? () => this.#sendContinue() : undefined,
      context.limits.body,
      this,
      wire?.bodyWithoutLength,
    );
    this.input = input;
    this.#requestBody = body;
  }

  /** `tsgi.signal`, created on first use only (hono node-server #172: eager ones leak). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  /** True once nothing more of the body should be pulled. */
  get stopped(): boolean {
    return this.aborted || this.ended || this.overflowed || (this.headersSent && this.noBody);
  }

  /** The status is known and sends no body bytes, so the body need not be iterated further. */
  sendsNoBody(): boolean {
    const head = this.head;
    return head !== undefined && (this.isHead || statusHasNoBody(head.code));
  }

  /**
   * The app's `startResponse`. Assigned in the constructor, not as an arrow-function field:
   * under tsx a named closure costs a defineProperty per request (esbuild's keepNames).
   */
  readonly startResponse: StartResponse;

  #startResponse(status: Status, headers: HeaderList, excInfo?: unknown): Write {
    if (excInfo !== undefined && excInfo !== null) {
      // PEP 3333: too late to switch to an error response; let the error propagate.
      if (this.headersSent) throw excInfo;
    } else if (this.head !== undefined) {
      throw codedError(
        Error,
        "TSGI_E_START_RESPONSE_TWICE",
        "startResponse() was called twice without excInfo",
      );
    }
    this.head = prepareResponseHead(status, headers);
    return (this.#write ??= createWrite(this));
  }

  /**
   * Hands one chunk to node, sending the headers first if needed. Returns false when node's
   * buffer is full: the caller must then wait for {@link drained} before producing more.
   */
  send(chunk: Uint8Array): boolean {
    if (!this.headersSent) this.sendHeaders();
    const size = chunk.byteLength;
    if (size === 0 || this.noBody || this.ended || this.aborted) return true;
    const limit = this.#limit;
    if (limit !== undefined && this.bytesSent + size > limit) return this.#overflow(chunk, limit);
    this.bytesSent += size;
    return this.res.write(chunk);
  }

  /** Settles when node's buffer drained, or at once if the response is over. */
  drained(): Promise<void> {
    if (this.aborted || this.ended || this.res.destroyed) return RESOLVED;
    return (this.#drain ??= new DrainWaiter(this.res)).wait();
  }

  /** Sends status and headers (deferred until now, so the app could still change them). */
  sendHeaders(): void {
    const head = this.head;
    if (head === undefined) {
      throw codedError(
        Error,
        "TSGI_E_NO_START_RESPONSE",
        "the body produced output (or ended) before startResponse() was called",
      );
    }
    const noBody = this.isHead || statusHasNoBody(head.code);
    const headers = head.headers;
    const known = this.knownLength;
    // HEAD gets the length GET would get (RFC 9110 §9.3.2), but never a guessed 0: an app may
    // return an empty body for HEAD. 1xx/204/304 never get one.
    if (
      head.contentLength === undefined &&
      known !== undefined &&
      !statusHasNoBody(head.code) &&
      (!this.isHead || known > 0)
    ) {
      headers.push("Content-Length", String(known));
    }
    if (this.wire !== undefined) {
      this.wire.writeHead(head.code, headers);
    } else {
      if (head.close || this.mustClose()) this.res.shouldKeepAlive = false;
      this.res.writeHead(head.code, head.reason, headers);
    }
    this.responseHeaders = headers;
    this.noBody = noBody;
    this.#limit = noBody ? undefined : head.contentLength;
    this.headersSent = true;
  }

  /** The body is over: finish the response, or abort it if it fell short of Content-Length. */
  end(): void {
    if (this.ended || this.aborted) return;
    if (!this.headersSent) {
      // Headers go out with the first non-empty chunk: there was none (or, for HEAD, the
      // length of an Array or file body is already known).
      this.knownLength ??= 0;
      this.sendHeaders();
    }
    const limit = this.#limit;
    if (limit !== undefined && this.bytesSent < limit) {
      this.log(
        "ERROR",
        `response body is shorter than its Content-Length (${this.bytesSent} of ${limit} bytes) for ${this.requestLine}: connection aborted`,
      );
      this.abortResponse();
      return;
    }
    this.ended = true;
    this.res.end();
  }

  /** The client is gone (see connections.ts and the 'close' listener). */
  abort(): void {
    if (this.aborted || this.ended) return;
    this.aborted = true;
    this.#controller?.abort();
    this.#drain?.settle();
  }

  /** The connection broke mid-request: a pending or later body read fails with `error`. */
  failInput(error: Error): void {
    this.#closeConnection = true;
    if (this.req.complete || this.#inputError !== undefined) return;
    this.#inputError = error;
    this.#requestBody?.fail(error);
  }

  /** Closes the connection after this response (a broken or half-read request body). */
  closeAfterResponse(): void {
    this.#closeConnection = true;
  }

  /** The error the server injected into `tsgi.input` (see {@link failInput}), if any. */
  get inputError(): Error | undefined {
    return this.#inputError;
  }

  /** "GET /path", for log lines. */
  get requestLine(): string {
    return `${this.req.method ?? "-"} ${this.req.url ?? "-"}`;
  }

  /** Writes a server message about this request to the error log. */
  log(level: "ERROR" | "WARNING", message: string): void {
    logLine(this.context, level, message);
  }

  /**
   * The client must see a response that stops short: flush the head and what was written,
   * then close. (`res.destroy()` alone would drop the bytes node corked for this tick.)
   */
  abortResponse(): void {
    this.ended = true;
    if (this.wire !== undefined) {
      this.wire.abort();
      return;
    }
    const res = this.res;
    if (res.destroyed) return;
    res.flushHeaders();
    // A pipelined response still queued has no socket yet: node destroys it once assigned.
    if (res.socket === null) res.destroy();
    else abortConnection(res.socket as Socket);
  }

  // Expect: 100-continue is answered only when the app reads the body (gunicorn, waitress).
  #sendContinue(): void {
    if (this.headersSent || this.ended || this.aborted) return;
    this.res.writeContinue();
    this.#continueSent = true;
  }

  /** The connection must close after this response (keep-alive is off for it). */
  mustClose(): boolean {
    return (
      this.#closeConnection ||
      this.context.closing ||
      // The client may still send the body it was told to hold back: never reuse the socket.
      (this.#expectContinue && !this.#continueSent)
    );
  }

  #overflow(chunk: Uint8Array, limit: number): boolean {
    if (!this.overflowed) {
      this.overflowed = true;
      this.#closeConnection = true;
      this.log(
        "ERROR",
        `response body is longer than its Content-Length (${limit} bytes) for ${this.requestLine}: truncated, closing the connection`,
      );
    }
    const room = limit - this.bytesSent;
    if (room <= 0) return true;
    this.bytesSent = limit;
    return this.res.write(chunk.subarray(0, room));
  }

  #onClose(): void {
    // 'close' without writableEnded is the one reliable sign of a client gone (srvx #152).
    if (!this.res.writableEnded) this.abort();
    this.#drain?.settle();
    if (this.#connection !== undefined) releaseInFlight(this.socket, this.#connection, this);
    if (this.wire !== undefined) {
      // HTTP/2: the stream is closed, so its request is over, and the connection carries
      // other streams: nothing to discard, nothing to close.
    } else if (this.#closeConnection) closeSocketSoon(this.socket);
    else if (this.res.writableEnded && !this.req.complete && !this.req.destroyed) {
      // What is left of the body may be read off the wire for the next request, but never
      // past maxBodySize in all: an unread chunked body could be endless.
      const budget = this.context.limits.body - (this.#requestBody?.received ?? 0);
      discardRequestBody(this.req, budget);
    }
    reportExchange(this);
    this.context.onResponseDone?.();
  }
}
