// @tsgi/express against the TSGI conformance suite, twice: the `express` server (a TSGI app
// inside Express through toExpress), and the round trip fromExpress(express().use(toExpress(app)))
// on the node server, where every request crosses both adapters.
import type { IncomingMessage, ServerResponse } from "node:http";
import express from "express";
import { runConformanceSuite, type ConformanceTestId } from "@tsgi/core/conformance";
import type { App } from "@tsgi/core";
import { nodeServer } from "@tsgi/server";
import { fromExpress, toExpress } from "./index.ts";
import { expressServer } from "./server.ts";

type SkipList = Partial<Record<ConformanceTestId, string>>;

async function startWith(
  listen: (app: App, errorLog: (text: string) => void) => ReturnType<typeof nodeServer.listen>,
  app: App,
) {
  let errorOutput = "";
  const handle = await listen(app, (text) => {
    errorOutput += text;
  });
  return {
    url: handle.address.url,
    close: () => handle.close({ timeout: 5_000 }),
    errorOutput: () => errorOutput,
  };
}

runConformanceSuite({
  name: "express",
  start: (app) =>
    startWith(
      (inner, errorLog) => expressServer.listen(inner, { host: "127.0.0.1", port: 0, errorLog }),
      app,
    ),
  skip: {} satisfies SkipList,
});

/** The round trip: a TSGI app mounted in Express, that Express app run as a TSGI app. */
function roundTrip(app: App, errorLog: (text: string) => void): App {
  const inner = express();
  inner.use(toExpress(app, { serverName: "node", errorLog }));
  // What the node server answers for an app error before headers; Express' finalhandler would
  // print the stack into the page outside production.
  inner.use(plainErrorHandler(errorLog));
  return fromExpress(inner);
}

runConformanceSuite({
  name: "node + fromExpress(toExpress)",
  start: (app) =>
    startWith(
      (inner, errorLog) =>
        nodeServer.listen(roundTrip(inner, errorLog), { host: "127.0.0.1", port: 0, errorLog }),
      app,
    ),
  skip: {} satisfies SkipList,
});

/**
 * The last error handler of the round trip: a plain 500 that does not leak the error (a 4xx
 * for a request the TSGI layer refused, such as a path that is not UTF-8), the stack in the
 * error log, the connection destroyed when headers were already sent.
 */
function plainErrorHandler(errorLog: (text: string) => void) {
  return (error: unknown, req: IncomingMessage, res: ServerResponse, _next: unknown): void => {
    const declared = (error as { status?: unknown } | null)?.status;
    const status =
      typeof declared === "number" && declared >= 400 && declared < 500 ? declared : 500;
    if (status === 500) {
      const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errorLog(`[ERROR] error handling ${req.method} ${req.url}\n${stack}\n`);
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const text =
      status === 500 ? "Internal Server Error\n" : `Bad Request: ${(error as Error).message}\n`;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = status;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.setHeader("Content-Length", Buffer.byteLength(text));
    res.end(text);
  };
}
