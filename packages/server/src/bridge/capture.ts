import { STATUS_CODES, ServerResponse } from "node:http";
import type { IncomingMessage } from "node:http";
import type { HeaderList } from "@tsgi/core";
import type { BodyChannel } from "./body-channel.ts";
import { markHeadersSent } from "./_node-internals.ts";

type Callback = (error?: Error | null) => void;
type Chunk = string | Uint8Array;

/** Where a captured response goes. */
export interface ResponseSink {
  /** Headers were committed (writeHead, explicit or implicit): call startResponse. */
  head(status: string, headers: HeaderList): void;
  readonly body: BodyChannel;
}

/**
 * A real `http.ServerResponse`, constructed on the bridged request (so HEAD, HTTP/1.0 and
 * every prototype method behave as node's), whose output is captured at its public entry
 * points instead of being rendered to a socket: `writeHead` (explicit, or implicit through
 * node's `_implicitHeader`) commits status and headers, `write`/`end` feed the TSGI body.
 *
 * Overrides are own properties, like the request's `_read`: Express swaps the prototype, and
 * Fastify and its plugins may wrap the methods.
 * Middleware that wraps them (on-headers, compression) wraps these and keeps working.
 */
const CAPTURE = Symbol("tsgi.bridge.capture");

export function createResponse(req: IncomingMessage, sink: ResponseSink): ServerResponse {
  const res = new ServerResponse(req);
  // node assigns the socket only when it writes to one; Express (on-finished, `send`) and Fastify read
  // `res.socket` (its 'close', `writable`), and res.destroy() closes it: the adapter's cue.
  (res as { socket: unknown }).socket = req.socket;
  // node drops bodies of HEAD requests and 1xx/204/304 responses; so does the capture.
  (res as CapturedResponse)[CAPTURE] = {
    sink,
    hasBody: req.method !== "HEAD",
    implicitLength: undefined,
  };
  // The same four functions for every response (their state is res[CAPTURE]): a response
  // allocates no closures, which matters on the adapters' hot path.
  res.writeHead = capturedWriteHead as ServerResponse["writeHead"];
  res.write = capturedWrite as ServerResponse["write"];
  res.end = capturedEnd as ServerResponse["end"];
  res.flushHeaders = capturedFlushHeaders;
  return res;
}

interface CaptureState {
  readonly sink: ResponseSink;
  hasBody: boolean;
  /** The length of a body given whole to end() before any header was sent. */
  implicitLength: number | undefined;
}

type CapturedResponse = ServerResponse & { [CAPTURE]: CaptureState };

function capturedWriteHead(
  this: CapturedResponse,
  statusCode: number,
  reasonOrHeaders?: unknown,
  maybeHeaders?: unknown,
): ServerResponse {
  const state = this[CAPTURE];
  if (this.headersSent) throw headersSentError();
  const reason = typeof reasonOrHeaders === "string" ? reasonOrHeaders : undefined;
  const headers = typeof reasonOrHeaders === "string" ? maybeHeaders : reasonOrHeaders;
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999) {
    throw Object.assign(new RangeError(`Invalid status code: ${String(statusCode)}`), {
      code: "ERR_HTTP_INVALID_STATUS_CODE",
    });
  }
  this.statusCode = statusCode;
  if (reason !== undefined) this.statusMessage = reason;
  applyHeaders(this, headers);
  if (statusCode === 204 || statusCode === 304 || statusCode < 200) state.hasBody = false;
  const headerList = capturedHeaders(this);
  // node adds Content-Length itself when the whole body came with end() (and a body is
  // allowed); an adapter that did not would turn such responses into chunked ones.
  if (state.implicitLength !== undefined && state.hasBody && !hasFraming(this)) {
    headerList.push(["Content-Length", String(state.implicitLength)]);
  }
  const message = this.statusMessage || STATUS_CODES[statusCode] || "Unknown";
  const status = `${statusCode} ${message}`;
  state.sink.head(status, headerList);
  markHeadersSent(this, renderHead(this, status, headerList));
  return this;
}

function capturedWrite(
  this: CapturedResponse,
  chunk: Chunk,
  encodingOrCallback?: BufferEncoding | Callback,
  maybeCallback?: Callback,
): boolean {
  const state = this[CAPTURE];
  const [encoding, callback] = writeArgs(encodingOrCallback, maybeCallback);
  if (chunk === null || chunk === undefined) {
    throw Object.assign(new TypeError("May not write null values to stream"), {
      code: "ERR_STREAM_NULL_VALUES",
    });
  }
  if (this.finished) {
    const error = Object.assign(new Error("write after end"), {
      code: "ERR_STREAM_WRITE_AFTER_END",
    });
    process.nextTick(() => {
      this.emit("error", error);
      callback?.(error);
    });
    return true;
  }
  if (!this.headersSent) this.writeHead(this.statusCode);
  const bytes = toBytes(chunk, encoding);
  if (!state.hasBody || bytes.byteLength === 0 || this.destroyed) {
    if (callback !== undefined) process.nextTick(callback);
    return true;
  }
  return state.sink.body.push(bytes, callback);
}

