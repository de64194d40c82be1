/**
 * The servers the adapter bench compares, by name, grouped in native/adapted pairs. Each
 * `start` runs inside its own child process (bench/_server.ts) and imports only what it uses,
 * so a native run never loads the adapter and a raw node:http run loads neither framework.
 */
import type { AddressInfo } from "node:net";
import type { App } from "@tsgi/core";

/** A server the bench can start; resolves with the port it listens on (127.0.0.1). */
export interface Contender {
  name: string;
  start(): Promise<number>;
}

/** What one row of the result table compares. */
export interface Pair {
  /** Short id for BENCH_ONLY ("express", "fastify", "hot-path"). */
  id: string;
  native: Contender;
  adapted: Contender;
  /** adapted/native the adapted side must keep (issue 10's targets; issue 4's floor is 0.90). */
  target: number;
}

const HOST = "127.0.0.1";

/** A TSGI app on the reference `node` server, access log off like every native contender. */
async function onTsgiNode(app: App): Promise<number> {
  const { serve } = await import("@tsgi/server");
  const handle = await serve(app, { host: HOST, port: 0, server: "node", accessLog: false });
  return handle.address.port;
}

export const PAIRS: readonly Pair[] = [
  {
    id: "hot-path",
    target: 0.96,
    native: {
      name: "raw node:http",
      async start() {
        const { rawNodeServer } = await import("./_apps.ts");
        const server = rawNodeServer();
        await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
        return (server.address() as AddressInfo).port;
      },
    },
    adapted: {
      name: "raw TSGI app on node",
      async start() {
        const { tsgiApp } = await import("./_apps.ts");
        return onTsgiNode(tsgiApp);
      },
    },
  },
  {
    id: "express",
    target: 0.95,
    native: {
      name: "Express app.listen",
      async start() {
        const { expressApp } = await import("./_apps.ts");
        const server = expressApp().listen(0, HOST);
        await new Promise((resolve) => server.once("listening", resolve));
        return (server.address() as AddressInfo).port;
      },
    },
    adapted: {
      name: "fromExpress(app) on node",
      async start() {
        const { expressApp } = await import("./_apps.ts");
        const { fromExpress } = await import("@tsgi/express");
        return onTsgiNode(fromExpress(expressApp()));
      },
    },
  },
  {
    id: "fastify",
    target: 0.9,
    native: {
      name: "Fastify listen",
      async start() {
        const { fastifyApp } = await import("./_apps.ts");
        const app = fastifyApp();
        await app.listen({ host: HOST, port: 0 });
        return (app.server.address() as AddressInfo).port;
      },
    },
    adapted: {
      name: "fromFastify(app) on node",
      async start() {
        const { fastifyApp } = await import("./_apps.ts");
        const { fromFastify } = await import("@tsgi/fastify");
        return onTsgiNode(fromFastify(fastifyApp()));
      },
    },
  },
];

/** Every contender by name. */
export function contenderByName(name: string): Contender | undefined {
  for (const pair of PAIRS) {
    if (pair.native.name === name) return pair.native;
    if (pair.adapted.name === name) return pair.adapted;
  }
  return undefined;
}
