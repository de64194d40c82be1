/**
 * The server × app matrix (issue 4, item 7): every demo app under apps/ is started under every
 * server by the real `tsgi serve` CLI on a free loopback port, a few routes are checked over a
 * real socket, and the process must stop on SIGTERM with exit code 0. This is what "any app on
 * any server" means, proven on every `npm test`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { findDemoApps, type DemoApp } from "./_apps.ts";
import { request1, requestH2c, type ProbeResponse } from "./_http.ts";
import { routesFor, type RouteCheck } from "./_matrix-routes.ts";
import { killAll, spawnServer } from "./_spawn-server.ts";

/** Every server the CLI offers, with the extra flags each cell uses. */
const SERVERS: Readonly<Record<string, readonly string[]>> = {
  node: [],
  // Two workers (not one per CPU) keep the cell cheap and still prove the hand-off to workers.
  cluster: ["--workers", "2"],
  // Without certificates the http2 server speaks h2c and HTTP/1.1 on one port; both are checked.
  http2: [],
  express: [],
  fastify: [],
};

// Two cells at a time: each cell is one to three node processes, and CI machines have 2 cores.
const CONCURRENCY = 2;

after(killAll);

describe("matrix: every app under every server", { concurrency: CONCURRENCY }, () => {
  for (const app of findDemoApps()) {
    const serveArgs = app.serveArgs;
    // An app without its own checks says so in every cell's name, so the gap stays visible.
    const note = routesFor(app.name).isDefault ? " (GET / only: add it to _matrix-routes.ts)" : "";
    for (const [server, flags] of Object.entries(SERVERS)) {
      const name = `${app.name} on ${server}${note}`;
      if (serveArgs === undefined) {
        // Listed, never silently dropped: the matrix can only start apps through `tsgi serve`.
        it(name, { skip: `start script does not run \`tsgi serve\`: ${app.start}` }, () => {});
        continue;
      }
      it(name, { timeout: 45_000 }, () => checkCell(app, serveArgs, server, flags));
    }
  }
});

async function checkCell(
  app: DemoApp,
  serveArgs: readonly string[],
  server: string,
  flags: readonly string[],
): Promise<void> {
  // Apps that create data on first start (all-in-one's databases) get a fresh folder per cell:
  // cells run two at a time, and two servers must never migrate one SQLite file together.
  const instanceDir = mkdtempSync(join(tmpdir(), `tsgi-matrix-${app.name}-${server}-`));
  const running = await spawnServer(
    ["serve", ...serveArgs, "--server", server, "--host", "127.0.0.1", "--port", "0", ...flags],
    { cwd: app.dir, env: { ALL_IN_ONE_INSTANCE_DIR: instanceDir }, startTimeoutMs: 60_000 },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  try {
    assert.equal(running.serverName, server, "the CLI reports the server it was asked for");
    const { routes } = routesFor(app.name);
    for (const route of routes) {
      assertRoute(route, server, await request1(running.url, route, agent), "HTTP/1.1");
    }
    if (server === "http2") {
      const first = routes[0];
      if (first !== undefined) {
        assertRoute(first, server, await requestH2c(running.url, first), "h2c");
      }
    }
  } catch (error) {
    // The server's own log is the first thing anyone needs when a cell fails.
    throw new Error(`${String(error)}\n--- tsgi output ---\n${running.output()}`, {
      cause: error,
    });
  } finally {
    agent.destroy();
  }
  const exit = await running.stop();
  rmSync(instanceDir, { recursive: true, force: true });
  assert.deepEqual(
    { code: exit.code, signal: exit.signal },
    { code: 0, signal: null },
    `SIGTERM must stop ${app.name} on ${server} cleanly:\n${exit.output}`,
  );
}

function assertRoute(
  route: RouteCheck,
  server: string,
  response: ProbeResponse,
  protocol: string,
): void {
  const label = `${route.method} ${route.path} over ${protocol}`;
  if (route.status === undefined) {
    assert.ok(response.status < 500, `${label}: status ${response.status}, expected < 500`);
  } else {
    assert.equal(response.status, route.status, `${label}: status`);
  }
  if (route.contains !== undefined) {
    const fragment = route.contains.replaceAll("{server}", server);
    assert.ok(
      response.body.includes(fragment),
      `${label}: body lacks ${JSON.stringify(fragment)}: ${JSON.stringify(response.body.slice(0, 300))}`,
    );
  }
  for (const [headerName, fragment] of route.responseHeaders ?? []) {
    const value = response.headers[headerName.toLowerCase()];
    // Repeated headers (Set-Cookie) arrive as an array: each must be there on its own.
    const values = Array.isArray(value) ? value : [value ?? ""];
    assert.ok(
      values.some((one) => one.includes(fragment)),
      `${label}: no ${headerName} with ${JSON.stringify(fragment)} in ${JSON.stringify(value)}`,
    );
  }
}
