import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerAddress, ServerHandle, TsgiServer } from "../types.ts";
import { refuseConnect } from "./connect.ts";
import { handleClientError } from "./client-error.ts";
import type { RequestListenerOptions } from "./context.ts";
import { createHandlers } from "./handlers.ts";

/**
 * Above the 60 s idle timeout of common load balancers, so they never reuse a closed socket.
 *
 * @example
 * await nodeServer.listen(app, { keepAliveTimeout: DEFAULT_KEEP_ALIVE_TIMEOUT_MS * 2 });
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 75_000;
/**
 * How long a graceful close waits for in-flight requests before cutting them off.
 *
 * @example
 * await handle.close({ timeout: DEFAULT_CLOSE_TIMEOUT_MS / 3 });
 */
export const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;

/** A TSGI app attached to a node:http (or node:https) server by {@link attachApp}. */
export interface AttachedApp {
  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish (their responses say
   * `Connection: close`), close keep-alive connections as they become idle, and destroy
   * whatever is left after `timeout` ms (default 30 s). Resolves once every connection closed.
   */
  shutdown(options?: { timeout?: number }): Promise<void>;
}

/**
 * Wires a TSGI app into an existing node:http or node:https server: the request listener,
 * 100-continue on first read, 417 for other expectations, the `clientError` handler that
 * never writes over an in-flight response, and keep-alive/header timeouts.
 *
 * @example
 * import { createServer } from "node:http";
 * import { attachApp } from "@tsgi/server/node";
 * const server = createServer();
 * const attached = attachApp(server, (environ, startResponse) => {
 *   startResponse("204 No Content", []);
 *   return [];
 * });
 * server.listen(8000, "127.0.0.1");
 * process.once("SIGTERM", () => void attached.shutdown({ timeout: 10_000 }));
 */
export function attachApp(
  server: Server,
  app: App,
  options: RequestListenerOptions & { keepAliveTimeout?: number } = {},
): AttachedApp {
  const handlers = createHandlers(app, options);
  const keepAliveTimeout = options.keepAliveTimeout ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
  server.keepAliveTimeout = keepAliveTimeout;
  // Headers of a request on a reused connection must not time out before the idle timeout.
  server.headersTimeout = keepAliveTimeout + 1_000;
  if (server.requestTimeout > 0 && server.requestTimeout < server.headersTimeout) {
    server.requestTimeout = server.headersTimeout;
  }
  server.on("request", handlers.request);
  server.on("checkContinue", handlers.checkContinue);
  server.on("checkExpectation", handlers.checkExpectation);
  server.on("clientError", handleClientError);
  server.on("connect", refuseConnect);
  // node's close() callback runs before destroyed sockets emit 'close' (and so before their
  // requests see the abort): shutdown waits for the sockets themselves.
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  const context = handlers.context;
  let closed: Promise<void> | undefined;
  let sweepScheduled = false;
  return {
    shutdown({ timeout = DEFAULT_CLOSE_TIMEOUT_MS } = {}) {
      return (closed ??= new Promise<void>((resolve) => {
        context.closing = true;
        // A keep-alive connection whose response just finished is idle now: close it.
        context.onResponseDone = () => {
          if (sweepScheduled) return;
          sweepScheduled = true;
          setImmediate(() => {
            sweepScheduled = false;
            server.closeIdleConnections();
          });
        };
        const force = setTimeout(() => server.closeAllConnections(), timeout);
        force.unref();
        // node's close() also closes idle connections (Node >= 19) and calls back once the
        // last connection is gone, or at once with ERR_SERVER_NOT_RUNNING.
        server.close(() => {
          clearTimeout(force);
          void allClosed(sockets).then(resolve);
        });
      }));
    },
  };
}

function allClosed(sockets: Set<Socket>): Promise<void> {
  const pending = [...sockets].map(
    (socket) => new Promise<void>((resolve) => socket.once("close", () => resolve())),
  );
  return Promise.all(pending).then(() => undefined);
}

/**
 * The reference TSGI server on node:http.
 *
 * @example
 * import { nodeServer } from "@tsgi/server/node";
 * const handle = await nodeServer.listen(
 *   (environ, startResponse) => {
 *     startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *     return [new TextEncoder().encode("Hello, World!\n")];
 *   },
 *   { port: 0, accessLog: true },
 * );
 * console.log(`listening on ${handle.address.url}`);
 * await handle.close({ timeout: 5_000 });
 */
export const nodeServer: TsgiServer = {
  name: "node",
  listen: listenNode,
};

async function listenNode(app: App, options: ServeOptions = {}): Promise<ServerHandle> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8000;
  // insecureHTTPParser stays off: it re-opens CL.TE request smuggling. A missing Host is
  // accepted, as gunicorn, uvicorn and waitress do: PEP 3333 apps fall back to SERVER_NAME.
  const server = createServer({ requireHostHeader: false });
  const wildcard = host === "" || host === "0.0.0.0" || host === "::";
  const attached = attachApp(server, app, {
    name: "node",
    accessLog: options.accessLog,
    errorLog: options.errorLog,
    keepAliveTimeout: options.keepAliveTimeout,
    // Bound to one address: that is the server's name; otherwise each connection's own.
    serverName: wildcard ? undefined : host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = addressOf(server.address() as AddressInfo);
  return {
    name: "node",
    address,
    addresses: [address],
    close: (closeOptions) => attached.shutdown(closeOptions),
  };
}

function addressOf(info: AddressInfo): ServerAddress {
  let urlHost = info.address;
  // A wildcard bind is reachable on loopback; that is the URL a local client can use.
  if (urlHost === "0.0.0.0") urlHost = "127.0.0.1";
  else if (urlHost === "::") urlHost = "::1";
  if (urlHost.includes(":")) urlHost = `[${urlHost}]`;
  return { host: info.address, port: info.port, url: `http://${urlHost}:${info.port}` };
}
