import express from "express";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerHandle, TsgiServer } from "@tsgi/server";
import { listenOnNodeHttp } from "@tsgi/server/node";
import type { NodeRequestListener } from "@tsgi/server/node";

/**
 * The `express` server (`TSGI_SERVER=express`): hosts any TSGI app inside an Express 5
 * application on node:http. Every request goes through Express (its request and response
 * prototypes, its query parser) and then through the same TSGI pipeline as the `node` server,
 * so every server option means the same here: bind addresses and unix sockets, the request
 * limits (414/431/413), timeouts, trusted proxies (`forwardedAllowIps`), the concurrency limit
 * (503), `Expect: 100-continue` sent when the app first reads, the access log (gunicorn
 * format), the dev traceback page, the hooks and graceful shutdown.
 *
 * To mount a TSGI app at a path of your own Express app, use `toExpress` instead.
 *
 * @example
 * import { expressServer } from "@tsgi/express/server";
 * const handle = await expressServer.listen(
 *   (environ, startResponse) => {
 *     startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *     return [new TextEncoder().encode(`Hello from ${environ["tsgi.server"]}\n`)];
 *   },
 *   { port: 8000, accessLog: true },
 * );
 * process.once("SIGTERM", () => void handle.close());
 */
export const expressServer: TsgiServer = {
  name: "express",
  listen: (app: App, options: ServeOptions = {}): Promise<ServerHandle> =>
    listenOnNodeHttp(app, options, { name: "express", wrapListener: throughExpress }),
};

/** An Express app whose only middleware hands the request to the TSGI pipeline. */
function throughExpress(listener: NodeRequestListener): NodeRequestListener {
  const host = express();
  host.disable("x-powered-by");
  host.disable("etag");
  host.use((req, res) => listener(req, res));
  return host;
}
