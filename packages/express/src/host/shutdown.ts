import type { Server } from "node:http";
import type { Socket } from "node:net";

/**
 * Tracks connections so a graceful close can wait for them: node's close() callback runs
 * before destroyed sockets emit 'close', and a silent keep-alive connection would otherwise
 * hold shutdown until its timeout.
 */
export function trackConnections(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return sockets;
}

/**
 * Graceful shutdown: stop accepting, close idle keep-alive connections now and each one as
 * it becomes idle, and after `timeout` ms destroy whatever is left. Resolves once every
 * connection closed (server.ts makes responses not yet started say Connection: close).
 */
export function shutdown(
  servers: readonly Server[],
  sockets: readonly Set<Socket>[],
  timeout: number,
): Promise<void> {
  const sweep = setInterval(() => {
    for (const server of servers) server.closeIdleConnections();
  }, 50);
  const force = setTimeout(() => {
    for (const server of servers) server.closeAllConnections();
    for (const set of sockets) for (const socket of set) socket.destroy();
  }, timeout);
  force.unref();
  const closed = servers.map(
    (server, index) =>
      new Promise<void>((resolve) => {
        server.close(() => {
          const pending = [...(sockets[index] ?? [])].map(
            (socket) => new Promise<void>((done) => socket.once("close", () => done())),
          );
          void Promise.all(pending).then(() => resolve());
        });
        server.closeIdleConnections();
      }),
  );
  return Promise.all(closed).then(() => {
    clearInterval(sweep);
    clearTimeout(force);
  });
}
