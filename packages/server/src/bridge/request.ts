import { IncomingMessage } from "node:http";
import type { Environ, InputStream } from "@tsgi/core";
import type { StandInSocket } from "./stand-in-socket.ts";

/** Bytes asked of `tsgi.input` per pull: node's own socket reads are 64 KiB. */
const READ_SIZE = 64 * 1024;

/** Where the bridged request's URL comes from; see {@link createBridgedRequest}. */
export interface BridgedTarget {
  /** `req.url`. */
  url: string;
  /** Set as `req.baseUrl` / `req.originalUrl` (Express' mount), when given. */
  baseUrl?: string;
  originalUrl?: string;
}

/** A bridged request and the one piece of state the bridge drives. */
export interface BridgedRequest {
  req: IncomingMessage;
  /**
   * The response finished: stop pulling `tsgi.input` and end the stream, as node dumps an
   * unread body. The unread bytes are the TSGI server's to drain or discard.
   */
  release(): void;
}

/**
 * A real `http.IncomingMessage` over `socket`, filled from the environ: method, target, HTTP
 * version, headers rebuilt from `HTTP_*`/`CONTENT_*`, and a body pulled from `tsgi.input` only
 * as fast as the framework reads it (nothing is buffered up front, so a 100 MB upload streams
 * through multer or `@fastify/multipart` at the consumer's pace).
 *
 * `_read` is an own property, not a subclass method: Express replaces the prototype of whatever
 * request it gets with its own (which inherits IncomingMessage.prototype), so only own
 * properties survive.
 *
 * @example
 * const { req, release } = createBridgedRequest(environ, new StandInSocket(environ), {
 *   url: environ["tsgi.request_target"] ?? "/",
 * });
 */
export function createBridgedRequest(
  environ: Environ,
  socket: StandInSocket,
  target: BridgedTarget,
): BridgedRequest {
  const req = new IncomingMessage(socket as never);
  const [major, minor] = httpVersion(environ.SERVER_PROTOCOL);
  req.httpVersionMajor = major;
  req.httpVersionMinor = minor;
  req.httpVersion = `${major}.${minor}`;
  req.method = environ.REQUEST_METHOD;
  req.url = target.url;
  if (target.baseUrl !== undefined && target.baseUrl !== "") {
    const mounted = req as IncomingMessage & { baseUrl?: string; originalUrl?: string };
    mounted.baseUrl = target.baseUrl;
    mounted.originalUrl = target.originalUrl ?? target.baseUrl + target.url;
  }
  req.rawHeaders = rawHeaders(environ);
  req.headers = headersOf(req.rawHeaders);
  // IncomingMessage starts with read-ahead off (node's parser pushes instead of being pulled);
  // with a `_read` of our own it must be on, or the stream stalls after the first chunk.
  // `_readableState` is the stream's long-standing semi-public state.
  (req as unknown as { _readableState: { readingMore: boolean } })._readableState.readingMore =
    false;

  if (!hasBody(environ)) {
    req.complete = true;
    req.push(null);
    return new BodylessRequest(req);
  }
  const pump = new InputPump(req, environ["tsgi.input"]);
  // An own property on purpose (see above); an arrow assigned to a property, so no closure
  // name is defined per request.
  req._read = () => pump.pull();
  return pump;
}

/** A request without a body: it has already ended; releasing it only lets it flow. */
class BodylessRequest implements BridgedRequest {
  constructor(readonly req: IncomingMessage) {}

  release(): void {
    this.req.resume();
  }
}

/** Pulls `tsgi.input` into the request as it is read: one chunk per `_read`, no read-ahead. */
class InputPump implements BridgedRequest {
  #pulling = false;
  #released = false;

  constructor(
    readonly req: IncomingMessage,
    private readonly input: InputStream,
  ) {}

  pull(): void {
    if (!this.#pulling) void this.#pullLoop();
  }

  release(): void {
    const req = this.req;
    if (this.#released || req.readableEnded) return;
    this.#released = true;
    // node's own `_dump()`: nobody will read the rest, so let the stream end.
    req.removeAllListeners("data");
    req.resume();
  }

  async #pullLoop(): Promise<void> {
    const req = this.req;
    this.#pulling = true;
    try {
      for (;;) {
        if (this.#released) return this.#finish();
        const chunk = await this.input.read(READ_SIZE);
        if (req.destroyed) return;
        if (chunk.byteLength === 0) return this.#finish();
        if (!req.push(chunk)) return;
      }
    } catch (error) {
      // A truncated or aborted upload: body parsers see 'aborted'/'error', as over a socket.
      req.destroy(error as Error);
    } finally {
      this.#pulling = false;
    }
  }

  #finish(): void {
    this.req.complete = true;
    this.req.push(null);
  }
}

function hasBody(environ: Environ): boolean {
  const length = environ.CONTENT_LENGTH;
  return (
    (length !== undefined && length !== "" && length !== "0") ||
    environ.HTTP_TRANSFER_ENCODING !== undefined
  );
}

function httpVersion(protocol: string): [number, number] {
  if (protocol === "HTTP/1.1") return [1, 1];
  const match = /^HTTP\/(\d)(?:\.(\d))?$/.exec(protocol);
  if (match === null) return [1, 1];
  return [Number(match[1]), Number(match[2] ?? "0")];
}

/**
 * Header pairs from the environ's CGI keys, Host first. PEP 3333 keeps no original case and
 * joins repeated headers (", ", Cookie "; "), so names come back in canonical Title-Case and a
 * repeated header arrives once, joined: what node itself would put in `req.headers`.
 */
function rawHeaders(environ: Environ): string[] {
  const raw: string[] = [];
  const host = environ.HTTP_HOST;
  if (typeof host === "string") raw.push("Host", host);
  for (const key of Object.keys(environ)) {
    // The name first: reading a value may run a getter (the node server's `tsgi.signal`
    // builds an AbortController when read).
    const isHeader = key.startsWith("HTTP_");
    if (!isHeader && key !== "CONTENT_TYPE" && key !== "CONTENT_LENGTH") continue;
    const value = environ[key];
    if (typeof value !== "string" || key === "HTTP_HOST") continue;
    if (isHeader) raw.push(headerName(key.slice(5)), value);
    else if (key === "CONTENT_TYPE" && value !== "") raw.push("Content-Type", value);
    else if (key === "CONTENT_LENGTH" && value !== "") raw.push("Content-Length", value);
  }
  return raw;
}

// Names lower-cased as node does; the environ already joined repeated headers, so each name
// comes once (a request Set-Cookie is still an array, node's one special case).
function headersOf(raw: string[]): IncomingMessage["headers"] {
  const headers: IncomingMessage["headers"] = {};
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!.toLowerCase();
    const value = raw[index + 1]!;
    if (name === "set-cookie") headers[name] = [value];
    else headers[name] = value;
  }
  return headers;
}

// Header names repeat from request to request; converting each every time showed in profiles.
// Bounded, so a client inventing names cannot grow it without limit.
const HEADER_NAMES = new Map<string, string>();
const HEADER_NAMES_MAX = 512;

function headerName(cgi: string): string {
  const known = HEADER_NAMES.get(cgi);
  if (known !== undefined) return known;
  const name = cgi
    .toLowerCase()
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("-");
  if (HEADER_NAMES.size < HEADER_NAMES_MAX) HEADER_NAMES.set(cgi, name);
  return name;
}