function capturedEnd(
  this: CapturedResponse,
  chunkOrCallback?: Chunk | Callback,
  encodingOrCallback?: BufferEncoding | Callback,
  maybeCallback?: Callback,
): ServerResponse {
  const state = this[CAPTURE];
  let chunk: Chunk | undefined;
  let callback: Callback | undefined;
  let encoding: BufferEncoding | undefined;
  if (typeof chunkOrCallback === "function") callback = chunkOrCallback;
  else {
    chunk = chunkOrCallback ?? undefined;
    [encoding, callback] = writeArgs(encodingOrCallback, maybeCallback);
  }
  if (this.finished) {
    if (callback !== undefined) {
      const done = callback;
      if (this.writableFinished) process.nextTick(done, alreadyFinishedError());
      else this.once("finish", () => done());
    }
    return this;
  }
  const bytes = chunk === undefined ? undefined : toBytes(chunk, encoding);
  if (!this.headersSent) {
    state.implicitLength = bytes?.byteLength ?? 0;
    try {
      this.writeHead(this.statusCode);
    } finally {
      state.implicitLength = undefined;
    }
  }
  this.finished = true;
  if (bytes !== undefined && bytes.byteLength > 0 && state.hasBody && !this.destroyed) {
    state.sink.body.push(bytes);
  }
  if (callback !== undefined) {
    const done = callback;
    this.once("finish", () => done());
  }
  state.sink.body.end();
  return this;
}

function capturedFlushHeaders(this: ServerResponse): void {
  if (!this.headersSent) this.writeHead(this.statusCode);
}

/** Every header in the order it was first set, repeated values (Set-Cookie) one pair each. */
function capturedHeaders(res: ServerResponse): [string, string][] {
  const list: [string, string][] = [];
  // getRawHeaderNames (node ≥ 15.13) keeps the case and first-set order; @types/node lacks it.
  const names = (res as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames();
  for (const name of names) {
    const value = res.getHeader(name);
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) list.push([name, String(item)]);
    else list.push([name, String(value)]);
  }
  return list;
}

function hasFraming(res: ServerResponse): boolean {
  return res.hasHeader("content-length") || res.hasHeader("transfer-encoding");
}

// writeHead(status, headers) merges into the headers set so far, as node does when any
// header was already set: an object sets each name; a flat [name, value, …] array or a list
// of pairs appends.
function applyHeaders(res: ServerResponse, headers: unknown): void {
  if (headers === undefined || headers === null) return;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [name, value] of headers as [string, string][]) res.appendHeader(name, value);
    } else {
      for (let index = 0; index + 1 < headers.length; index += 2) {
        res.appendHeader(String(headers[index]), headers[index + 1] as string);
      }
    }
    return;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value !== undefined) res.setHeader(name, value as string | number | string[]);
  }
}

function renderHead(res: ServerResponse, status: string, headers: HeaderList): string {
  const version = `HTTP/${res.req.httpVersionMajor}.${res.req.httpVersionMinor}`;
  const lines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join("");
  return `${version} ${status}\r\n${lines}\r\n`;
}

function writeArgs(
  encodingOrCallback: BufferEncoding | Callback | undefined,
  maybeCallback: Callback | undefined,
): [BufferEncoding | undefined, Callback | undefined] {
  if (typeof encodingOrCallback === "function") return [undefined, encodingOrCallback];
  // Fastify calls `res.end(null, null, null)`: null means "not given", as node reads it.
  const encoding = typeof encodingOrCallback === "string" ? encodingOrCallback : undefined;
  return [encoding, typeof maybeCallback === "function" ? maybeCallback : undefined];
}

function toBytes(chunk: Chunk, encoding: BufferEncoding | undefined): Uint8Array {
  if (typeof chunk === "string") return Buffer.from(chunk, encoding ?? "utf8");
  if (chunk instanceof Uint8Array) return chunk;
  throw Object.assign(
    new TypeError(
      'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array',
    ),
    { code: "ERR_INVALID_ARG_TYPE" },
  );
}

function headersSentError(): Error {
  return Object.assign(new Error("Cannot write headers after they are sent to the client"), {
    code: "ERR_HTTP_HEADERS_SENT",
  });
}

function alreadyFinishedError(): Error {
  return Object.assign(new Error("Cannot call end after a stream was finished"), {
    code: "ERR_STREAM_ALREADY_FINISHED",
  });
}
