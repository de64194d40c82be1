import assert from "node:assert/strict";
import { nodeServer } from "@tsgi/server";
import type { FastifyInstance } from "fastify";
import { fromFastify } from "./from-fastify.ts";

/** One exchange as a client saw it, with Date (which differs by the second) left out. */
export interface Seen {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/**
 * Serves the same Fastify app natively (`listen({ port: 0 })`) and through `fromFastify` on
 * the node TSGI server, both on loopback. `build` is called twice: an instance listens once.
 */
export async function bothWays(
  build: () => FastifyInstance | Promise<FastifyInstance>,
): Promise<{ native: string; adapted: string; close(): Promise<void> }> {
  const nativeApp = await build();
  await nativeApp.listen({ host: "127.0.0.1", port: 0 });
  const address = nativeApp.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const adaptedApp = await build();
  const handle = await nodeServer.listen(fromFastify(adaptedApp), { host: "127.0.0.1", port: 0 });
  return {
    native: `http://127.0.0.1:${port}`,
    adapted: handle.address.url,
    async close() {
      await handle.close({ timeout: 2_000 });
      await Promise.all([nativeApp.close(), adaptedApp.close()]);
    },
  };
}

// Hop-by-hop and per-connection headers belong to each server, not to the app.
const IGNORED = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/** Sends one request and records what came back (fetch: no automatic decompression asked). */
export async function see(url: string, init: RequestInit = {}): Promise<Seen> {
  const response = await fetch(url, { redirect: "manual", ...init });
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => {
    if (!IGNORED.has(name)) headers.push([name, value]);
  });
  for (const cookie of response.headers.getSetCookie()) headers.push(["set-cookie*", cookie]);
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}

/**
 * Asserts that `path` answers the same through both servers of {@link bothWays}: status,
 * headers (minus per-connection ones) and body bytes.
 */
export async function assertSame(
  servers: { native: string; adapted: string },
  path: string,
  init: RequestInit = {},
): Promise<void> {
  const native = await see(servers.native + path, init);
  const adapted = await see(servers.adapted + path, init);
  assert.deepEqual(adapted, native, `${init.method ?? "GET"} ${path}`);
}
