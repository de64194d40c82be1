// @tsgi/express against the TSGI conformance suite, twice: the `express` server (a TSGI app
// inside Express through toExpress), and the round trip fromExpress(express().use(toExpress(app)))
// on the node server, where every request crosses both adapters.
import express from "express";
import { runConformanceSuite, type ConformanceTestId } from "@tsgi/core/conformance";
import type { App } from "@tsgi/core";
import { nodeServer } from "@tsgi/server";
import { fromExpress, toExpress } from "./index.ts";
import { tsgiErrorHandler } from "./host/error-handler.ts";
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
  // The express server's handler: Express' finalhandler would print the stack in the page.
  inner.use(tsgiErrorHandler(errorLog));
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
