import type { IncomingMessage, ServerResponse } from "node:http";
import { decodePath, isHopByHop, splitTarget } from "@tsgi/core";
import type { App, Body, Environ, HeaderList, StartResponse } from "@tsgi/core";
import { BodyChannel, type BodyChannelHooks } from "./body-channel.ts";
import { createResponse, type ResponseSink } from "./capture.ts";
import { createBridgedRequest, type BridgedRequest, type BridgedTarget } from "./request.ts";
import { StandInSocket } from "./stand-in-socket.ts";

/** A node:http request listener: what Express apps, `fastify.routing` and plain handlers are. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Options of {@link fromNodeHandler}. */
export interface FromNodeHandlerOptions {
  /**
   * The URL the handler sees (default {@link fullRequestTarget}: the raw target while it still
   * names SCRIPT_NAME + PATH_INFO, else both re-quoted). Express passes its mount split.
   */
  target?: (environ: Environ) => BridgedTarget;
  /**
   * Bytes of response body queued before `res.write()` returns false (default 16 KiB, a
   * socket's). The TSGI server pulls the body as the client reads, so a slow client holds piped
   * streams back exactly as over node:http.
   */
  highWaterMark?: number;
}

const DEFAULT_HIGH_WATER_MARK = 16 * 1024;

/**
 * Runs a node:http request listener as a TSGI app: the bridge behind `fromExpress` and
 * `fromFastify`. The handler gets a real `IncomingMessage` and `ServerResponse` built from the
 * environ (a streamed body, the peer address on `req.socket`); what it writes becomes the TSGI
 * response with every header in order (each Set-Cookie its own pair) and a body that streams
 * with backpressure. A client that goes away reaches the handler as 'aborted'/'close' on `req`
 * and 'close' on `res`; `res.destroy()` fails the TSGI body as a dropped connection would.
 *
 * @example
 * import { fromNodeHandler } from "@tsgi/server/bridge";
 * import { serve } from "@tsgi/server";
 *
 * const app = fromNodeHandler((req, res) => {
 *   res.setHeader("Content-Type", "text/plain");
 *   res.end(`You asked for ${req.url}\n`);
 * });
 * await serve(app, { port: 8000 });
 */
export function fromNodeHandler(handler: NodeHandler, options: FromNodeHandlerOptions = {}): App {
  const target = options.target ?? fullRequestTarget;
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  return (environ, startResponse) =>
    runHandler(handler, environ, startResponse, target(environ), highWaterMark);
}

/**
 * The whole request target, prefix included: `tsgi.request_target` byte for byte (no
 * decode/re-encode round trip) while it still decodes to SCRIPT_NAME + PATH_INFO, otherwise
 * (a middleware rewrote the path) both re-quoted as PEP 3333's URL reconstruction does.
 *
 * @example
 * fullRequestTarget(environ); // { url: "/files/a%2Fb?x=1" }
 */
export function fullRequestTarget(environ: Environ): BridgedTarget {
  const raw = environ["tsgi.request_target"];
  if (typeof raw === "string" && raw !== "*") {
    const split = splitTarget(raw);
    if (
      safeDecode(split.path) === environ.SCRIPT_NAME + environ.PATH_INFO &&
      split.query === environ.QUERY_STRING
    ) {
      return { url: raw };
    }
  }
  const path = environ.SCRIPT_NAME + environ.PATH_INFO;
  return { url: quotePath(path === "" ? "/" : path) + queryPart(environ) };
}

/**
 * Only PATH_INFO and the query, re-quoted: the URL of an app that should not see its mount.
 *
 * @example
 * pathInfoTarget({ ...environ, SCRIPT_NAME: "/api", PATH_INFO: "/users" }); // { url: "/users" }
 */
export function pathInfoTarget(environ: Environ): BridgedTarget {
  const path = environ.PATH_INFO;
  return { url: quotePath(path === "" ? "/" : path) + queryPart(environ) };
}

function queryPart(environ: Environ): string {
  return environ.QUERY_STRING === "" ? "" : `?${environ.QUERY_STRING}`;
}

function safeDecode(path: string): string | undefined {
  try {
    return decodePath(path);
  } catch {
    return undefined;
  }
}

/**
 * Percent-encodes what may not appear raw in a path ("/" stays a separator).
 *
 * @example
 * quoteRequestPath("/a b?"); // "/a%20b%3F"
 */
export function quoteRequestPath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (char) => (char === "?" ? "%3F" : "%23"));
}
const quotePath = quoteRequestPath;

/**
 * One request through the handler. The `ServerResponse` is real (constructed on the request, so
 * HEAD, HTTP/1.0 and every prototype method behave as node's) but its output is captured at
 * `writeHead`/`write`/`end` instead of being rendered to a socket and parsed back.
 */
function runHandler(
  handler: NodeHandler,
  environ: Environ,
  startResponse: StartResponse,
  target: BridgedTarget,
  highWaterMark: number,
): Promise<Body> {
  return new Promise<Body>((resolve, reject) => {
    const exchange = new BridgedExchange(environ, startResponse, target, highWaterMark, {
      resolve,
      reject,
    });
    try {
      handler(exchange.req, exchange.res);
    } catch (error) {
      reject(error);
    }
    // Still no head once the microtasks of this turn ran: the app waits on I/O or timers.
    if (!exchange.committed) setImmediate(() => exchange.committed || exchange.watchClient());
  });
}

