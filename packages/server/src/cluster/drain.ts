// Stopping one server of a cluster worker without failing a request that had already reached
// it. node's http.Server#close() also destroys "idle" connections (Node >= 19) — and to the
// parser, a connection the primary handed over a moment ago, whose request bytes are still in
// the kernel buffer, is idle. Closing it would reset a client whose request was on its way.
// So the listener is stopped first (the primary then routes new connections to the other
// workers), fresh connections get a moment to show their first request, and only then does
// the app's graceful shutdown run.
import { Server as NetServer } from "node:net";
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { AttachedApp } from "../node/index.ts";

/**
 * Longest wait for a just-accepted connection to deliver its request line before the graceful
 * shutdown treats it as idle. A client that connected sends at once; this only covers the
 * hop through the primary and the worker's event loop.
 */
export const FRESH_CONNECTION_GRACE_MS = 250;

/** Connections of one server that have not started a request yet. */
export class FreshConnections {
  readonly #fresh = new Set<Socket>();

  constructor(server: Server) {
    server.on("connection", (socket: Socket) => {
      this.#fresh.add(socket);
      socket.once("close", () => this.#fresh.delete(socket));
    });
  }

  /** A request started on `socket`: it is no longer fresh. */
  started(socket: Socket): void {
    this.#fresh.delete(socket);
  }

  get size(): number {
    return this.#fresh.size;
  }
}

/**
 * Stops `server` gracefully: stop accepting, let fresh connections start their request (at
 * most {@link FRESH_CONNECTION_GRACE_MS}), then the attached app's shutdown with what is left
 * of `timeout`.
 *
 * @example
 * await drainServer(server, attached, fresh, 30_000);
 */
export async function drainServer(
  server: Server,
  attached: AttachedApp,
  fresh: FreshConnections,
  timeout: number,
): Promise<void> {
  const started = performance.now();
  // net.Server's close, not http.Server's: stop listening, but leave connections alone.
  if (server.listening) NetServer.prototype.close.call(server);
  const grace = Math.min(timeout, FRESH_CONNECTION_GRACE_MS);
  while (fresh.size > 0 && performance.now() - started < grace) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const left = Math.max(0, timeout - (performance.now() - started));
  await attached.shutdown({ timeout: left });
}
