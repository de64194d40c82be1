import { Duplex } from "node:stream";

/**
 * What Fastify and its plugins read off `req.socket` / `res.socket`: the addresses
 * (`request.ip`, `request.protocol`, trustProxy), `encrypted` for https (as on a
 * `tls.TLSSocket`), and the 'close' event. No bytes flow through it: the request body is
 * pulled from `tsgi.input` by the request itself and the response is captured at
 * `writeHead`/`write`/`end`. Destroying it is how a disconnect (or `res.destroy()`) is
 * signalled, as closing a TCP connection is.
 */
export class StandInSocket extends Duplex {
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  localAddress: string | undefined;
  localPort: number | undefined;
  encrypted: boolean | undefined;

  override _read(): void {}

  override _write(_chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    callback();
  }

  // node:http calls these on sockets; a stand-in connection has nothing to tune.
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
