import { createServer } from "node:http";
import type { Server } from "node:http";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerAddress, ServerHandle, TsgiServer } from "../types.ts";
import { addressOf, clearStaleSocket, listenOn, parseBind, removeSocketFile } from "./bind.ts";
import type { BindAddress } from "./bind.ts";
import { createServerContext } from "./context.ts";
import type { RequestListenerOptions, ServerContext } from "./context.ts";
import { createHandlers } from "./handlers.ts";
import type { NodeHandlers, NodeRequestListener } from "./handlers.ts";
import { runServerHook } from "./hooks.ts";
import { NODE_SERVER_DEFAULTS, nodeHttpSettings } from "./limits.ts";
import { attachHandlers, shutdownServers } from "./shutdown.ts";
import type { AttachOptions } from "./shutdown.ts";

/**
 * Above the 60 s idle timeout of common load balancers, so they never reuse a closed socket.
 *
 * @example
 * await nodeServer.listen(app, { keepAliveTimeout: DEFAULT_KEEP_ALIVE_TIMEOUT_MS * 2 });
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = NODE_SERVER_DEFAULTS.keepAliveTimeout;
/**
 * How long a graceful close waits for in-flight requests before cutting them off (the
 * default of `gracefulTimeout`).
 *
 * @example
 * await handle.close({ timeout: DEFAULT_CLOSE_TIMEOUT_MS / 3 });
 */
export const DEFAULT_CLOSE_TIMEOUT_MS = NODE_SERVER_DEFAULTS.gracefulTimeout;

/** A TSGI app attached to a node:http (or node:https) server by {@link attachApp}. */
export interface AttachedApp {
  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish (their responses say
   * `Connection: close`), close keep-alive connections as they become idle (and those still
   * silent after half a second), and destroy whatever is left after `timeout` ms (default: the
   * `gracefulTimeout` option, else 30 s). Resolves once every connection closed.
   */
  shutdown(options?: { timeout?: number }): Promise<void>;
}

/**
 * Wires a TSGI app into an existing node:http or node:https server: the request listener,
 * 100-continue on first read, 417 for other expectations, the `clientError` handler that
 * never writes over an in-flight response, and node's own limits derived from the options
 * (header bytes and count, headers/request/keep-alive timeouts: see `nodeHttpSettings`).
 * Call it before `server.listen()`, so node's timeout checker runs at the right interval.
 *
 * @example
 * import { createServer } from "node:http";
 * import { attachApp } from "@tsgi/server/node";
 * const server = createServer();
 * const attached = attachApp(
 *   server,
 *   (environ, startResponse) => {
 *     startResponse("204 No Content", []);
 *     return [];
 *   },
 *   { maxBodySize: 10 * 1024 * 1024, headersTimeout: 20_000, gracefulTimeout: 10_000 },
 * );
 * server.listen(8000, "127.0.0.1");
 * process.once("SIGTERM", () => void attached.shutdown());
 */
export function attachApp(server: Server, app: App, options: AttachOptions = {}): AttachedApp {
  const handlers = createHandlers(app, options);
  attachHandlers(server, handlers, options);
  const timeout = options.gracefulTimeout ?? DEFAULT_CLOSE_TIMEOUT_MS;
  let closed: Promise<void> | undefined;
  return {
    shutdown: (closeOptions = {}) =>
      (closed ??= shutdownServers(handlers.context, [server], closeOptions.timeout ?? timeout)),
  };
}

/**
 * The reference TSGI server on node:http. Listens on `host`:`port` (default
 * 127.0.0.1:8000), or on every `bind` address (TCP and unix sockets; one node:http server
 * each, sharing one request pipeline). Runs the `onStarting` hook before binding (its error
 * aborts the start) and `whenReady` once bound (its error is logged).
 *
 * On a unix socket there is no local address: SERVER_NAME is "localhost" and SERVER_PORT
 * "80" (what a URL without a port means), and the Host header still comes first when a URL
 * is rebuilt. A stale socket file is removed before binding and the file is removed on close.
 *
 * @example
 * import { nodeServer } from "@tsgi/server/node";
 * const handle = await nodeServer.listen(
 *   (environ, startResponse) => {
 *     startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *     return [new TextEncoder().encode("Hello, World!\n")];
 *   },
 *   { bind: ["127.0.0.1:0", "unix:/tmp/hello.sock"], accessLog: true },
 * );
 * console.log(handle.addresses.map((address) => address.url));
 * await handle.close({ timeout: 5_000 });
 */
export const nodeServer: TsgiServer = {
  name: "node",
  listen: (app, options) => listenOnNodeHttp(app, options),
};

