import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { Socket } from "node:net";
import { abortConnection, connectionState, ensureConnectionState } from "./connections.ts";
import { clientErrorStatus } from "./exchange-helpers.ts";

/** A parser error as node:http reports it to 'clientError' (llhttp adds `reason`). */
type ClientError = Error & { code?: string; reason?: unknown };

/**
 * node:http 'clientError' listener. Node's default writes a bare 400 even when the socket
 * still has an app answering asynchronously (bytes after `Connection: close`, a second
 * HTTP/1.0 request), corrupting that response. Here:
 *
 * - ECONNRESET, or a socket that cannot be written: destroy it, nothing to say.
 * - A request still in flight on the socket: leave its response alone; if its body was still
 *   arriving, its read fails with the error (the app may answer 400); close the socket once
 *   the in-flight responses are done.
 * - Otherwise: 400 (431 for oversized headers, 413 for oversized chunk extensions, 408 for
 *   a request timeout) with `Connection: close` and a short reason, then close.
 */
export function handleClientError(error: ClientError, stream: Duplex): void {
  const socket = stream as Socket;
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const state = connectionState(socket) ?? ensureConnectionState(socket);
  // llhttp stays in its error state and reports every later read again: answer once.
  if (state.errored) return;
  state.errored = true;
  if (state.inFlight.length > 0) {
    for (const exchange of state.inFlight) exchange.failInput(error);
    state.closeWhenIdle = true;
    return;
  }
  const status = clientErrorStatus(error);
  const reason = STATUS_CODES[status] ?? "Bad Request";
  const detail = typeof error.reason === "string" && status === 400 ? `: ${error.reason}` : "";
  const body = `${reason}${detail}\n`;
  socket.write(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "Connection: close\r\n\r\n" +
      body,
  );
  abortConnection(socket);
}
