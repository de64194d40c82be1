import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The part of a Fastify 4 or 5 instance the adapter uses. Typed by shape, not imported from
 * "fastify", so the user's own copy of Fastify works whatever version this repository has.
 */
export interface FastifyLike {
  /** Fastify's request handler, public for `serverFactory` users. */
  routing(req: IncomingMessage, res: ServerResponse): void;
  /** Loads every plugin; must have settled before `routing` is called. */
  ready(): PromiseLike<unknown>;
  /** The node server Fastify created (never listened on by the adapter). */
  readonly server: unknown;
}

/**
 * True when `value` looks like a Fastify instance: `routing` and `ready` functions and a
 * `server`. Never `instanceof`, so a copy of Fastify other than this repository's passes.
 *
 * @example
 * import Fastify from "fastify";
 * isFastifyInstance(Fastify()); // true
 * isFastifyInstance({ fetch() {} }); // false
 */
export function isFastifyInstance(value: unknown): value is FastifyLike {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const candidate = value as Partial<Record<keyof FastifyLike, unknown>>;
  return (
    typeof candidate.routing === "function" &&
    typeof candidate.ready === "function" &&
    typeof candidate.server === "object" &&
    candidate.server !== null
  );
}

/** Thrown by `fromFastify` for something that is not a Fastify instance. */
export class NotAFastifyInstanceError extends TypeError {
  readonly code = "TSGI_E_NOT_FASTIFY";

  constructor(seen: unknown) {
    super(`fromFastify() needs a Fastify instance (routing, ready, server); got ${describe(seen)}`);
    this.name = "NotAFastifyInstanceError";
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object" && typeof value !== "function") return typeof value;
  const keys = Object.keys(value).slice(0, 6);
  return `${typeof value} with keys [${keys.join(", ")}]`;
}
