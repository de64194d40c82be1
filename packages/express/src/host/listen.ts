import type { Server } from "node:http";
import { parseBind } from "@tsgi/server/node";
import type { BindAddress } from "@tsgi/server/node";
import type { ServeOptions, ServerAddress } from "@tsgi/server";

/** Where to listen: every `bind` entry, else host:port (default 127.0.0.1:8000). */
export function bindAddresses(options: ServeOptions): BindAddress[] {
  const port = options.port ?? 8000;
  if (options.bind !== undefined && options.bind.length > 0) {
    return options.bind.map((entry) => parseBind(entry, port));
  }
  return [{ kind: "tcp", host: options.host ?? "127.0.0.1", port }];
}

/** Listens and resolves with the bound address (the real port when 0 was asked). */
export function listen(server: Server, bind: BindAddress): Promise<ServerAddress> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const onListening = (): void => {
      server.off("error", reject);
      if (bind.kind === "unix") {
        resolve({ host: `unix:${bind.path}`, port: 0, url: `unix:${bind.path}` });
        return;
      }
      const address = server.address();
      const host = typeof address === "object" && address !== null ? address.address : "127.0.0.1";
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const urlHost = host.includes(":") ? `[${host}]` : host;
      resolve({ host, port, url: `http://${urlHost}:${port}` });
    };
    if (bind.kind === "unix") server.listen(bind.path, onListening);
    else server.listen(bind.port, bind.host, onListening);
  });
}
