import { Duplex } from "node:stream";

/**
 * The addresses a Fastify app reads off `req.socket` (`request.ip`, `request.protocol`,
 * trustProxy). They come from the environ, since there is no real connection.
 */
export interface SocketAddresses {
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  localAddress: string | undefined;
  localPort: number | undefined;
  /** Set for https, as on a `tls.TLSSocket`: Fastify's `request.protocol` looks at it. */
  encrypted: boolean;
}

/**
 * One end of an in-memory connection. Bytes written to one end become readable on the other;
 * a write's callback is held until the other end has read it, so `ServerResponse.write()`
 * returns false and emits 'drain' exactly as over TCP (backpressure end to end).
 */
export class SocketEnd extends Duplex {
  peer: SocketEnd | undefined;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  localAddress: string | undefined;
  localPort: number | undefined;
  encrypted: boolean | undefined;
  /** Bytes written to this end are dropped (the request the client half writes). */
  discardWrites = false;
  #heldCallback: (() => void) | undefined;

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    const peer = this.peer;
    if (this.discardWrites || peer === undefined || peer.destroyed) {
      callback();
      return;
    }
    if (peer.push(chunk)) callback();
    else this.#heldCallback = callback;
  }

  override _read(): void {
    const peer = this.peer;
    if (peer === undefined) return;
    const held = peer.#heldCallback;
    if (held !== undefined) {
      peer.#heldCallback = undefined;
      held();
    }
  }

  override _final(callback: () => void): void {
    if (this.peer !== undefined && !this.peer.destroyed) this.peer.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    // As over TCP, bytes already sent still reach the peer, which then sees the end of the
    // stream: a response cut short reads as incomplete, not as lost before its headers.
    const peer = this.peer;
    this.peer = undefined;
    if (peer !== undefined && !peer.destroyed) {
      peer.peer = undefined;
      peer.push(null);
    }
    callback(error);
  }

  // node:http calls these on sockets; an in-memory connection has nothing to tune.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/**
 * A connected pair: `server` is what the `IncomingMessage`/`ServerResponse` given to Fastify
 * sit on; `client` is read by node's own HTTP client parser, which turns the bytes node's
 * `ServerResponse` serialised back into status, raw headers and a body stream.
 *
 * This is the only place that leans on node:http internals: a `ServerResponse` is attached
 * with `assignSocket()` (undocumented, stable since Node 0.x) and `'drain'` is forwarded from
 * the socket by hand, because node's HTTP server (not the response) normally does that.
 */
export function createSocketPair(addresses: SocketAddresses): {
  server: SocketEnd;
  client: SocketEnd;
} {
  const server = new SocketEnd();
  const client = new SocketEnd();
  server.peer = client;
  client.peer = server;
  client.discardWrites = true;
  server.remoteAddress = addresses.remoteAddress;
  server.remotePort = addresses.remotePort;
  server.localAddress = addresses.localAddress;
  server.localPort = addresses.localPort;
  if (addresses.encrypted) server.encrypted = true;
  return { server, client };
}
