import type { IncomingMessage } from "node:http";
import type { App, Environ } from "@tsgi/core";
import { createRequestHandlers } from "@tsgi/server/node";
import type { RequestListenerOptions } from "@tsgi/server/node";
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";

/**
 * Options of {@link toFastify}: the per-request options of a TSGI server (limits, trusted
 * proxies, access log, error log, hooks, dev mode), except `name`, which is "fastify".
 */
export type ToFastifyOptions = Omit<RequestListenerOptions, "name">;

/** A Fastify route handler. */
export type FastifyHandler = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * Marks a request that arrived with `Expect: 100-continue` on a server that listens for node's
 * 'checkContinue' (the `fastify` server does): the 100 Continue is then sent when the TSGI app
 * first reads `tsgi.input`, not before the app ran.
 */
export const EXPECTS_CONTINUE = Symbol.for("tsgi.fastify.expects_continue");

/**
 * A Fastify plugin that serves a TSGI app under the prefix it is registered with: every
 * method, every path below the prefix. SCRIPT_NAME is the prefix and PATH_INFO the rest.
 *
 * Inside its own encapsulated scope the plugin replaces Fastify's body parsers with one that
 * leaves the request stream untouched, and answers through `reply.hijack()` on the raw
 * response: the TSGI app reads the upload as it arrives (`tsgi.input`), and its response is
 * written by the same pipeline as `@tsgi/server`'s node server (deferred headers, every
 * Set-Cookie, backpressure, Content-Length enforcement, the body closed exactly once,
 * `tsgi.signal` on client disconnect).
 *
 * @example
 * import Fastify from "fastify";
 * import { toFastify } from "@tsgi/fastify";
 * import { app } from "./legacy-app.ts";
 *
 * const fastify = Fastify();
 * await fastify.register(toFastify(app), { prefix: "/legacy" });
 * await fastify.listen({ port: 3000 });
 */
export function toFastify(app: App, options: ToFastifyOptions = {}): FastifyPluginCallback {
  return (instance: FastifyInstance, _pluginOptions, done) => {
    routeEverything(instance, tsgiHandler(mountAt(instance.prefix, app), options));
    done();
  };
}

/**
 * The route handler behind {@link toFastify}, for a host that wires Fastify itself (the
 * `fastify` server also hands it the requests Fastify's router refuses, such as a malformed
 * percent-escape, so the TSGI app decides as on every other server).
 *
 * @example
 * const handler = tsgiHandler(app, { maxBodySize: 1024 * 1024 });
 * fastify.all("/*", handler);
 */
export function tsgiHandler(app: App, options: ToFastifyOptions = {}): FastifyHandler {
  const handlers = createRequestHandlers(app, { ...options, name: "fastify" });
  return (request, reply) => {
    reply.hijack();
    const raw = request.raw as IncomingMessage & { [EXPECTS_CONTINUE]?: boolean };
    if (raw[EXPECTS_CONTINUE] === true) handlers.checkContinue(raw, reply.raw);
    else handlers.request(raw, reply.raw);
  };
}

/**
 * Routes every method and path of `instance`'s scope to `handler`, with Fastify's body parsers
 * replaced by one that accepts every content type (and none) without reading a byte: the TSGI
 * app streams the body itself.
 *
 * @example
 * await fastify.register((scope, _options, done) => {
 *   routeEverything(scope, tsgiHandler(app));
 *   done();
 * });
 */
export function routeEverything(instance: FastifyInstance, handler: FastifyHandler): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser("*", (_request, _payload, parsed) => parsed(null));
  instance.all("/", handler);
  instance.all("/*", handler);
}

/**
 * Moves the plugin's prefix from PATH_INFO to SCRIPT_NAME, as a WSGI server mounting an app
 * at a path does. Fastify's router already matched the prefix, so it is there.
 */
function mountAt(prefix: string, app: App): App {
  if (prefix === "" || prefix === "/") return app;
  const mount = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
  return (environ: Environ, startResponse) => {
    const path = environ.PATH_INFO;
    if (path === mount || path.startsWith(mount + "/")) {
      environ.SCRIPT_NAME += mount;
      environ.PATH_INFO = path.slice(mount.length);
    }
    return app(environ, startResponse);
  };
}