/**
 * How a server built on node:http's request pipeline differs from `node`: its name, and the
 * request listener node:http calls, which may run through a framework before the TSGI
 * pipeline (the `express` server puts an Express app there).
 */
export interface NodeHttpHost {
  /** `tsgi.server`, the handle's name and the hooks' `server` (default "node"). */
  name?: string;
  /**
   * Wraps each TSGI request listener (the one for 'request' and the one for 'checkContinue')
   * in the listener node:http calls; the wrapper must end by calling the listener it got with
   * the same `(req, res)`.
   */
  wrapListener?: (listener: NodeRequestListener) => NodeRequestListener;
}

/**
 * Serves `app` the way the `node` server does (every option: bind addresses, unix sockets,
 * limits, timeouts, trusted proxies, access log, dev mode, hooks, graceful shutdown), under
 * another name and optionally through a host framework's request listener. This is how the
 * `express` server hosts a TSGI app inside Express without a second copy of the server.
 *
 * @example
 * import express from "express";
 * import { listenOnNodeHttp } from "@tsgi/server/node";
 * const handle = await listenOnNodeHttp(app, { port: 8000 }, {
 *   name: "express",
 *   wrapListener: (listener) => express().use((req, res) => listener(req, res)),
 * });
 */
export async function listenOnNodeHttp(
  app: App,
  options: ServeOptions = {},
  host: NodeHttpHost = {},
): Promise<ServerHandle> {
  const name = host.name ?? "node";
  const port = options.port ?? 8000;
  const binds: BindAddress[] =
    options.bind !== undefined && options.bind.length > 0
      ? options.bind.map((entry) => parseBind(entry, port))
      : [{ kind: "tcp", host: options.host ?? "127.0.0.1", port }];
  const listenerOptions: RequestListenerOptions = { ...options, name };
  // Settings are checked before any hook runs or any socket is bound.
  const context = createServerContext(app, listenerOptions);
  nodeHttpSettings(options);
  await options.hooks?.onStarting?.({ server: name, options });

  const servers: Server[] = [];
  const addresses: ServerAddress[] = [];
  const unixPaths: string[] = [];
  try {
    for (const bind of binds) {
      // insecureHTTPParser stays off: it re-opens CL.TE request smuggling. A missing Host is
      // accepted, as gunicorn, uvicorn and waitress do: PEP 3333 apps fall back to SERVER_NAME.
      const server = createServer({ requireHostHeader: false });
      const handlers = createHandlers(context, {}, serverNameFor(bind));
      attachHandlers(server, wrapHandlers(handlers, host.wrapListener), options);
      if (bind.kind === "unix") await clearStaleSocket(bind.path);
      await listenOn(server, bind);
      servers.push(server);
      if (bind.kind === "unix") unixPaths.push(bind.path);
      addresses.push(addressOf(server, bind));
    }
  } catch (error) {
    await shutdownServers(context, servers, 0);
    await Promise.all(unixPaths.map(removeSocketFile));
    throw error;
  }

  const defaultTimeout = options.gracefulTimeout ?? DEFAULT_CLOSE_TIMEOUT_MS;
  let closed: Promise<void> | undefined;
  const handle: ServerHandle = {
    name,
    address: addresses[0]!,
    addresses,
    close: (closeOptions = {}) =>
      (closed ??= closeAll(context, servers, unixPaths, closeOptions.timeout ?? defaultTimeout)),
  };
  if (options.hooks?.whenReady !== undefined) {
    const hooks = options.hooks;
    await runServerHook(context, "whenReady", () => hooks.whenReady!(handle));
  }
  return handle;
}

function wrapHandlers(handlers: NodeHandlers, wrap: NodeHttpHost["wrapListener"]): NodeHandlers {
  if (wrap === undefined) return handlers;
  return {
    ...handlers,
    request: wrap((req, res) => handlers.request(req, res)),
    checkContinue: wrap((req, res) => handlers.checkContinue(req, res)),
  };
}

async function closeAll(
  context: ServerContext,
  servers: Server[],
  unixPaths: string[],
  timeout: number,
): Promise<void> {
  await shutdownServers(context, servers, timeout);
  await Promise.all(unixPaths.map(removeSocketFile));
}

// Bound to one named address: that is the server's name; a wildcard or a unix socket leaves
// it to each connection (its local address, or "localhost").
function serverNameFor(bind: BindAddress): string | undefined {
  if (bind.kind === "unix") return undefined;
  const host = bind.host;
  if (host === undefined || host === "" || host === "0.0.0.0" || host === "::") return undefined;
  return host.includes(":") ? `[${host}]` : host;
}
