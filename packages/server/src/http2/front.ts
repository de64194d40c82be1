import type { Server as HttpServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import type { Server as NetServer, Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import type { TLSSocket } from "node:tls";
import type { Http2Host } from "./sessions.ts";
import { sniffProtocol } from "./sniff.ts";
import type { TlsFiles } from "./tls.ts";

/** The server that owns an endpoint's port and hands each connection to HTTP/2 or HTTP/1.1. */
export interface Front {
  readonly server: NetServer;
  /** Stops accepting; connections not yet handed on are destroyed. Settles when all closed. */
  close(): Promise<void>;
  /** Destroys every connection this front accepted, whoever took it. */
  destroyAll(): void;
}

/**
 * Creates the front server of one endpoint.
 *
 * - With TLS, ALPN decides: "h2" goes to the HTTP/2 host; "http/1.1", or a client that
 *   offers no ALPN, to the node:http server (the HTTP/1.1 fallback, one port for both).
 * - Without TLS, the first bytes decide (sniff.ts): the HTTP/2 preface is h2c with prior
 *   knowledge; anything else is HTTP/1.x. An HTTP/1.1 `Upgrade: h2c` request is answered as
 *   HTTP/1.1: node's HTTP/2 server cannot take over an upgraded connection, and RFC 9113
 *   §3.1 lets a server ignore the upgrade (clients such as curl then carry on in HTTP/1.1).
 *
 * `sniffTimeout` bounds how long a cleartext client may take to send its first bytes.
 */
export function createFront(
  targets: { h2: Http2Host; http1: HttpServer },
  tls: TlsFiles | undefined,
  sniffTimeout: number,
): Front {
  const sockets = new Set<Socket>();
  const undecided = new Set<Socket>();
  let closing = false;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const handOn = (socket: Socket, protocol: "h2" | "http1"): void => {
    if (protocol === "h2") targets.h2.accept(socket);
    else targets.http1.emit("connection", socket);
  };

  let server: NetServer;
  if (tls !== undefined) {
    server = createTlsServer({ cert: tls.cert, key: tls.key, ALPNProtocols: ["h2", "http/1.1"] });
    server.on("connection", track);
    server.on("secureConnection", (socket: TLSSocket) => {
      if (closing) socket.destroy();
      else handOn(socket, socket.alpnProtocol === "h2" ? "h2" : "http1");
    });
  } else {
    server = createNetServer((socket) => {
      track(socket);
      undecided.add(socket);
      void sniffProtocol(socket, sniffTimeout).then((protocol) => {
        undecided.delete(socket);
        if (protocol === "gone" || closing) socket.destroy();
        else handOn(socket, protocol);
      });
    });
  }

  return {
    server,
    close() {
      closing = true;
      return new Promise<void>((resolve) => {
        // Calls back once every connection it accepted is closed (or at once if none).
        server.close(() => resolve());
        // They sent nothing yet, so they have no request in flight.
        for (const socket of undecided) socket.destroy();
      });
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
