import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { ServeOptions } from "../types.ts";
import { refuseConnect } from "./connect.ts";
import { handleClientError } from "./client-error.ts";
import { connectionState } from "./connections.ts";
import type { RequestListenerOptions, ServerContext } from "./context.ts";
import type { NodeHandlers } from "./handlers.ts";
import { applyServerSettings } from "./limits.ts";
import type { ServerSettingsOptions } from "./limits.ts";

/** Options of `attachApp`: the per-request options, node's own limits, the shutdown budget. */
export type AttachOptions = RequestListenerOptions &
  ServerSettingsOptions &
  Pick<ServeOptions, "gracefulTimeout">;

const SOCKETS = Symbol("tsgi.sockets");
type TrackedServer = Server & { [SOCKETS]?: Set<Socket> };

/**
 * Wires prepared handlers into a node:http server and applies node's limits (see
 * `applyServerSettings`). Sockets are tracked because node's close() callback runs before
 * destroyed sockets emit 'close' (and so before their requests see the abort): shutdown
 * waits for the sockets themselves.
 */
export function attachHandlers(server: Server, handlers: NodeHandlers, options: AttachOptions) {
  applyServerSettings(server, options);
  server.on("request", handlers.request);
  server.on("checkContinue", handlers.checkContinue);
  server.on("checkExpectation", handlers.checkExpectation);
  server.on("clientError", handleClientError);
  server.on("connect", refuseConnect);
  const sockets = new Set<Socket>();
  (server as TrackedServer)[SOCKETS] = sockets;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
}

/**
 * Graceful shutdown of servers that share one context: stop accepting; responses not yet
 * started say `Connection: close`; keep-alive connections close as soon as they are idle
 * (node's close() closes the idle ones now, each finished response sweeps again), and
 * connections still silent after a short grace close too, since they hold no request. After
 * `timeout` ms whatever is left is destroyed (bodies are still closed, `tsgi.signal` fires).
 * Resolves once every connection closed.
 */
export function shutdownServers(
  context: ServerContext,
  servers: readonly Server[],
  timeout: number,
): Promise<void> {
  context.closing = true;
  let sweepScheduled = false;
  const sweep = (): void => {
    for (const server of servers) closeConnections(server, "closeIdleConnections");
  };
  context.onResponseDone = () => {
    if (sweepScheduled) return;
    sweepScheduled = true;
    setImmediate(() => {
      sweepScheduled = false;
      sweep();
    });
  };
  const force = setTimeout(() => {
    for (const server of servers) {
      closeConnections(server, "closeAllConnections");
      for (const socket of socketsOf(server)) socket.destroy();
    }
  }, timeout);
  force.unref();
  const silent = setTimeout(
    () => {
      for (const server of servers) closeSilentConnections(server);
    },
    Math.min(SILENT_GRACE_MS, timeout),
  );
  silent.unref();
  const closing = servers.map(
    (server) =>
      new Promise<void>((resolve) => {
        // Calls back once the last connection is gone, or at once if it was not listening.
        server.close(() => void allClosed(socketsOf(server)).then(resolve));
      }),
  );
  return Promise.all(closing).then(() => {
    clearTimeout(force);
    clearTimeout(silent);
  });
}

// node:http servers have these; an http2 server handed to attachApp (its HTTP/1 fallback)
// does not, and then the tracked sockets are all there is to close.
function closeConnections(server: Server, method: "closeIdleConnections" | "closeAllConnections") {
  const close = (server as Partial<Pick<Server, typeof method>>)[method];
  if (typeof close === "function") close.call(server);
}

function socketsOf(server: Server): Set<Socket> {
  return (server as TrackedServer)[SOCKETS] ?? new Set();
}

/**
 * How long a connection accepted before shutdown may stay silent. One that has sent nothing
 * by then holds no request to finish (a browser's speculative preconnect, an idle client);
 * node counts it as active, so it would hold shutdown until its headers timeout. The grace
 * lets a request already on its way (accepted just before close) arrive and be served.
 */
const SILENT_GRACE_MS = 500;

function closeSilentConnections(server: Server): void {
  for (const socket of socketsOf(server)) {
    if (socket.bytesRead === 0 && connectionState(socket) === undefined) socket.destroy();
  }
}

function allClosed(sockets: Set<Socket>): Promise<void> {
  const pending = [...sockets].map(
    (socket) => new Promise<void>((resolve) => socket.once("close", () => resolve())),
  );
  return Promise.all(pending).then(() => undefined);
}
