import { createServer } from "node:http";
import type { Server } from "node:http";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerAddress, ServerHandle, TsgiServer } from "../types.ts";
import {
  addressOf,
  clearStaleSocket,
  listenOn,
  parseBind,
  removeSocketFile,
} from "../node/bind.ts";
import type { BindAddress } from "../node/bind.ts";
import { createServerContext } from "../node/context.ts";
import type { ServerContext } from "../node/context.ts";
import { createHandlers } from "../node/handlers.ts";
import { runServerHook } from "../node/hooks.ts";
import { NODE_SERVER_DEFAULTS, nodeHttpSettings, requestLimits } from "../node/limits.ts";
import type { NodeHttpSettings } from "../node/limits.ts";
import { attachHandlers, shutdownServers } from "../node/shutdown.ts";
import { createFront } from "./front.ts";
import type { Front } from "./front.ts";
import { createHttp2Host } from "./sessions.ts";
import type { Http2Host, Http2HostSettings } from "./sessions.ts";
import { loadTlsFiles } from "./tls.ts";
import type { TlsFiles } from "./tls.ts";

/**
 * Streams one HTTP/2 connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS).
 * node's default is unlimited; 100 is what RFC 9113 §6.5.2 recommends as the least a
 * server should allow, and what Apache httpd uses (nginx: 128).
 *
 * @example
 * await http2Server.listen(app); // clients may open HTTP2_MAX_CONCURRENT_STREAMS streams per connection
 */
export const HTTP2_MAX_CONCURRENT_STREAMS = 100;

// What one bound address is made of: the front owns the port and hands each connection to
// node:http (HTTP/1.x, the node server's own pipeline) or to the HTTP/2 host.
interface Endpoint {
  front: Front;
  http1: Server;
  h2: Http2Host;
}

/**
 * The HTTP/2 server: h2 over TLS when `certfile` and `keyfile` are given (ALPN, with an
 * HTTP/1.1 fallback on the same port, as browsers need), otherwise h2c with prior knowledge
 * and HTTP/1.1 on the same port, told apart by the connection's first bytes. Requests of
 * both protocols run through the node server's request pipeline, so the app sees the same
 * environ either way, except SERVER_PROTOCOL ("HTTP/2") and `tsgi.url_scheme` ("https" over
 * TLS); `tsgi.server` is "http2". Every node server option applies (limits, proxies, hooks,
 * access log, `bind`); an idle HTTP/2 connection is closed after `keepAliveTimeout`, and
 * close() sends GOAWAY, lets open streams finish, then closes.
 *
 * @example
 * import { http2Server } from "@tsgi/server";
 * const handle = await http2Server.listen(
 *   (environ, startResponse) => {
 *     startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *     return [new TextEncoder().encode(`Hello over ${environ.SERVER_PROTOCOL}\n`)];
 *   },
 *   { port: 8443, certfile: "cert.pem", keyfile: "key.pem" },
 * );
 * console.log(handle.address.url); // "https://127.0.0.1:8443"
 * await handle.close({ timeout: 5_000 });
 */
export const http2Server: TsgiServer = {
  name: "http2",
  listen: listenHttp2,
};

