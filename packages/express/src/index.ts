/**
 * `@tsgi/express`: Express on TSGI, both ways. `fromExpress(app)` runs an Express app on any
 * TSGI server; `toExpress(tsgiApp)` mounts a TSGI app in Express. The `express` server
 * (`@tsgi/express/server`) hosts any TSGI app inside Express.
 *
 * @example
 * import express from "express";
 * import { fromExpress, toExpress } from "@tsgi/express";
 *
 * const tsgiApp = fromExpress(express().get("/", (req, res) => res.send("hi")));
 * const host = express().use("/tsgi", toExpress(tsgiApp));
 */
export { fromExpress, type FromExpressOptions } from "./from-express/index.ts";
export { toExpress, type ToExpressOptions, type ExpressMiddleware } from "./to-express/index.ts";
export { isExpressApp, NotAnExpressAppError, type ExpressAppLike } from "./detect.ts";
