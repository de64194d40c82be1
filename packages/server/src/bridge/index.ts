/**
 * The bridge from node's `(req, res)` world to TSGI, shared by `@tsgi/express` and
 * `@tsgi/fastify`: {@link fromNodeHandler} runs any node:http request listener as a TSGI app,
 * on a real `IncomingMessage` ({@link createBridgedRequest}) and a real `ServerResponse` whose
 * `writeHead`/`write`/`end` are captured into `startResponse` and a TSGI body with
 * backpressure ({@link createResponse}, {@link BodyChannel}).
 *
 * @example
 * import { fromNodeHandler } from "@tsgi/server/bridge";
 * const app = fromNodeHandler((req, res) => res.end("hi"));
 */
export {
  fromNodeHandler,
  fullRequestTarget,
  pathInfoTarget,
  quoteRequestPath,
  type FromNodeHandlerOptions,
  type NodeHandler,
} from "./from-node-handler.ts";
export { createBridgedRequest, type BridgedRequest, type BridgedTarget } from "./request.ts";
export { StandInSocket } from "./stand-in-socket.ts";
export { BodyChannel, type BodyChannelHooks } from "./body-channel.ts";
export { createResponse, type ResponseSink } from "./capture.ts";
