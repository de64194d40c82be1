import { clusterServer } from "./cluster/index.ts";
import { http2Server } from "./http2/index.ts";
import { lazyServer } from "./lazy-servers.ts";
import { nodeServer } from "./node/index.ts";
import type { TsgiServer } from "./types.ts";

/**
 * Thrown by {@link getServer} (and so by `serve()`) for a name no server is registered under.
 *
 * @example
 * try {
 *   getServer("gunicorn");
 * } catch (error) {
 *   if (error instanceof UnknownServerError) console.error(error.message, error.known);
 * }
 */
export class UnknownServerError extends Error {
  readonly code = "TSGI_E_UNKNOWN_SERVER";
  /** The names that would have worked. */
  readonly known: readonly string[];

  constructor(name: string, known: readonly string[]) {
    super(`unknown server ${JSON.stringify(name)}; choose one of: ${known.join(", ")}`);
    this.name = "UnknownServerError";
    this.known = known;
  }
}

/**
 * Thrown by {@link registerServer} when another server already has the name.
 *
 * @example
 * try {
 *   registerServer({ name: "node", listen: async () => { throw new Error("no"); } });
 * } catch (error) {
 *   console.log((error as ServerExistsError).code); // "TSGI_E_SERVER_EXISTS"
 * }
 */
export class ServerExistsError extends Error {
  readonly code = "TSGI_E_SERVER_EXISTS";

  constructor(name: string) {
    super(`a different server is already registered as ${JSON.stringify(name)}`);
    this.name = "ServerExistsError";
  }
}

// name → server. `node` is always there; other packages add theirs (cluster, http2, the
// Express and Fastify hosts). A server that should load lazily registers a small object
// whose listen() imports the real one.
const servers = new Map<string, TsgiServer>([[nodeServer.name, nodeServer]]);
registerServer(clusterServer);
registerServer(http2Server);
registerServer(
  lazyServer("express", "@tsgi/express/server", "expressServer", "@tsgi/express express"),
);
registerServer(
  lazyServer("fastify", "@tsgi/fastify/server", "fastifyServer", "@tsgi/fastify fastify"),
);

/**
 * Makes a server selectable by name in `serve()`, `TSGI_SERVER` and `tsgi serve --server`.
 * Registering the same object twice is a no-op; a different server under a taken name throws
 * `TSGI_E_SERVER_EXISTS`.
 *
 * @example
 * import { registerServer } from "@tsgi/server";
 * registerServer({
 *   name: "express",
 *   listen: async (app, options) =>
 *     (await import("@tsgi/express/server")).expressServer.listen(app, options),
 * });
 */
export function registerServer(server: TsgiServer): void {
  const existing = servers.get(server.name);
  if (existing !== undefined && existing !== server) throw new ServerExistsError(server.name);
  servers.set(server.name, server);
}

/**
 * The server registered as `name`.
 *
 * @throws UnknownServerError (code `TSGI_E_UNKNOWN_SERVER`) naming the valid choices.
 *
 * @example
 * import { getServer } from "@tsgi/server";
 * const server = getServer("node");
 * console.log(server.name); // "node"
 */
export function getServer(name: string): TsgiServer {
  const server = servers.get(name);
  if (server === undefined) throw new UnknownServerError(name, knownServers());
  return server;
}

/**
 * Names of every registered server, in registration order (`node` first).
 *
 * @example
 * import { knownServers } from "@tsgi/server";
 * console.log(knownServers()); // ["node", …]
 */
export function knownServers(): string[] {
  return [...servers.keys()];
}
