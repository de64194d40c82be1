/**
 * `@tsgi/server/node`: the reference TSGI server on node:http, and the pieces it is made of
 * for hosts that bring their own node:http or node:https server (the http2 server's HTTP/1
 * fallback, for one).
 *
 * @example
 * import { nodeServer } from "@tsgi/server/node";
 * const handle = await nodeServer.listen((environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode("Hello, World!\n")];
 * }, { port: 8000, maxBodySize: 10 * 1024 * 1024 });
 */
export {
  nodeServer,
  attachApp,
  listenOnNodeHttp,
  type NodeHttpHost,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  type AttachedApp,
} from "./listen.ts";
export type { AttachOptions } from "./shutdown.ts";
export {
  createRequestListener,
  createRequestHandlers,
  type NodeRequestListener,
  type RequestHandlers,
} from "./handlers.ts";
export type { RequestListenerOptions } from "./context.ts";
export type { NodeServerErrorCode } from "./errors.ts";
export {
  NODE_SERVER_DEFAULTS,
  MAX_PARSER_HEADER_BYTES,
  applyServerSettings,
  nodeHttpSettings,
  requestLimits,
  type NodeHttpSettings,
  type RequestLimits,
  type ServerSettingsOptions,
} from "./limits.ts";
export { parseBind, type BindAddress } from "./bind.ts";
