import type { App } from "@tsgi/core";
import type { ServeOptions, ServerHandle, TsgiServer } from "./types.ts";

/** A server package that is not installed (or does not export what it should). */
export class ServerPackageMissingError extends Error {
  readonly code = "TSGI_E_SERVER_PACKAGE_MISSING";
}

/**
 * A server that lives in another package (the Express and Fastify hosts), registered by name
 * and imported only when it is used. @tsgi/server does not depend on those packages, so a
 * user who never sets `TSGI_SERVER=express` never installs Express; one who does gets a clear
 * message naming what to install.
 *
 * @example
 * registerServer(lazyServer("express", "@tsgi/express/server", "expressServer", "@tsgi/express express"));
 */
export function lazyServer(
  name: string,
  specifier: string,
  exportName: string,
  install: string,
): TsgiServer {
  let loaded: Promise<TsgiServer> | undefined;
  const load = (): Promise<TsgiServer> =>
    (loaded ??= import(specifier).then(
      (module: Record<string, unknown>) => {
        const server = module[exportName] as TsgiServer | undefined;
        if (typeof server?.listen !== "function") {
          throw new ServerPackageMissingError(
            `${specifier} has no ${exportName} server export (is its version too old?)`,
          );
        }
        return server;
      },
      (error: NodeJS.ErrnoException) => {
        loaded = undefined;
        if (
          error.code === "ERR_MODULE_NOT_FOUND" &&
          String(error.message).includes(specifier.split("/").slice(0, 2).join("/"))
        ) {
          throw new ServerPackageMissingError(
            `the ${name} server needs ${specifier.split("/").slice(0, 2).join("/")}: npm install ${install}`,
          );
        }
        throw error;
      },
    ));
  return {
    name,
    async listen(app: App, options?: ServeOptions): Promise<ServerHandle> {
      return (await load()).listen(app, options);
    },
  };
}
