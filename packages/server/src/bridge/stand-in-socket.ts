import { Duplex } from "node:stream";
import type { Environ } from "@tsgi/core";

/**
 * The connection a bridged `(req, res)` pair hangs off. Frameworks read it (`req.ip`,
 * `request.protocol`, proxy-addr, `req.secure`) and listen to its 'close' (on-finished, which
 * `send`, `finalhandler` and body parsers use to stop work when the client goes away). No
 * bytes flow through it: the request body is pulled from `tsgi.input` by the request and the
 * response is captured at `writeHead`/`write`/`end`. Destroying it is how a disconnect (or an
 * app's `res.destroy()`) is signalled, as closing a TCP connection is.
 *
 * A Duplex rather than an unconnected `net.Socket`, whose address getters read a private handle
 * and cannot be set.
 *
 * @example
 * const socket = new StandInSocket(environ);
 * socket.remoteAddress; // the peer the TSGI server saw, e.g. "127.0.0.1"
 */
export class StandInSocket extends Duplex {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: string | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  /** Only present for https, as on a real `tls.TLSSocket`: frameworks test it for truthiness. */
  readonly encrypted?: true;

  constructor(environ: Environ) {
    super({ allowHalfOpen: true });
    // The peer the TSGI server saw, before its own proxy resolution: Express' `trust proxy`
    // and Fastify's `trustProxy` resolve X-Forwarded-For themselves, exactly as natively.
    const peer = environ["tsgi.peer_addr"];
    const address = typeof peer === "string" ? peer : environ.REMOTE_ADDR;
    this.remoteAddress = address;
    this.remoteFamily = address === undefined ? undefined : address.includes(":") ? "IPv6" : "IPv4";
    this.remotePort = toPort(environ.REMOTE_PORT);
    const serverName = environ.SERVER_NAME;
    // SERVER_NAME writes an IPv6 address in brackets; a socket's address has none.
    this.localAddress = serverName.startsWith("[") ? serverName.slice(1, -1) : serverName;
    this.localPort = toPort(environ.SERVER_PORT);
    if (environ["tsgi.url_scheme"] === "https") this.encrypted = true;
  }

  override _read(): void {}

  override _write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    callback();
  }

  address(): { address: string; family: string; port: number } | Record<string, never> {
    if (this.localAddress === undefined) return {};
    const family = this.localAddress.includes(":") ? "IPv6" : "IPv4";
    return { address: this.localAddress, family, port: this.localPort ?? 0 };
  }

  setTimeout(_ms: number, callback?: () => void): this {
    // The TSGI server owns timeouts; a callback is kept so code that registers one works.
    if (callback !== undefined) this.once("timeout", callback);
    return this;
  }

  // node:http calls these on sockets; a stand-in connection has nothing to tune.
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

function toPort(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const port = Number(value);
  return Number.isInteger(port) ? port : undefined;
}
