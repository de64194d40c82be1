import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerAddress, ServerHandle, TsgiServer } from "@tsgi/server";
import Fastify from "fastify";
import { EXPECTS_CONTINUE, routeEverything, tsgiHandler } from "./to-fastify.ts";

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 8000;
const DEFAULT_CLOSE_TIMEOUT_MS = 30_000;
// Above the usual 60 s idle timeout of load balancers (STYLE.md), as the node server does.
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 75_000;

/**
 * The `fastify` server (`TSGI_SERVER=fastify`): hosts any TSGI app inside a Fastify 5 server,
 * mounted at the root with the handler behind `toFastify`. host, port, keep-alive and request timeouts,
 * the per-request limits, trusted proxies, access log (gunicorn format), error log, dev mode
 * and the onStarting/whenReady/preRequest/postRequest hooks are honoured; `bind` may name one
 * TCP address. Fastify's own logger stays off: the access log is the TSGI one.
 *
 * @example
 * import { fastifyServer } from "@tsgi/fastify/server";
 * const handle = await fastifyServer.listen(app, { host: "127.0.0.1", port: 8000, accessLog: true });
 * console.log(handle.address.url);
 * await handle.close();
 */
export const fastifyServer: TsgiServer = {
  name: "fastify",
  async listen(app: App, options: ServeOptions = {}): Promise<ServerHandle> {
    const { host, port } = listenAddress(options);
    await options.hooks?.onStarting?.({ server: "fastify", options });
    const handler = tsgiHandler(app, requestOptions(options));
    const fastify = Fastify({
      keepAliveTimeout: options.keepAliveTimeout ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
      requestTimeout: options.requestTimeout ?? 0,
      // Paths reach the TSGI app as sent; Fastify must not answer 414 or rewrite them.
      routerOptions: { maxParamLength: Number.MAX_SAFE_INTEGER },
      // A target Fastify's router cannot route (a malformed escape such as %zz) is still the
      // app's to answer, as on every other TSGI server: the app, not Fastify, decides.
      frameworkErrors: (_error, request, reply) => handler(request, reply),
    });
    await fastify.register((scope, _options, done) => {
      routeEverything(scope, handler);
      done();
    });
    // node answers `Expect: 100-continue` itself unless someone listens: here the request goes
    // through Fastify as any other, marked, and the 100 is sent when the app first reads.
    fastify.server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
      (req as IncomingMessage & { [EXPECTS_CONTINUE]?: boolean })[EXPECTS_CONTINUE] = true;
      fastify.server.emit("request", req, res);
    });
    await fastify.listen({ host, port });
    if (options.headersTimeout !== undefined)
      fastify.server.headersTimeout = options.headersTimeout;
    const bound = fastify.server.address();
    const boundPort = typeof bound === "object" && bound !== null ? bound.port : port;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    const address: ServerAddress = { host, port: boundPort, url: `http://${urlHost}:${boundPort}` };
    const handle: ServerHandle = {
      name: "fastify",
      address,
      addresses: [address],
      close: (closeOptions) =>
        closeGracefully(fastify, closeOptions?.timeout ?? defaultTimeout(options)),
    };
    await options.hooks?.whenReady?.(handle);
    return handle;
  },
};

function requestOptions(options: ServeOptions) {
  const { accessLog, accessLogFormat, errorLog, maxRequestLineSize, maxHeaderFieldSize } = options;
  const { maxHeaderCount, maxBodySize, maxConcurrentRequests, forwardedAllowIps, dev, hooks } =
    options;
  return {
    accessLog,
    accessLogFormat,
    errorLog,
    maxRequestLineSize,
    maxHeaderFieldSize,
    maxHeaderCount,
    maxBodySize,
    maxConcurrentRequests,
    forwardedAllowIps,
    dev,
    hooks,
  };
}

function listenAddress(options: ServeOptions): { host: string; port: number } {
  const bind = options.bind;
  if (bind === undefined || bind.length === 0) {
    return { host: options.host ?? DEFAULT_HOST, port: options.port ?? DEFAULT_PORT };
  }
  const only = bind[0] as string;
  const match = bind.length === 1 ? /^\[?([^\]]*)\]?:(\d+)$/.exec(only) : null;
  if (match === null || only.startsWith("unix:")) {
    throw new Error(
      `the fastify server binds one TCP address; got bind ${JSON.stringify(bind)} (use the node server for several or for unix sockets)`,
    );
  }
  return { host: match[1] === "" ? "0.0.0.0" : (match[1] as string), port: Number(match[2]) };
}

function defaultTimeout(options: ServeOptions): number {
  return options.gracefulTimeout ?? DEFAULT_CLOSE_TIMEOUT_MS;
}

/**
 * `fastify.close()` stops accepting, closes idle keep-alive connections (Fastify 5's
 * `forceCloseConnections: "idle"`) and waits for in-flight requests; after `timeout` ms the
 * remaining connections are cut so shutdown cannot hang on a long poll.
 */
async function closeGracefully(
  fastify: ReturnType<typeof Fastify>,
  timeout: number,
): Promise<void> {
  const timer = setTimeout(() => fastify.server.closeAllConnections(), timeout);
  timer.unref();
  try {
    await fastify.close();
  } finally {
    clearTimeout(timer);
  }
}
