import { createServer } from "node:http2";
import type {
  Http2Server,
  Http2ServerRequest,
  Http2ServerResponse,
  ServerHttp2Session,
  ServerHttp2Stream,
} from "node:http2";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { NodeHandlers, WiredRequestListener } from "../node/handlers.ts";
import { Http2Wire } from "./wire.ts";

/** How the HTTP/2 side of one endpoint is tuned (see {@link createHttp2Host}). */
export interface Http2HostSettings {
  /** A session with no open stream for this long is closed (GOAWAY); 0: never. */
  idleTimeout: number;
  /** Advertised SETTINGS_MAX_HEADER_LIST_SIZE, and what node's HPACK layer accepts. */
  maxHeaderListSize: number;
  /** Header fields node accepts per request (pseudo-headers included). */
  maxHeaderListPairs: number;
  /** Advertised SETTINGS_MAX_CONCURRENT_STREAMS. */
  maxConcurrentStreams: number;
}

/** The HTTP/2 side of one endpoint: node's http2 server, fed connections by the front. */
export interface Http2Host {
  /** Takes a connection that speaks HTTP/2: the preface seen (h2c), or TLS with ALPN "h2". */
  accept(socket: Socket): void;
  /**
   * Graceful close: every session gets GOAWAY, so clients open no new streams; idle sessions
   * close now, the others once their streams are done. Resolves when all are closed.
   */
  close(): Promise<void>;
  /** Destroys every session (their open streams are reset). */
  destroy(): void;
}

/**
 * Creates node's http2 server for an endpoint and routes its requests into the node request
 * pipeline through an {@link Http2Wire}. The server never listens: the front server (front.ts)
 * owns the port and hands it the connections that speak HTTP/2.
 */
export function createHttp2Host(handlers: NodeHandlers, settings: Http2HostSettings): Http2Host {
  const server: Http2Server = createServer({
    maxHeaderListPairs: settings.maxHeaderListPairs,
    settings: {
      maxHeaderListSize: settings.maxHeaderListSize,
      maxConcurrentStreams: settings.maxConcurrentStreams,
    },
  });
  // node emits these with its compatibility objects; 'checkExpectation' is any Expect other
  // than 100-continue (417), as on node:http.
  server.on("request", wired(handlers.request));
  server.on("checkContinue", wired(handlers.checkContinue));
  server.on("checkExpectation", wired(handlers.checkExpectation));
  // Protocol errors and resets are the client's doing; node already tore the session down.
  server.on("sessionError", () => {});

  const sessions = new Set<ServerHttp2Session>();
  let closing = false;
  server.on("session", (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    if (closing) session.close();
    else trackIdle(session, settings.idleTimeout);
  });

  return {
    accept(socket) {
      server.emit("connection", socket);
    },
    close() {
      closing = true;
      const pending = [...sessions].map(
        (session) =>
          new Promise<void>((resolve) => {
            // 'close' rather than close()'s callback: a session closing already (idle) is
            // not closed twice, and would never call it.
            session.once("close", () => resolve());
            session.close();
          }),
      );
      return Promise.all(pending).then(() => undefined);
    },
    destroy() {
      for (const session of sessions) session.destroy();
    },
  };
}

// The pipeline is typed for node:http; node's HTTP/2 compatibility objects provide what it
// uses on them, and the wire provides the rest (node/wire.ts lists both). This is the one
// place where they are handed over as node:http objects.
function wired(
  listener: WiredRequestListener,
): (req: Http2ServerRequest, res: Http2ServerResponse) => void {
  return (req, res) =>
    listener(
      req as unknown as IncomingMessage,
      res as unknown as ServerResponse,
      new Http2Wire(req, res),
    );
}

// HTTP/1.1's keep-alive timeout, for HTTP/2: a session without open streams for `timeout` ms
// is closed politely. Streams that are merely slow (a long poll, a slow upload) keep it open.
function trackIdle(session: ServerHttp2Session, timeout: number): void {
  if (timeout === 0 || timeout === Infinity) return;
  let open = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    timer = setTimeout(() => session.close(), timeout);
    timer.unref();
  };
  session.on("stream", (stream: ServerHttp2Stream) => {
    open++;
    clearTimeout(timer);
    stream.once("close", () => {
      if (--open === 0 && !session.closed) arm();
    });
  });
  session.once("close", () => clearTimeout(timer));
  arm();
}
