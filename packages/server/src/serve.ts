import type { App } from "@tsgi/core";
import { getServer } from "./registry.ts";
import type { ServeOptions, ServerHandle } from "./types.ts";

/** Options of {@link serve}: every server's options, plus which server to use. */
export interface ServeWithOptions extends ServeOptions {
  /** Server name (default: `TSGI_SERVER`, else "node"); see `knownServers()`. */
  server?: string;
}

/**
 * Port `serve()` binds when none is given. `PORT` is read by the CLI, not here.
 *
 * @example
 * await serve(app, { port: Number(process.env.PORT ?? DEFAULT_PORT) });
 */
export const DEFAULT_PORT = 8000;
/**
 * Interface `serve()` binds when none is given: loopback only, never exposed by accident.
 *
 * @example
 * await serve(app, { host: process.env.HOST ?? DEFAULT_HOST });
 */
export const DEFAULT_HOST = "127.0.0.1";

/**
 * Serves `app` on the chosen server: `options.server`, else the `TSGI_SERVER` environment
 * variable, else "node". Binds 127.0.0.1:8000 unless told otherwise.
 *
 * @throws UnknownServerError (code `TSGI_E_UNKNOWN_SERVER`) for a name no server has.
 *
 * @example
 * import { serve } from "@tsgi/server";
 * const handle = await serve((environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode("Hello, World!\n")];
 * }, { port: 0 });
 * console.log(`serving on ${handle.address.url} with ${handle.name}`);
 * await handle.close();
 */
export function serve(app: App, options: ServeWithOptions = {}): Promise<ServerHandle> {
  const { server: chosen, ...serverOptions } = options;
  // An empty TSGI_SERVER (`TSGI_SERVER= npm start`) means "not set", not a server named "".
  const name = chosen ?? (process.env.TSGI_SERVER || "node");
  let server;
  try {
    server = getServer(name);
  } catch (error) {
    return Promise.reject(error);
  }
  return server.listen(app, {
    ...serverOptions,
    host: serverOptions.host ?? DEFAULT_HOST,
    port: serverOptions.port ?? DEFAULT_PORT,
  });
}
