// A dead worker is replaced at once, the server keeps answering, and a worker that keeps
// dying young is respawned with a growing delay instead of in a tight loop.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { describeFailures, Fixture, isAlive, killAll, Load, request, sleep } from "./_harness.ts";

after(killAll);

test(
  "every worker serves with tsgi.multiprocess true and tsgi.server 'cluster'",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => request(cluster.url)));
    assert.equal(outcomes.filter((o) => !o.ok).length, 0, describeFailures(outcomes));
    for (const outcome of outcomes) {
      assert.equal(outcome.multiprocess, true);
      assert.equal(outcome.server, "cluster");
    }
    const pids = new Set(outcomes.map((o) => o.pid));
    assert.deepEqual(
      [...pids].sort(),
      [...cluster.initialPids].sort(),
      "both workers answer, none is the primary",
    );
    assert.ok(!pids.has(cluster.child.pid), "the primary never runs the app");
    cluster.signal("SIGTERM");
    assert.equal((await cluster.exited).code, 0);
  },
);

test(
  "a worker SIGKILLed under load is replaced at once and no later request fails",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start();
    const [victim, survivor] = cluster.initialPids as [number, number];
    const load = new Load(cluster.url, 4, { timeoutMs: 3_000 });
    await sleep(300);
    const mark = cluster.stdout.length;
    process.kill(victim, "SIGKILL");
    const [, newPid] = await cluster.waitFor(/worker \d+ \(pid: (\d+)\) listening/, 30_000, mark);
    const replacedAt = performance.now();
    await sleep(800);
    const outcomes = await load.stop();

    const later = outcomes.filter((o) => o.startedAt > replacedAt);
    assert.ok(later.length > 20, `enough requests after the replacement (${later.length})`);
    assert.equal(later.filter((o) => !o.ok).length, 0, describeFailures(later));
    const answeredBy = new Set(later.map((o) => o.pid));
    assert.ok(answeredBy.has(Number(newPid)), "the replacement takes requests");
    assert.ok(answeredBy.has(survivor), "the survivor keeps taking requests");
    assert.ok(!answeredBy.has(victim));
    // Only requests the victim had already been handed may have failed: one per client loop.
    const lost = outcomes.filter((o) => !o.ok);
    assert.ok(
      lost.length <= 4,
      `at most the in-flight requests were lost: ${describeFailures(outcomes)}`,
    );
    assert.ok(
      lost.every((o) => o.startedAt < replacedAt),
      describeFailures(outcomes),
    );
    assert.deepEqual(
      cluster.exits().map(({ pid, signal, reason }) => ({ pid, signal, reason })),
      [{ pid: victim, signal: "SIGKILL", reason: "crash" }],
    );
    assert.match(
      cluster.stdout,
      new RegExp(`worker \\d+ \\(pid: ${victim}\\) exited with signal SIGKILL: crash`),
    );
    cluster.signal("SIGTERM");
    assert.equal((await cluster.exited).code, 0);
  },
);

test(
  "workers that keep dying young are respawned with a growing delay, then recover",
  { timeout: 60_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "tsgi-cluster-"));
    const marker = join(dir, "crash");
    try {
      const cluster = await Fixture.start({}, { CLUSTER_FIXTURE_CRASH_MARKER: marker });
      const [victim, survivor] = cluster.initialPids as [number, number];
      writeFileSync(marker, "");
      process.kill(victim, "SIGKILL");
      // Replacements now die 50 ms after they listen: 0 ms, then 100, 200, 400 ms between forks.
      await cluster.waitFor(/next one in 400 ms/, 30_000);
      const delays = cluster
        .all(/Crash loop: \d+ workers in a row .*; next one in (\d+) ms/g)
        .map((m) => Number(m[1]));
      assert.deepEqual(delays.slice(0, 3), [100, 200, 400]);
      // The other worker kept serving all along, and the primary is still there.
      const during = await request(cluster.url);
      assert.equal(during.pid, survivor, describeFailures([during]));
      assert.ok(isAlive(cluster.child.pid ?? 0));

      rmSync(marker);
      const mark = cluster.stdout.length;
      const [, healed] = await cluster.waitFor(/worker \d+ \(pid: (\d+)\) listening/, 30_000, mark);
      await sleep(300);
      assert.ok(isAlive(Number(healed)), "the first worker started after the fix stays up");
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => request(cluster.url)));
      assert.equal(outcomes.filter((o) => !o.ok).length, 0, describeFailures(outcomes));
      assert.ok(outcomes.some((o) => o.pid === Number(healed)));
      const crashes = cluster.exits().filter((e) => e.reason === "crash");
      assert.ok(crashes.length >= 4, "the victim and three young replacements crashed");
      cluster.signal("SIGTERM");
      assert.equal((await cluster.exited).code, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
