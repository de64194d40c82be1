import type { Socket } from "node:net";

/**
 * The client connection preface of HTTP/2 (RFC 9113 §3.4). A client that knows the server
 * speaks HTTP/2 without TLS ("prior knowledge", h2c) starts with exactly these 24 bytes; no
 * HTTP/1.x request can, since "PRI" is no method and "HTTP/2.0" no HTTP/1.x version.
 *
 * @example
 * socket.write(HTTP2_PREFACE); // what `curl --http2-prior-knowledge` sends first
 */
export const HTTP2_PREFACE: Buffer = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/** What a cleartext connection speaks, or "gone" when it ended (or timed out) undecided. */
export type Sniffed = "h2" | "http1" | "gone";

/**
 * Reads the first bytes of a cleartext connection until they either are the HTTP/2 preface
 * or cannot become it (one differing byte is enough: an HTTP/1.x request line starts with a
 * method). The bytes read are put back (`unshift`), so whoever takes the socket next reads
 * the connection from its start. A client that sends nothing decisive within `timeoutMs`
 * counts as "gone" (the caller destroys the socket), as would a slow request head.
 *
 * The socket is handed on in the same tick as the last read: node's HTTP parsers start
 * consuming the socket's handle natively but deliver what was put back first, before any
 * later I/O callback can run.
 */
export function sniffProtocol(socket: Socket, timeoutMs: number): Promise<Sniffed> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (result: Sniffed): void => {
      socket.off("readable", onReadable);
      socket.off("end", onGone);
      socket.off("close", onGone);
      socket.off("error", onGone);
      clearTimeout(timer);
      if (length > 0) socket.unshift(Buffer.concat(chunks, length));
      resolve(result);
    };
    const onGone = (): void => finish("gone");
    const onReadable = (): void => {
      for (let chunk: Buffer | null; (chunk = socket.read() as Buffer | null) !== null;) {
        chunks.push(chunk);
        length += chunk.length;
        const verdict = judge(Buffer.concat(chunks, length));
        if (verdict !== undefined) {
          finish(verdict);
          return;
        }
      }
    };
    socket.on("readable", onReadable);
    socket.once("end", onGone);
    socket.once("close", onGone);
    socket.once("error", onGone);
    if (timeoutMs > 0 && timeoutMs !== Infinity) {
      timer = setTimeout(onGone, timeoutMs);
      timer.unref();
    }
  });
}

// undefined: the bytes so far are a prefix of the preface, more are needed to tell.
function judge(received: Buffer): Sniffed | undefined {
  const compared = Math.min(received.length, HTTP2_PREFACE.length);
  if (!received.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared))) return "http1";
  return compared === HTTP2_PREFACE.length ? "h2" : undefined;
}