interface Settle {
  resolve(body: Body): void;
  reject(error: unknown): void;
}

/**
 * The state of one bridged request. A class rather than closures: its methods exist once, and
 * it is itself the body channel's hooks and the response capture's sink, so a request
 * allocates no callbacks of its own (this is the adapters' hot path).
 */
class BridgedExchange implements BodyChannelHooks, ResponseSink {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: BodyChannel;
  committed = false;
  #completed = false;
  #clientGone = false;
  #closeEmitted = false;
  // `tsgi.signal` is read only for a response still pending after this turn of the event
  // loop (see `watchClient`): on the node server, reading it builds an AbortController,
  // which costs more than the rest of a small request.
  #signal: AbortSignal | undefined;
  #watching = false;
  #onAbort: (() => void) | undefined;
  readonly #socket: StandInSocket;
  readonly #bridged: BridgedRequest;

  constructor(
    private readonly environ: Environ,
    private readonly startResponse: StartResponse,
    target: BridgedTarget,
    highWaterMark: number,
    private readonly settle: Settle,
  ) {
    this.#socket = new StandInSocket(environ);
    const bridged = createBridgedRequest(environ, this.#socket, target);
    this.req = bridged.req;
    this.#bridged = bridged;
    this.body = new BodyChannel(highWaterMark, this);
    this.res = createResponse(this.req, this);
    // The socket closes when the client went away (see onClientGone) or when the app destroyed
    // the response (`res.destroy(error)` closes its socket, as over node:http).
    this.#socket.once("close", () => this.#onSocketClose());
  }

  /** ResponseSink: headers were committed. */
  head(status: string, headers: HeaderList): void {
    this.startResponse(status, responseHeaders(headers));
    this.committed = true;
    // One microtask later: a response written whole (`res.send`, `reply.send`) has ended by
    // then and goes out as an Array; anything else streams, and needs the client watched.
    queueMicrotask(() => {
      const taken = this.body.body(() => this.#clientGone || this.#signal?.aborted === true);
      if (taken === this.body) this.watchClient();
      this.settle.resolve(taken);
    });
  }

  /** BodyChannelHooks: the queue emptied after a push returned false. */
  onDrain(): void {
    this.res.emit("drain");
  }

  /** BodyChannelHooks: the TSGI server took the end of the body. */
  onFinish(): void {
    this.#completed = true;
    this.#unwatch();
    this.res.emit("prefinish");
    this.res.emit("finish");
    // As node:http does once a response is done: an unread request body is dumped (here: left
    // to the TSGI server), then the request and the response close. The stand-in socket is
    // not destroyed: nothing listens to it any more, and destroying a Duplex costs more than
    // the rest of a small request.
    process.nextTick(() => {
      this.#bridged.release();
      this.#emitResponseClose();
    });
  }

  /** BodyChannelHooks: the TSGI server stopped pulling before the end. */
  onCancel(): void {
    this.#onClientGone();
  }

  /** From now on a disconnect must reach the handler: the response is not over yet. */
  watchClient(): void {
    if (this.#watching || this.#completed) return;
    this.#watching = true;
    const signal = this.environ["tsgi.signal"];
    this.#signal = signal;
    if (signal === undefined) return;
    if (signal.aborted) this.#onClientGone();
    else {
      this.#onAbort = () => this.#onClientGone();
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  #unwatch(): void {
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener("abort", this.#onAbort);
  }

  #emitResponseClose(): void {
    if (this.#closeEmitted) return;
    this.#closeEmitted = true;
    this.res.destroyed = true;
    this.res.emit("close");
  }

  // The client went away: tear the connection down so the handler sees what it would over
  // TCP, 'close' on the request (aborted) and on the response.
  #onClientGone(): void {
    if (this.#completed || this.#clientGone) return;
    this.#clientGone = true;
    this.#socket.destroy();
  }

  #onSocketClose(): void {
    if (this.#completed) return;
    this.#completed = true;
    this.#unwatch();
    const error = connectionReset(this.#clientGone);
    if (!this.req.destroyed) this.req.destroy(error);
    this.#emitResponseClose();
    if (this.#clientGone) {
      if (this.committed) this.body.abandon();
      // The code TSGI servers recognise as a consequence of the disconnect, not an app bug.
      else
        this.settle.reject(
          Object.assign(new Error("client disconnected"), { code: "TSGI_E_CLIENT_DISCONNECTED" }),
        );
      return;
    }
    const cause = (this.res as { errored?: unknown }).errored ?? error;
    if (this.committed) this.body.fail(cause);
    else this.settle.reject(cause);
  }
}

// The server in front writes its own Date and owns framing, so those headers go. Connection
// stays: a handler's `Connection: close` is a request to close after this response, which the
// TSGI servers honour (conformance id response.connection-close), as node:http would.
function responseHeaders(list: HeaderList): HeaderList {
  const headers: HeaderList = [];
  for (const pair of list) {
    const name = pair[0].toLowerCase();
    if (name === "date" || (name !== "connection" && isHopByHop(name))) continue;
    headers.push(pair);
  }
  return headers;
}

function connectionReset(clientGone: boolean): Error {
  const message = clientGone ? "aborted" : "response destroyed by the application";
  return Object.assign(new Error(message), { code: "ECONNRESET" });
}
