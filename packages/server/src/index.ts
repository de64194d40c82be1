/**
 * `@tsgi/server`: one `serve(app, options)` over interchangeable servers, like gunicorn's
 * worker classes. `node` is the reference server; more register themselves by name.
 *
 * @example
 * import { serve } from "@tsgi/server";
 * const handle = await serve((environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode("Hello, World!\n")];
 * }, { server: "node", port: 8000, accessLog: true });
 * process.once("SIGTERM", () => void handle.close());
 */
export { serve, DEFAULT_HOST, DEFAULT_PORT, type ServeWithOptions } from "./serve.ts";
export {
  getServer,
  knownServers,
  registerServer,
  ServerExistsError,
  UnknownServerError,
} from "./registry.ts";
export { nodeServer } from "./node/index.ts";
export {
  accessLogSink,
  formatAccessLogLine,
  formatLogTime,
  type AccessLogEntry,
} from "./access-log.ts";
export type { ServeOptions, ServerAddress, ServerHandle, TsgiServer } from "./types.ts";
