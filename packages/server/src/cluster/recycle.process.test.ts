// Workers are recycled after maxRequests (+ jitter) without a failed request, and a worker
// stuck on one request (or with a blocked event loop) is killed after workerTimeout.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  describeFailures,
  Fixture,
  killAll,
  Load,
  request,
  until,
  type Outcome,
} from "./_harness.ts";

after(killAll);

test(
  "maxRequests with jitter recycles workers without a failed request",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start({ maxRequests: 10, maxRequestsJitter: 3 });
    const outcomes: Outcome[] = [];
    // Sequential first: 30 requests take both workers past their limit of 10..13.
    for (let i = 0; i < 30; i++) outcomes.push(await request(cluster.url, "/pid", 10_000));
    // Then concurrent, while the replacements boot and take over, and a little beyond.
    const load = new Load(cluster.url, 4, { pauseMs: 10, timeoutMs: 10_000 });
    await until(() => cluster.exits().length >= 2, "both first workers recycled", 30_000);
    const recycledAt = performance.now();
    await until(
      () => load.outcomes.filter((o) => o.startedAt > recycledAt).length >= 20,
      "requests served after the recycling",
      15_000,
    );
    outcomes.push(...(await load.stop()));

    assert.equal(outcomes.filter((o) => !o.ok).length, 0, describeFailures(outcomes));
    const exits = cluster.exits();
    assert.deepEqual(
      exits.slice(0, 2).map((e) => [e.reason, e.code]),
      [
        ["max-requests", 0],
        ["max-requests", 0],
      ],
    );
    assert.deepEqual(
      exits
        .slice(0, 2)
        .map((e) => e.pid)
        .sort(),
      [...cluster.initialPids].sort(),
    );
    const later = new Set(outcomes.filter((o) => o.startedAt > recycledAt).map((o) => o.pid));
    for (const pid of cluster.initialPids) assert.ok(!later.has(pid), "recycled workers are gone");
    assert.ok(later.size >= 1, "their replacements answer");
    // Each worker asked to be recycled after 10..13 requests (maxRequests + 0..jitter).
    const served = cluster.all(/served (\d+) requests; recycling it/g).map((m) => Number(m[1]));
    assert.ok(served.length >= 2);
    for (const count of served)
      assert.ok(count >= 10 && count <= 13, `limit with jitter: ${count}`);
    cluster.signal("SIGTERM");
    assert.equal((await cluster.exited).code, 0);
  },
);

test(
  "workerTimeout kills a worker stuck on one request, and the next requests succeed",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start({ workerTimeout: 1_000 });
    const [first, second] = cluster.initialPids as [number, number];
    const stuck = await request(cluster.url, "/hang", 10_000);
    assert.equal(stuck.ok, false, "the stuck request is lost with its worker");
    assert.ok(stuck.endedAt - stuck.startedAt < 3_000, "it is cut soon after the timeout");
    const [, victim] = await cluster.waitFor(
      /WORKER TIMEOUT \(pid:(\d+)\) worker \d+: a request has been running for \d+ ms/,
    );
    assert.ok([first, second].includes(Number(victim)));
    // Wait for its replacement: while only one worker is up, blocking that one would leave none.
    await cluster.waitFor(
      /Booting worker 3 \(pid: \d+\)[^]*worker 3 \(pid: \d+\) listening/,
      30_000,
    );

    const next = [];
    for (let i = 0; i < 10; i++) next.push(await request(cluster.url));
    assert.equal(next.filter((o) => !o.ok).length, 0, describeFailures(next));

    // A blocked event loop sends no heartbeat: killed as well.
    const mark = cluster.stdout.length;
    const blocked = await request(cluster.url, "/block?ms=4000", 10_000);
    assert.equal(blocked.ok, false);
    await cluster.waitFor(
      /WORKER TIMEOUT \(pid:\d+\) worker \d+: no heartbeat for \d+ ms/,
      5_000,
      mark,
    );
    // node:cluster may have handed one more connection to the blocked worker before it was
    // killed; that one is lost with it (see Load). Requests after its exit must all succeed.
    await cluster.waitFor(/exited with signal SIGKILL: timeout/, 5_000, mark);
    const more = await Promise.all(Array.from({ length: 6 }, () => request(cluster.url)));
    assert.equal(more.filter((o) => !o.ok).length, 0, describeFailures(more));

    const timeouts = cluster.exits().filter((e) => e.reason === "timeout");
    assert.ok(timeouts.length >= 2, JSON.stringify(timeouts));
    for (const exit of timeouts) assert.equal(exit.signal, "SIGKILL");
    cluster.signal("SIGTERM");
    assert.equal((await cluster.exited).code, 0);
  },
);
