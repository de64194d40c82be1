import { BadRequestError, buildEnviron, fileWrapper } from "@tsgi/core";
import type { Environ } from "@tsgi/core";
import type { ServerContext } from "./context.ts";
import type { Exchange } from "./exchange.ts";
import { protocolOf } from "./exchange-helpers.ts";

const EXCHANGE = Symbol("tsgi.node.exchange");

type NodeEnviron = Environ & { [EXCHANGE]?: Exchange };

// One shared descriptor for every request: the getter finds its exchange through `this`, so
// defining `tsgi.signal` costs no closure, and the AbortController exists only if the app
// reads the key. A middleware may still assign its own signal: the setter turns the key into
// a plain data property.
const SIGNAL_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: NodeEnviron): AbortSignal | undefined {
    return this[EXCHANGE]?.signal;
  },
  set(this: NodeEnviron, value: unknown): void {
    Object.defineProperty(this, "tsgi.signal", {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  },
};

/**
 * Builds the environ of one node:http request with core's `buildEnviron`, so every server
 * agrees on PATH_INFO, QUERY_STRING, `HTTP_*` keys and Host. `rawHeaders` (name, value,
 * name, …) is paired lazily rather than copied into an array of pairs first.
 *
 * @throws BadRequestError (from core) when the path is not UTF-8 once percent-decoded, or
 * for a second Host or Content-Type header.
 */
export function buildNodeEnviron(
  context: ServerContext,
  exchange: Exchange,
  serverName: string | undefined = context.serverName,
): Environ {
  const req = exchange.req;
  const socket = exchange.socket;
  const raw = req.rawHeaders;
  checkSingletons(raw);
  const local = socket.localAddress;
  const wire = exchange.wire; // HTTP/2 (wire.ts): its own protocol name and Host
  const environ: NodeEnviron = buildEnviron({
    method: req.method ?? "GET",
    target: req.url ?? "/",
    headers: wire?.headerPairs() ?? pairs(raw),
    protocol: wire?.protocol ?? protocolOf(req),
    // A TLS connection (node:https, or the http2 server with a certificate) is https.
    scheme: (socket as { encrypted?: boolean }).encrypted === true ? "https" : "http",
    serverName: serverName ?? localServerName(local),
    // A unix socket has no port; URL reconstruction then omits the default one.
    serverPort: context.serverPort ?? (local === undefined ? "80" : (socket.localPort ?? "80")),
    remoteAddr: socket.remoteAddress,
    remotePort: socket.remotePort,
    input: exchange.input,
    errors: context.errors,
    multiprocess: context.multiprocess,
    server: context.name,
  });
  environ["tsgi.file_wrapper"] = fileWrapper;
  environ[EXCHANGE] = exchange;
  Object.defineProperty(environ, "tsgi.signal", SIGNAL_PROPERTY);
  return environ;
}

/**
 * SERVER_NAME from the connection's local address: an IPv6 literal in brackets, as RFC 3875
 * and the TSGI spec write it ("[::1]"), an IPv4-mapped one as its IPv4; "localhost" on a unix
 * socket, which has no address
 * (the Host header, when sent, is what URL reconstruction uses first anyway).
 */
export function localServerName(local: string | undefined): string {
  if (local === undefined || local === "") return "localhost";
  if (!local.includes(":")) return local;
  // A dual-stack socket reports an IPv4 connection as ::ffff:a.b.c.d: name it by its IPv4.
  if (local.startsWith("::ffff:") && local.includes(".")) return local.slice(7);
  return `[${local}]`;
}

function* pairs(raw: string[]): Generator<readonly [string, string]> {
  for (let i = 0; i + 1 < raw.length; i += 2) yield [raw[i]!, raw[i + 1]!];
}

// RFC 9112 §3.2: a second Host is a 400; core keeps the first Content-Type and leaves
// refusing a second one to the server. Length checks first spare lower-casing other names.
function checkSingletons(raw: string[]): void {
  let host = 0;
  let contentType = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && name.toLowerCase() === "host") host++;
    else if (name.length === 12 && name.toLowerCase() === "content-type") contentType++;
  }
  if (host > 1) throw new BadRequestError("more than one Host header");
  if (contentType > 1) throw new BadRequestError("more than one Content-Type header");
}
