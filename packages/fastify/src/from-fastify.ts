import type { App } from "@tsgi/core";
import { fromNodeHandler, fullRequestTarget, pathInfoTarget } from "@tsgi/server/bridge";
import type { NodeHandler } from "@tsgi/server/bridge";
import { isFastifyInstance, NotAFastifyInstanceError } from "./detect.ts";
import type { FastifyLike } from "./detect.ts";

/** How the Fastify app sees the request path; see {@link FromFastifyOptions.path}. */
export type PathMode = "full" | "strip-script-name";

/** Options of {@link fromFastify}. */
export interface FromFastifyOptions {
  /**
   * What URL the Fastify app sees when the TSGI app is mounted under a SCRIPT_NAME:
   * `"full"` (default) the whole request URL, prefix included, as the client sent it;
   * `"strip-script-name"` only PATH_INFO (and the query). Fastify has no notion of a mount
   * point (no `req.baseUrl`), so "full" keeps redirects, `@fastify/static` and logs correct
   * for an app whose routes already carry their prefix (`register(..., { prefix })`).
   */
  path?: PathMode;
}

/**
 * Runs a Fastify 4 or 5 instance as a TSGI app, on any TSGI server and behind TSGI middleware.
 * Each request goes to `instance.routing(req, res)` with a real `IncomingMessage` and
 * `ServerResponse` (through `fromNodeHandler` of `@tsgi/server/bridge`), so hooks, plugins,
 * error handlers and 404s behave as natively. `instance.ready()` is awaited once, on the first
 * request; never call `listen()` on it.
 *
 * @throws NotAFastifyInstanceError (code `TSGI_E_NOT_FASTIFY`) for anything else.
 *
 * @example
 * import Fastify from "fastify";
 * import { fromFastify } from "@tsgi/fastify";
 * import { nodeServer } from "@tsgi/server";
 *
 * const fastify = Fastify();
 * fastify.get("/hello", async () => ({ hello: "world" }));
 * await nodeServer.listen(fromFastify(fastify), { port: 8000 });
 */
export function fromFastify(instance: FastifyLike, options: FromFastifyOptions = {}): App {
  if (!isFastifyInstance(instance)) throw new NotAFastifyInstanceError(instance);
  const routing: NodeHandler = (req, res) => instance.routing(req, res);
  const app = fromNodeHandler(routing, {
    target: options.path === "strip-script-name" ? pathInfoTarget : fullRequestTarget,
  });
  let ready: Promise<unknown> | undefined;
  let isReady = false;
  return async (environ, startResponse) => {
    if (!isReady) {
      await (ready ??= Promise.resolve(instance.ready()));
      isReady = true;
    }
    return app(environ, startResponse);
  };
}
