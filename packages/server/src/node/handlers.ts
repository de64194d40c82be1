import type { IncomingMessage, ServerResponse } from "node:http";
import { BadRequestError } from "@tsgi/core";
import type { App, Body, Environ } from "@tsgi/core";
import { sendBody } from "./body.ts";
import { createServerContext, logLine } from "./context.ts";
import type { RequestListenerOptions, ServerContext } from "./context.ts";
import { buildNodeEnviron } from "./environ.ts";
import { Exchange } from "./exchange.ts";
import { failExchange } from "./failure.ts";
import { refuseRequest } from "./request-checks.ts";

/** node:http's `(req, res)` request listener signature. */
export type NodeRequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The listeners a node:http server needs to host one app. */
export interface NodeHandlers {
  readonly context: ServerContext;
  /** 'request' */
  readonly request: NodeRequestListener;
  /** 'checkContinue': the 100 Continue is sent when the app first reads `tsgi.input`. */
  readonly checkContinue: NodeRequestListener;
  /** 'checkExpectation': any Expect other than 100-continue gets 417, the app is not called. */
  readonly checkExpectation: NodeRequestListener;
}

/** Builds the listeners for `app` (see {@link NodeHandlers}). */
export function createHandlers(app: App, options: RequestListenerOptions = {}): NodeHandlers {
  const context = createServerContext(app, options);
  return {
    context,
    request: (req, res) => void handle(context, req, res, false),
    checkContinue: (req, res) => void handle(context, req, res, true),
    checkExpectation: (req, res) => {
      const exchange = new Exchange(context, req, res, false);
      exchange.respondPlain(417, "Expectation Failed: only Expect: 100-continue is supported", {
        close: true,
      });
    },
  };
}

/**
 * A node:http request listener that runs a TSGI app: `http.createServer(listener)`.
 * Used this way, node answers `Expect: 100-continue` itself before the app runs and writes
 * its default 400 on client errors; `nodeServer.listen` also wires those (see listen.ts).
 *
 * @example
 * import { createServer } from "node:http";
 * import { createRequestListener } from "@tsgi/server/node";
 * const server = createServer(
 *   createRequestListener((environ, startResponse) => {
 *     startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *     return [new TextEncoder().encode(`Hello from ${environ.PATH_INFO}\n`)];
 *   }),
 * );
 * server.listen(8000, "127.0.0.1");
 */
export function createRequestListener(
  app: App,
  options: RequestListenerOptions = {},
): NodeRequestListener {
  return createHandlers(app, options).request;
}

async function handle(
  context: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  expectContinue: boolean,
): Promise<void> {
  let exchange: Exchange | undefined;
  try {
    exchange = new Exchange(context, req, res, expectContinue);
    const refusal = refuseRequest(req);
    if (refusal !== undefined) {
      exchange.respondPlain(refusal.status, refusal.text, { close: true });
      return;
    }
    let environ: Environ;
    try {
      environ = buildNodeEnviron(context, exchange);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      exchange.respondPlain(400, `Bad Request: ${error.message}`);
      return;
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
