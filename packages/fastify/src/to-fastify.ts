import type { App, Environ } from "@tsgi/core";
import { createRequestListener } from "@tsgi/server/node";
import type { RequestListenerOptions } from "@tsgi/server/node";
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";

/**
 * Options of {@link toFastify}: the per-request options of a TSGI server (limits, trusted
 * proxies, access log, error log, hooks, dev mode), except `name`, which is "fastify".
 */
export type ToFastifyOptions = Omit<RequestListenerOptions, "name">;

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
    const listener = createRequestListener(mountAt(instance.prefix, app), {
      ...options,
      name: "fastify",
    });
    instance.removeAllContentTypeParsers();
    // Accept every content type (and none) without reading a byte: the app streams it.
    instance.addContentTypeParser("*", (_request, _payload, parsed) => parsed(null));
    const handler = (request: FastifyRequest, reply: FastifyReply): void => {
      reply.hijack();
      listener(request.raw, reply.raw);
    };
    instance.all("/", handler);
    instance.all("/*", handler);
    done();
  };
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
