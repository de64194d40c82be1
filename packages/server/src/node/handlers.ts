import type { IncomingMessage, ServerResponse } from "node:http";
import { BadRequestError } from "@tsgi/core";
import type { App, Body, Environ } from "@tsgi/core";
import { sendBody } from "./body.ts";
import { createServerContext, logLine } from "./context.ts";
import type { RequestListenerOptions, ServerContext } from "./context.ts";
import { buildNodeEnviron } from "./environ.ts";
import { Exchange } from "./exchange.ts";
import { failExchange } from "./failure.ts";
import { runPreRequest } from "./hooks.ts";
import { respondShort } from "./plain-response.ts";
import { refuseRequest } from "./request-checks.ts";
import type { ExchangeWire } from "./wire.ts";

/** node:http's `(req, res)` request listener signature. */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A listener of {@link NodeHandlers}. node:http calls it with (req, res); the http2 server
 * also passes the request's wire (wire.ts), with node's HTTP/2 compatibility objects.
 */
export type WiredRequestListener = (
  req: IncomingMessage,
  res: ServerResponse,
  wire?: ExchangeWire,
) => void;

/** The listeners a node:http server needs to host one app. */
export interface NodeHandlers {
  readonly context: ServerContext;
  /** 'request' */
  readonly request: WiredRequestListener;
  /** 'checkContinue': the 100 Continue is sent when the app first reads `tsgi.input`. */
  readonly checkContinue: WiredRequestListener;
  /** 'checkExpectation': any Expect other than 100-continue gets 417, the app is not called. */
  readonly checkExpectation: WiredRequestListener;
}

// Sent with every 503: clients and load balancers may retry after a second.
const BUSY_HEADERS = Object.freeze(["Retry-After", "1"]);

/**
 * Builds the listeners for `app`, or for an existing context (several node servers, one per
 * bound address, share one: one concurrency count, one access log). `serverName` is
 * SERVER_NAME for this server's requests (its bound host name), when not the context's.
 */
export function createHandlers(
  app: App | ServerContext,
  options: RequestListenerOptions = {},
  serverName?: string,
): NodeHandlers {
  const context = typeof app === "function" ? createServerContext(app, options) : app;
  const name = serverName ?? context.serverName;
  return {
    context,
    request: (req, res, wire) => void handle(context, name, req, res, false, wire),
    checkContinue: (req, res, wire) => void handle(context, name, req, res, true, wire),
    checkExpectation: (req, res, wire) => {
      const exchange = new Exchange(context, req, res, false, wire);
      respondShort(
        exchange,
        { status: 417, text: "Expectation Failed: only Expect: 100-continue is supported" },
        { close: true },
      );
    },
  };
}

/**
 * A node:http request listener that runs a TSGI app: `http.createServer(listener)`. Every
 * per-request option works (limits checked on the request, proxies, dev mode, access log,
 * hooks). Used this way, node answers `Expect: 100-continue` itself before the app runs,
 * writes its default 400 on client errors, and keeps its own 16 KiB header limit and 5 s
 * keep-alive: `attachApp` (or `nodeServer.listen`) also wires and tunes those.
 *
 * @example
 * import { createServer } from "node:http";
 * import { createRequestListener } from "@tsgi/server/node";
 * const server = createServer(
 *   createRequestListener(
 *     (environ, startResponse) => {
 *       startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *       return [new TextEncoder().encode(`Hello from ${environ.PATH_INFO}\n`)];
 *     },
 *     { maxBodySize: 1024 * 1024, forwardedAllowIps: ["10.0.0.0/8"] },
 *   ),
 * );
 * server.listen(8000, "127.0.0.1");
 */
export function createRequestListener(
  app: App,
  options: RequestListenerOptions = {},
): NodeRequestListener {
  return createHandlers(app, options).request;
}

/** The listeners of {@link createRequestHandlers}. */
export interface RequestHandlers {
  /** For node's 'request'. */
  readonly request: NodeRequestListener;
  /** For node's 'checkContinue': the 100 Continue is sent when the app first reads. */
  readonly checkContinue: NodeRequestListener;
  /** For node's 'checkExpectation': 417, the app is not called. */
  readonly checkExpectation: NodeRequestListener;
}

/**
 * The three listeners a host needs to run a TSGI app on node:http requests it received itself
 * (a framework that routes first, as the `fastify` server does), sharing one pipeline: one
 * concurrency count, one access log. {@link createRequestListener} is the `request` one alone.
 *
 * @example
 * import { createServer } from "node:http";
 * import { createRequestHandlers } from "@tsgi/server/node";
 * const handlers = createRequestHandlers(app, { maxBodySize: 1024 * 1024 });
 * const server = createServer(handlers.request);
 * server.on("checkContinue", handlers.checkContinue);
 * server.on("checkExpectation", handlers.checkExpectation);
 */
export function createRequestHandlers(
  app: App,
  options: RequestListenerOptions = {},
): RequestHandlers {
  const handlers = createHandlers(app, options);
  return {
    request: (req, res) => handlers.request(req, res),
    checkContinue: (req, res) => handlers.checkContinue(req, res),
    checkExpectation: (req, res) => handlers.checkExpectation(req, res),
  };
}

async function handle(
  context: ServerContext,
  serverName: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  expectContinue: boolean,
  wire?: ExchangeWire,
): Promise<void> {
  let exchange: Exchange | undefined;
  try {
    exchange = new Exchange(context, req, res, expectContinue, wire);
    const refusal = refuseRequest(req, context.limits, wire !== undefined);
    if (refusal !== undefined) {
      respondShort(exchange, refusal, { close: true });
      return;
    }
    if (context.active >= context.limits.concurrentRequests) {
      const text = "Service Unavailable: the server is busy, retry shortly";
      respondShort(exchange, { status: 503, text, headers: BUSY_HEADERS });
      return;
    }
    let environ: Environ;
    try {
      environ = buildNodeEnviron(context, exchange, serverName);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      respondShort(exchange, { status: 400, text: `Bad Request: ${error.message}` });
      return;
    }
    context.resolveProxy(environ, exchange.socket.remoteAddress);
    exchange.environ = environ;
    exchange.counted = true;
    context.active++;
    if (context.preRequest !== undefined) {
      const pending = runPreRequest(context, environ);
      if (pending !== undefined) await pending;
      if (exchange.aborted) return; // the client left while the hook ran: no app call
    }
    let body: Body;
    try {
      const result = context.app(environ, exchange.startResponse);
      // Sync apps skip a microtask; async ones are awaited.
      body = isPromiseLike(result) ? await result : result;
    } catch (error) {
      failExchange(exchange, error);
      return;
    }
    await sendBody(exchange, body);
  } catch (error) {
    // Only a bug in the server gets here; never let it become an unhandled rejection.
    logLine(context, "ERROR", `internal server error\n${(error as Error)?.stack ?? String(error)}`);
    if (exchange !== undefined && !exchange.ended) exchange.ended = true;
    res.destroy();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<Body> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
