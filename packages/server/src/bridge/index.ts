/**
 * The bridge from node's `(req, res)` world to TSGI, shared by `@tsgi/express` and
 * `@tsgi/fastify`: a real `ServerResponse` whose `writeHead`/`write`/`end` are captured into
 * `startResponse` and a TSGI body with backpressure ({@link createResponse}), and the
 * {@link BodyChannel} that carries the body chunks from the framework to the server.
 *
 * @example
 * import { BodyChannel, createResponse } from "@tsgi/server/bridge";
 */
export { BodyChannel, type BodyChannelHooks } from "./body-channel.ts";
export { createResponse, type ResponseSink } from "./capture.ts";
