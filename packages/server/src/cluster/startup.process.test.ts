// Starting a cluster: hooks run in the primary only, at the right moments; a start that
// cannot succeed fails listen() with a clear, coded error and leaves no process behind.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, test } from "node:test";
import { cleanEnv, Fixture, isAlive, killAll, until } from "./_harness.ts";

const servers: Server[] = [];
after(() => {
  killAll();
  for (const server of servers) server.close();
});

test(
  "onStarting runs once in the primary before any fork, whenReady once every worker listens",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start({ workers: 3 });
    const primary = cluster.child.pid;
    assert.deepEqual(
      cluster.all(/^ON_STARTING (\d+)$/gm).map((m) => Number(m[1])),
      [primary],
    );
    const ready = cluster.all(/^WHEN_READY (\d+) (.*)$/gm);
    assert.equal(ready.length, 1);
    assert.equal(Number(ready[0]?.[1]), primary);
    const workers = JSON.parse(ready[0]?.[2] ?? "[]") as Array<{ pid: number; state: string }>;
    assert.deepEqual(
      workers.map((w) => w.state),
      ["listening", "listening", "listening"],
    );
    const out = cluster.stdout;
    assert.ok(out.indexOf("ON_STARTING") < out.indexOf("Booting worker"), "onStarting comes first");
    assert.ok(out.lastIndexOf(") listening") < out.indexOf("WHEN_READY"), "whenReady comes last");
    cluster.signal("SIGTERM");
    assert.equal((await cluster.exited).code, 0);
  },
);

test(
  "a port already in use fails the start with EADDRINUSE, and no worker is left",
  { timeout: 60_000 },
  async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const cluster = Fixture.spawn(
      "serve.ts",
      [],
      cleanEnv({ CLUSTER_FIXTURE_OPTIONS: JSON.stringify({ port }) }),
    );
    const exit = await cluster.exited;
    assert.notEqual(exit.code, 0);
    assert.match(
      cluster.stderr,
      /ClusterError: cluster worker \d+ \(pid: \d+\) could not listen on 127\.0\.0\.1:\d+/,
    );
    assert.match(cluster.stderr, /code: 'EADDRINUSE'/);
    await until(() => cluster.bootedPids().every((pid) => !isAlive(pid)), "workers gone", 5_000);
  },
);

test(
  "an app that fails to load in the workers fails the start with TSGI_E_CLUSTER_BOOT",
  { timeout: 60_000 },
  async () => {
    const cluster = Fixture.spawn(
      "serve.ts",
      [],
      cleanEnv({ CLUSTER_FIXTURE_OPTIONS: "{}", CLUSTER_FIXTURE_THROW_IN_WORKER: "1" }),
    );
    const exit = await cluster.exited;
    assert.notEqual(exit.code, 0);
    assert.match(cluster.stderr, /the app failed to load/, "the worker's own error is shown");
    assert.match(cluster.stderr, /exited with code 1 before it listened/);
    assert.match(cluster.stderr, /code: 'TSGI_E_CLUSTER_BOOT'/);
    assert.doesNotMatch(cluster.stdout, /^READY/m);
    await until(() => cluster.bootedPids().every((pid) => !isAlive(pid)), "workers gone", 5_000);
  },
);
