import type { App } from "@tsgi/core";
import { fromNodeHandler, type NodeHandler } from "@tsgi/server/bridge";
import { isExpressApp, NotAnExpressAppError } from "../detect.ts";
import type { ExpressAppLike } from "../detect.ts";
import { expressTarget } from "./_target.ts";

/** Options of {@link fromExpress}. */
export interface FromExpressOptions {
  /**
   * Bytes of response body queued before `res.write()` returns false (default 16 KiB, a
   * socket's). The TSGI server pulls the body as the client reads, so a slow client holds
   * piped streams back exactly as over node:http.
   */
  highWaterMark?: number;
}

/**
 * Runs an Express application (4 or 5) as a TSGI app, on any TSGI server and behind TSGI
 * middleware. Express gets a real `http.IncomingMessage` and `http.ServerResponse` built
 * from the environ (through `fromNodeHandler` of `@tsgi/server/bridge`): the raw request
 * target, a streamed body, `req.ip` from the peer address, SCRIPT_NAME as its mount
 * (`req.baseUrl`). What it writes becomes the TSGI response with every header in order (each
 * Set-Cookie separate) and a body that streams with backpressure. A client that goes away
 * reaches Express as 'aborted'/'close' on `req` and 'close' on `res`.
 *
 * @throws NotAnExpressAppError (code `TSGI_E_NOT_EXPRESS_APP`) for anything that is not an
 * Express application.
 *
 * @example
 * import express from "express";
 * import { serve } from "@tsgi/server";
 * import { fromExpress } from "@tsgi/express";
 *
 * const app = express();
 * app.get("/", (req, res) => res.send(`Hello from ${req.baseUrl || "/"}`));
 * await serve(fromExpress(app), { port: 8000 });
 */
export function fromExpress(app: ExpressAppLike, options: FromExpressOptions = {}): App {
  if (!isExpressApp(app)) throw new NotAnExpressAppError(app);
  return fromNodeHandler(app as unknown as NodeHandler, {
    target: expressTarget,
    ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
  });
}
