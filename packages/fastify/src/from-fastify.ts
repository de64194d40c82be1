import type { App, Body, Environ, HeaderList, StartResponse } from "@tsgi/core";
import { isHopByHop } from "@tsgi/core";
import { StandInSocket } from "./_socket.ts";
import { BodyChannel, createResponse } from "@tsgi/server/bridge";
import { isFastifyInstance, NotAFastifyInstanceError } from "./detect.ts";
import type { FastifyLike } from "./detect.ts";
import { EnvironRequest, requestHead } from "./request.ts";
import type { PathMode } from "./request.ts";

/** Options of {@link fromFastify}. */
export interface FromFastifyOptions {
  /**
   * What URL the Fastify app sees when the TSGI app is mounted under a SCRIPT_NAME:
   * `"full"` (default) the whole request URL, prefix included, as the client sent it;
   * `"strip-script-name"` only PATH_INFO (and the query). Fastify has no notion of a mount
   * point (no `req.baseUrl`), so "full" keeps redirects, `@fastify/static` and logs correct
   * for an app whose routes already carry their prefix (`register(..., { prefix })`).
   */
  path?: PathMode;
}

/**
 * Runs a Fastify 4 or 5 instance as a TSGI app, on any TSGI server and behind TSGI middleware.
 * Each request goes to `instance.routing(req, res)` with a real `IncomingMessage` and
 * `ServerResponse`, so hooks, plugins, error handlers and 404s behave as natively.
 * `instance.ready()` is awaited once, on the first request; never call `listen()` on it.
 *
 * @throws NotAFastifyInstanceError (code `TSGI_E_NOT_FASTIFY`) for anything else.
 *
 * @example
 * import Fastify from "fastify";
 * import { fromFastify } from "@tsgi/fastify";
 * import { nodeServer } from "@tsgi/server";
 *
 * const fastify = Fastify();
 * fastify.get("/hello", async () => ({ hello: "world" }));
 * await nodeServer.listen(fromFastify(fastify), { port: 8000 });
 */
export function fromFastify(instance: FastifyLike, options: FromFastifyOptions = {}): App {
  if (!isFastifyInstance(instance)) throw new NotAFastifyInstanceError(instance);
  const mode = options.path ?? "full";
  let ready: Promise<unknown> | undefined;
  let isReady = false;
  return async (environ, startResponse) => {
    if (!isReady) {
      await (ready ??= Promise.resolve(instance.ready()));
      isReady = true;
    }
    return runFastify(instance, environ, startResponse, mode);
  };
}

// Bytes of response body queued before `res.write()` returns false: a socket's.
const HIGH_WATER_MARK = 16 * 1024;

/**
 * One request through `instance.routing(req, res)`. The `ServerResponse` is real (constructed
 * on the request, so HEAD, HTTP/1.0 and every prototype method behave as node's) but its
 * output is captured at `writeHead`/`write`/`end` instead of being rendered to a socket and
 * parsed back: the head becomes startResponse's status and headers (every Set-Cookie its own
 * pair, in order), the body a TSGI body that streams with backpressure.
 */