async function listenHttp2(app: App, options: ServeOptions = {}): Promise<ServerHandle> {
  const port = options.port ?? 8000;
  const binds: BindAddress[] =
    options.bind !== undefined && options.bind.length > 0
      ? options.bind.map((entry) => parseBind(entry, port))
      : [{ kind: "tcp", host: options.host ?? "127.0.0.1", port }];
  // Settings and files are checked before any hook runs or any socket is bound.
  const context = createServerContext(app, { ...options, name: "http2" });
  const settings = nodeHttpSettings(options);
  const tls = await loadTlsFiles(options);
  await options.hooks?.onStarting?.({ server: "http2", options });

  const endpoints: Endpoint[] = [];
  const addresses: ServerAddress[] = [];
  const unixPaths: string[] = [];
  try {
    for (const bind of binds) {
      const endpoint = createEndpoint(context, options, settings, tls, serverNameFor(bind));
      if (bind.kind === "unix") await clearStaleSocket(bind.path);
      await listenOn(endpoint.front.server, bind);
      // node:http starts tracking connections (idle sweep on close, headers and request
      // timeouts) when it starts listening; this one never listens itself, so it is told.
      endpoint.http1.emit("listening");
      endpoints.push(endpoint);
      if (bind.kind === "unix") unixPaths.push(bind.path);
      addresses.push(secured(addressOf(endpoint.front.server, bind), tls !== undefined));
    }
  } catch (error) {
    await closeEndpoints(context, endpoints, 0);
    await Promise.all(unixPaths.map(removeSocketFile));
    throw error;
  }

  const defaultTimeout = options.gracefulTimeout ?? NODE_SERVER_DEFAULTS.gracefulTimeout;
  let closed: Promise<void> | undefined;
  const handle: ServerHandle = {
    name: "http2",
    address: addresses[0]!,
    addresses,
    close: (closeOptions = {}) =>
      (closed ??= closeEndpoints(context, endpoints, closeOptions.timeout ?? defaultTimeout).then(
        () => Promise.all(unixPaths.map(removeSocketFile)).then(() => undefined),
      )),
  };
  if (options.hooks?.whenReady !== undefined) {
    const hooks = options.hooks;
    await runServerHook(context, "whenReady", () => hooks.whenReady!(handle));
  }
  return handle;
}

function createEndpoint(
  context: ServerContext,
  options: ServeOptions,
  settings: NodeHttpSettings,
  tls: TlsFiles | undefined,
  serverName: string | undefined,
): Endpoint {
  const handlers = createHandlers(context, {}, serverName);
  // The HTTP/1.x side is the node server's, byte for byte (insecureHTTPParser stays off).
  const http1 = createServer({ requireHostHeader: false });
  attachHandlers(http1, handlers, options);
  const h2 = createHttp2Host(handlers, http2Settings(options, settings));
  const front = createFront({ h2, http1 }, tls, settings.headersTimeout);
  return { front, http1, h2 };
}

// node's HTTP/2 layer resets a stream whose headers pass its own limits before any handler
// sees it; set them above the pipeline's limits, which answer 414/431 with a reason, as on
// HTTP/1.1. HPACK counts 32 bytes more per field (RFC 9113 §6.5.2).
function http2Settings(options: ServeOptions, settings: NodeHttpSettings): Http2HostSettings {
  const { headerCount } = requestLimits(options);
  const pairs = headerCount === Infinity ? 2_000 : headerCount + 1 + 4; // + the pseudo-headers
  return {
    idleTimeout: settings.keepAliveTimeout,
    maxHeaderListSize: settings.maxHeaderSize + 32 * pairs,
    maxHeaderListPairs: pairs,
    maxConcurrentStreams: HTTP2_MAX_CONCURRENT_STREAMS,
  };
}

// Graceful: no new connections; HTTP/1.1 as on the node server (in-flight requests finish,
// idle connections close); every HTTP/2 session gets GOAWAY and closes once its streams are
// done. After `timeout` ms, whatever is left is destroyed.
async function closeEndpoints(
  context: ServerContext,
  endpoints: readonly Endpoint[],
  timeout: number,
): Promise<void> {
  const force = setTimeout(() => {
    for (const endpoint of endpoints) {
      endpoint.h2.destroy();
      endpoint.front.destroyAll();
    }
  }, timeout);
  force.unref();
  await Promise.all([
    ...endpoints.map((endpoint) => endpoint.front.close()),
    ...endpoints.map((endpoint) => endpoint.h2.close()),
    shutdownServers(
      context,
      endpoints.map((endpoint) => endpoint.http1),
      timeout,
    ),
  ]);
  clearTimeout(force);
}

function secured(address: ServerAddress, tls: boolean): ServerAddress {
  if (!tls || !address.url.startsWith("http://")) return address;
  return { ...address, url: `https://${address.url.slice("http://".length)}` };
}

// Bound to one named address: that is the server's name; a wildcard or a unix socket leaves
// it to each connection (its local address, or "localhost"), as on the node server.
function serverNameFor(bind: BindAddress): string | undefined {
  if (bind.kind === "unix") return undefined;
  const host = bind.host;
  if (host === undefined || host === "" || host === "0.0.0.0" || host === "::") return undefined;
  return host.includes(":") ? `[${host}]` : host;
}
