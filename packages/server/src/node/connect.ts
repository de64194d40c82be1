import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const MESSAGE = "CONNECT is not supported: TSGI servers host applications, not tunnels\n";

/**
 * node:http 'connect' listener. node hands CONNECT requests to this event instead of the
 * request handler, and with no listener it drops the connection without a word. TSGI apps
 * cannot run a tunnel (there is no way to hand them the raw socket), so the server answers
 * 501 Not Implemented (RFC 9110 §15.6.2) with a reason, and closes.
 */
export function refuseConnect(_request: IncomingMessage, stream: Duplex): void {
  if (!stream.writable) {
    stream.destroy();
    return;
  }
  stream.end(
    "HTTP/1.1 501 Not Implemented\r\n" +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(MESSAGE)}\r\n` +
      "Connection: close\r\n\r\n" +
      MESSAGE,
  );
}
