import { IncomingMessage } from "node:http";
import type { Environ } from "@tsgi/core";
import type { StandInSocket } from "./_socket.ts";
import { expressTarget } from "./_target.ts";

/** Bytes asked of `tsgi.input` per read: node's own socket reads are 64 KiB. */
const READ_SIZE = 64 * 1024;

/** The request handed to Express, with the two bits of state the adapter drives. */
export interface BridgedRequest {
  req: IncomingMessage;
  /** Stops reading `tsgi.input` and ends the stream: the response finished before the body was read. */
  release(): void;
}

/**
 * A real `http.IncomingMessage` over the stand-in socket, filled from the environ: method,
 * raw target, HTTP version, headers rebuilt from `HTTP_*`/`CONTENT_*`, and a body that is
 * pulled from `tsgi.input` only as fast as Express reads it (nothing is buffered up front, so
 * an upload streams through multer or a pipe at the consumer's pace).
 *
 * Its `_read` is an own property, not a subclass method: Express replaces the prototype of
 * whatever request it gets with its own (which inherits IncomingMessage.prototype), so only
 * own properties survive.
 */
export function createRequest(environ: Environ, socket: StandInSocket): BridgedRequest {
  const req = new IncomingMessage(socket as never);
  const [major, minor] = httpVersion(environ.SERVER_PROTOCOL);
  req.httpVersionMajor = major;
  req.httpVersionMinor = minor;
  req.httpVersion = `${major}.${minor}`;
  req.method = environ.REQUEST_METHOD;
  const target = expressTarget(environ);
  req.url = target.url;
  const mounted = req as IncomingMessage & { baseUrl?: string; originalUrl?: string };
  if (target.baseUrl !== "") {
    // Express' router keeps a baseUrl it finds, as for a sub-app mounted with app.use(path).
    mounted.baseUrl = target.baseUrl;
    mounted.originalUrl = target.originalUrl;
  }
  req.rawHeaders = rawHeaders(environ);
  req.headers = headersOf(req.rawHeaders);

  const input = environ["tsgi.input"];
  let pumping = false;
  let released = false;
  const finishInput = (): void => {
    req.complete = true;
    req.push(null);
  };
  const pump = async (): Promise<void> => {
    pumping = true;
    try {
      for (;;) {
        if (released) return finishInput();
        const chunk = await input.read(READ_SIZE);
        if (req.destroyed) return;
        if (chunk.byteLength === 0) return finishInput();
        if (!req.push(chunk)) return;
      }
    } catch (error) {
      // A truncated or aborted upload: body parsers see 'aborted'/'error', as over a socket.
      req.destroy(error as Error);
    } finally {
      pumping = false;
    }
  };
  req._read = () => {
    if (!pumping) void pump();
  };
  return {
    req,
    release() {
      if (released || req.readableEnded) return;
      released = true;
      // node's own `_dump()`: nobody will read the rest, so let the stream end. The unread
      // bytes are the TSGI server's to drain or discard (it owns unread request bodies).
      req.removeAllListeners("data");
      req.resume();
    },
  };
}

function httpVersion(protocol: string): [number, number] {
  const match = /^HTTP\/(\d)(?:\.(\d))?$/.exec(protocol);
  if (match === null) return [1, 1];
  return [Number(match[1]), Number(match[2] ?? "0")];
}

/**
 * Header pairs from the environ's CGI keys. PEP 3333 keeps no original case and joins
 * repeated headers (", ", Cookie "; "), so names come back in canonical Title-Case and a
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

function headerName(cgi: string): string {
  return cgi
    .toLowerCase()
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("-");
}
