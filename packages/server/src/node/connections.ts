import type { Socket } from "node:net";

/** What the connection tracker needs from an in-flight request (see exchange.ts). */
export interface InFlight {
  /** The client is gone: fire `tsgi.signal`, stop the body, never write again. */
  abort(): void;
  /** The connection broke mid-request (a framing error, a timeout): fail the body read. */
  failInput(error: Error): void;
}

/** Per-socket bookkeeping, created at the socket's first request or first client error. */
export interface ConnectionState {
  /** Requests whose responses have not closed yet, oldest first (pipelining queues them). */
  readonly inFlight: InFlight[];
  /** A client error was handled on this socket; later ones from the same parser are echoes. */
  errored: boolean;
  /** Close the socket once `inFlight` is empty (after a client error or a truncated body). */
  closeWhenIdle: boolean;
}

const STATE = Symbol("tsgi.connection");
type TrackedSocket = Socket & { [STATE]?: ConnectionState };

/** The socket's state, if a request or a client error was ever seen on it. */
export function connectionState(socket: Socket): ConnectionState | undefined {
  return (socket as TrackedSocket)[STATE];
}

/**
 * The socket's state, created on first use with one 'close' listener per socket (not per
 * request, so keep-alive connections do not pile up listeners). When the socket closes,
 * every request still in flight on it is aborted: that includes pipelined responses that
 * node:http queued and will never emit 'close' for.
 */
export function ensureConnectionState(socket: Socket): ConnectionState {
  const tracked = socket as TrackedSocket;
  let state = tracked[STATE];
  if (state === undefined) {
    const created: ConnectionState = { inFlight: [], errored: false, closeWhenIdle: false };
    state = tracked[STATE] = created;
    socket.once("close", () => {
      for (const exchange of created.inFlight.splice(0)) exchange.abort();
    });
  }
  return state;
}

/** Forgets a finished request; closes the socket if that was asked for and it is now idle. */
export function releaseInFlight(socket: Socket, state: ConnectionState, exchange: InFlight): void {
  const index = state.inFlight.indexOf(exchange);
  if (index !== -1) state.inFlight.splice(index, 1);
  if (state.closeWhenIdle && state.inFlight.length === 0) closeSocketSoon(socket);
}

const CLOSING = Symbol("tsgi.closing");

/**
 * Half-closes the socket once everything written so far is flushed, then destroys it, so the
 * client reads the last response before the connection goes (what node's `destroySoon` does).
 * Safe to call more than once.
 */
export function closeSocketSoon(socket: Socket): void {
  const marked = socket as Socket & { [CLOSING]?: true };
  if (socket.destroyed || marked[CLOSING]) return;
  marked[CLOSING] = true;
  if (socket.writableFinished) {
    socket.destroy();
    return;
  }
  socket.once("finish", () => socket.destroy());
  if (!socket.writableEnded) socket.end();
}

/** How long an aborted or refused connection may take to flush before it is destroyed. */
const ABORT_GRACE_MS = 2_000;

/**
 * Ends a connection whose response cannot be completed (or that gets a final error reply):
 * what was written is flushed, then the socket closes, so the client sees the response stop
 * short rather than losing the bytes node had corked for this tick. A client that does not
 * read gets the socket destroyed after a short grace period.
 */
export function abortConnection(socket: Socket): void {
  if (socket.destroyed) return;
  closeSocketSoon(socket);
  const timer = setTimeout(() => socket.destroy(), ABORT_GRACE_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
