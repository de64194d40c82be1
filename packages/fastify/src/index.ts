/**
 * `@tsgi/fastify`: Fastify on TSGI, both ways.
 *
 * @example
 * import Fastify from "fastify";
 * import { fromFastify, toFastify } from "@tsgi/fastify";
 * const tsgiApp = fromFastify(Fastify().get("/", async () => "hi"));
 * await Fastify().register(toFastify(tsgiApp), { prefix: "/legacy" });
 */
export { fromFastify, type FromFastifyOptions } from "./from-fastify.ts";
export {
  toFastify,
  tsgiHandler,
  routeEverything,
  EXPECTS_CONTINUE,
  type ToFastifyOptions,
  type FastifyHandler,
} from "./to-fastify.ts";
export { isFastifyInstance, NotAFastifyInstanceError, type FastifyLike } from "./detect.ts";
export type { PathMode } from "./from-fastify.ts";
