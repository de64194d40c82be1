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
export { nodeServer, NODE_SERVER_DEFAULTS } from "./node/index.ts";
export { http2Server, HTTP2_MAX_CONCURRENT_STREAMS, TlsOptionsError } from "./http2/index.ts";
export {
  clusterServer,
  isClusterHandle,
  ClusterError,
  type ClusterHandle,
} from "./cluster/index.ts";
export {
  accessLogSink,
  compileAccessLogFormat,
  DEFAULT_ACCESS_LOG_FORMAT,
  formatAccessLogLine,
  formatLogTime,
  type AccessLogEntry,
  type AccessLogFormatter,
} from "./access-log.ts";
export {
  createProxyResolver,
  DEFAULT_FORWARDED_ALLOW_IPS,
  ForwardedAllowIpsError,
  parseForwarded,
  parseForwardedAllowIps,
  type ForwardedElement,
  type ProxyResolver,
  type TrustedProxies,
} from "./proxy/index.ts";
export { renderTracebackPage, type TracebackDetails } from "./dev/index.ts";
export type {
  ServeOptions,
  ServerAddress,
  ServerHandle,
  ServerHooks,
  TsgiServer,
} from "./types.ts";
