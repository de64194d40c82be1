import { createServer } from "node:net";
import { clearStaleSocket } from "../node/bind.ts";
import type { BindAddress } from "../node/index.ts";

/**
 * Finds a free port on `host` (every interface when undefined) by binding port 0 and letting
 * it go.
 *
 * @example
 * const port = await freePort("127.0.0.1"); // e.g. 41234
 */
export function freePort(host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen({ port: 0, host }, () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Makes the binds concrete before any worker is forked: a TCP port 0 becomes one free port
 * that every worker then uses — including a replacement forked after all the others died
 * (workers that each listened on port 0 would share a port only while one of them kept it
 * open) — and a unix socket left behind by a dead server is removed (a live one fails with
 * EADDRINUSE).
 *
 * @example
 * await resolveBinds([{ kind: "tcp", host: "127.0.0.1", port: 0 }]);
 * // [{ kind: "tcp", host: "127.0.0.1", port: 41234 }]
 */
export async function resolveBinds(binds: readonly BindAddress[]): Promise<BindAddress[]> {
  const resolved: BindAddress[] = [];
  for (const bind of binds) {
    if (bind.kind === "unix") {
      await clearStaleSocket(bind.path);
      resolved.push(bind);
    } else {
      resolved.push(bind.port === 0 ? { ...bind, port: await freePort(bind.host) } : bind);
    }
  }
  return resolved;
}

/**
 * A bind as people write it, for messages: "127.0.0.1:8000", "[::1]:8000", ":8000",
 * "unix:/run/app.sock".
 *
 * @example
 * describeBind({ kind: "tcp", host: "::1", port: 8000 }); // "[::1]:8000"
 */
export function describeBind(bind: BindAddress): string {
  if (bind.kind === "unix") return `unix:${bind.path}`;
  const host = bind.host ?? "";
  return `${host.includes(":") ? `[${host}]` : host}:${bind.port}`;
}