function runFastify(
  instance: FastifyLike,
  environ: Environ,
  startResponse: StartResponse,
  mode: PathMode,
): Promise<Body> {
  return new Promise<Body>((resolve, reject) => {
    const { target, rawHeaders, hasBody } = requestHead(environ, mode);
    const peer = environ["tsgi.peer_addr"];
    const socket = new StandInSocket();
    // The connection's own peer: Fastify's trustProxy resolves X-Forwarded-For itself, as
    // natively, so it must not see an address a TSGI proxy resolver already rewrote.
    socket.remoteAddress = typeof peer === "string" ? peer : environ.REMOTE_ADDR;
    socket.remotePort = toPort(environ.REMOTE_PORT);
    socket.localAddress = environ.SERVER_NAME;
    socket.localPort = toPort(environ.SERVER_PORT);
    if (environ["tsgi.url_scheme"] === "https") socket.encrypted = true;

    const req = new EnvironRequest(socket, environ["tsgi.input"], hasBody);
    req.method = environ.REQUEST_METHOD;
    req.url = target;
    req.httpVersionMajor = 1;
    req.httpVersionMinor = environ.SERVER_PROTOCOL === "HTTP/1.0" ? 0 : 1;
    req.httpVersion = req.httpVersionMinor === 0 ? "1.0" : "1.1";
    req.rawHeaders = rawHeaders;
    // node computes `headers` lazily from the parser; set it too, since it may have been read
    // (as empty) while the message was built. Names are unique: environ joined repeats.
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      headers[rawHeaders[i] as string] = rawHeaders[i + 1] as string;
    }
    req.headers = headers;

    let committed = false;
    let completed = false;
    let clientGone = false;
    let closeEmitted = false;
    // `tsgi.signal` is read only for a response still pending after this turn of the event
    // loop (see `watchClient`): on the node server, reading it builds an AbortController,
    // which costs more than the rest of a small request.
    let signal: AbortSignal | undefined;
    let watching = false;

    const emitResponseClose = (): void => {
      if (closeEmitted) return;
      closeEmitted = true;
      res.destroyed = true;
      res.emit("close");
    };
    const cleanup = (): void => signal?.removeEventListener("abort", onClientGone);

    // From now on a disconnect must reach Fastify: the response is not over yet.
    const watchClient = (): void => {
      if (watching || completed) return;
      watching = true;
      signal = environ["tsgi.signal"];
      if (signal === undefined) return;
      if (signal.aborted) onClientGone();
      else signal.addEventListener("abort", onClientGone, { once: true });
    };

    const body = new BodyChannel(HIGH_WATER_MARK, {
      onDrain: () => res.emit("drain"),
      onFinish: () => {
        completed = true;
        cleanup();
        res.emit("prefinish");
        res.emit("finish");
        // As node's server does after a response: an unread, fully received body is dumped
        // so the request ends and closes without counting as aborted; then 'close'.
        process.nextTick(() => {
          if (req.complete) req.resume();
          emitResponseClose();
          socket.destroy();
        });
      },
      onCancel: () => onClientGone(),
    });
    const res = createResponse(req, {
      body,
      head(status, headerList) {
        startResponse(status, responseHeaders(headerList));
        committed = true;
        // One microtask later: a response written whole (`reply.send`) has ended by then and
        // goes out as an Array; anything else streams, and needs the client watched.
        queueMicrotask(() => {
          const taken = body.body(() => clientGone || signal?.aborted === true);
          if (taken === body) watchClient();
          resolve(taken);
        });
      },
    });

    // The client went away: tear the connection down so Fastify sees what it would over TCP,
    // 'close' on the request (aborted, so onRequestAbort runs) and on the response.
    function onClientGone(): void {
      if (completed || clientGone) return;
      clientGone = true;
      socket.destroy();
    }

    // The socket closes when the client went away (above) or when the app destroyed the
    // response (`res.destroy(error)` closes its socket, as over node:http).
    socket.once("close", () => {
      if (completed) return;
      completed = true;
      cleanup();
      const error = connectionReset(clientGone);
      if (!req.destroyed) req.destroy(error);
      emitResponseClose();
      if (clientGone) {
        if (committed) body.abandon();
        else
          reject(
            Object.assign(new Error("client disconnected"), { code: "TSGI_E_CLIENT_DISCONNECTED" }),
          );
        return;
      }
      const cause = (res as { errored?: unknown }).errored ?? error;
      if (committed) body.fail(cause);
      else reject(cause);
    });
    try {
      instance.routing(req, res);
    } catch (error) {
      reject(error);
    }
    // Still no head once the microtasks of this turn ran: the app waits on I/O or timers.
    if (!committed) setImmediate(() => committed || watchClient());
  });
}

// TSGI forbids hop-by-hop headers to apps, and the server in front writes its own Date.
function responseHeaders(list: HeaderList): HeaderList {
  const headers: HeaderList = [];
  for (const pair of list) {
    const name = pair[0];
    if (isHopByHop(name) || name.toLowerCase() === "date") continue;
    headers.push(pair);
  }
  return headers;
}

function connectionReset(clientGone: boolean): Error {
  const message = clientGone ? "aborted" : "response destroyed by the application";
  return Object.assign(new Error(message), { code: "ECONNRESET" });
}

function toPort(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const port = Number(value);
  return Number.isInteger(port) ? port : undefined;
}
