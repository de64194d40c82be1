import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import express from "express";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerAddress, ServerHandle, TsgiServer } from "@tsgi/server";
import { applyServerSettings } from "@tsgi/server/node";
import { accessLogMiddleware } from "./host/access-log.ts";
import { tsgiErrorHandler } from "./host/error-handler.ts";
import { bindAddresses, listen } from "./host/listen.ts";
import { requestLimitsMiddleware } from "./host/request-limits.ts";
import { shutdown, trackConnections } from "./host/shutdown.ts";
import { EXPECTS_CONTINUE } from "./to-express/_environ.ts";
import { toExpress } from "./to-express/index.ts";

const DEFAULT_GRACEFUL_TIMEOUT_MS = 30_000;
const writeStderr = (text: string): void => void process.stderr.write(text);

/**
 * The `express` server (`TSGI_SERVER=express`): hosts any TSGI app inside an Express 5
 * application (`express()` + `toExpress(app)`) on node:http. Honours host/port/bind, node's
 * limits (request line, header field size and count, node's parser limit, timeouts,
 * keep-alive: the node server's settings),
 * `accessLog`/`accessLogFormat` (gunicorn format), `errorLog`, `Expect: 100-continue` sent
 * when the app first reads (other expectations get 417) and graceful close. The per-request
 * options of the node server (proxy headers, body-size limit, concurrency limit, hooks, dev
 * page) are not applied here: Express' own middleware and settings are the way to do those.
 *
 * @example
 * import { expressServer } from "@tsgi/express/server";
 * const handle = await expressServer.listen(
 *   (environ, startResponse) => {
 *     startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *     return [new TextEncoder().encode("Hello from Express\n")];
 *   },
 *   { port: 8000, accessLog: true },
 * );
 * process.once("SIGTERM", () => void handle.close());
 */
export const expressServer: TsgiServer = {
  name: "express",
  listen: listenExpress,
};

async function listenExpress(app: App, options: ServeOptions = {}): Promise<ServerHandle> {
  const errorLog = options.errorLog ?? writeStderr;
  const host = express();
  host.disable("x-powered-by");
  let closing = false;
  host.use((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (closing) res.setHeader("Connection", "close");
    next();
  });
  host.use(requestLimitsMiddleware(options));
  const accessLog = accessLogMiddleware(options);
  if (accessLog !== undefined) host.use(accessLog);
  host.use(toExpress(app, { serverName: "express", errorLog }));
  host.use(tsgiErrorHandler(errorLog));

  await options.hooks?.onStarting?.({ server: "express", options });
  const servers: Server[] = [];
  const sockets: Set<Socket>[] = [];
  const addresses: ServerAddress[] = [];
  try {
    for (const bind of bindAddresses(options)) {
      // A missing Host is accepted, as by the node server (PEP 3333 falls back to SERVER_NAME).
      const server = createServer({ requireHostHeader: false }, host);
      applyServerSettings(server, options);
      server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
        (req as unknown as Record<symbol, boolean>)[EXPECTS_CONTINUE] = true;
        host(req, res);
      });
      server.on("checkExpectation", (_req: IncomingMessage, res: ServerResponse) => {
        const text = "Expectation Failed: only Expect: 100-continue is supported\n";
        res.writeHead(417, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
        res.end(text);
      });
      sockets.push(trackConnections(server));
      servers.push(server);
      addresses.push(await listen(server, bind));
    }
  } catch (error) {
    await shutdown(servers, sockets, 0);
    throw error;
  }
  const defaultTimeout = options.gracefulTimeout ?? DEFAULT_GRACEFUL_TIMEOUT_MS;
  let closed: Promise<void> | undefined;
  const handle: ServerHandle = {
    name: "express",
    address: addresses[0]!,
    addresses,
    close: (closeOptions = {}) => {
      closing = true;
      return (closed ??= shutdown(servers, sockets, closeOptions.timeout ?? defaultTimeout));
    },
  };
  await options.hooks?.whenReady?.(handle);
  return handle;
}
