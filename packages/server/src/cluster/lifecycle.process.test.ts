// Graceful shutdown on SIGTERM, a second signal that forces, the graceful timeout, and the
// rolling restart on SIGHUP — all against a real primary with real workers.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, test } from "node:test";
import {
  describeFailures,
  Fixture,
  isAlive,
  killAll,
  Load,
  request,
  sleep,
  until,
} from "./_harness.ts";

after(killAll);

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

test(
  "SIGTERM during a slow request lets it finish, then the primary exits 0",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start();
    const slow = request(cluster.url, "/slow?ms=1500", 10_000);
    await sleep(300);
    cluster.signal("SIGTERM");
    const outcome = await slow;
    assert.equal(outcome.ok, true, describeFailures([outcome]));
    const exit = await cluster.exited;
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.match(cluster.stdout, /^STOPPED$/m);
    assert.deepEqual(
      cluster.exits().map((e) => [e.reason, e.code]),
      [
        ["shutdown", 0],
        ["shutdown", 0],
      ],
    );
    for (const pid of cluster.initialPids) assert.equal(isAlive(pid), false);
    assert.equal(await refused(cluster.url), true, "nothing listens any more");
  },
);

test(
  "Ctrl+C (SIGINT to the whole process group) drains gracefully: workers wait for the primary",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start({}, {}, { detached: true });
    const slow = request(cluster.url, "/slow?ms=1500", 10_000);
    await sleep(300);
    cluster.signalGroup("SIGINT");
    const outcome = await slow;
    assert.equal(outcome.ok, true, describeFailures([outcome]));
    assert.deepEqual(await cluster.exited, { code: 0, signal: null });
    assert.deepEqual(
      cluster.exits().map((e) => [e.reason, e.code, e.signal]),
      [
        ["shutdown", 0, null],
        ["shutdown", 0, null],
      ],
    );
  },
);

test(
  "a second SIGTERM forces: the primary exits at once and takes its workers along",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start();
    const slow = request(cluster.url, "/slow?ms=20000", 25_000);
    await sleep(300);
    cluster.signal("SIGTERM");
    await cluster.waitFor(/Shutting down/);
    const forcedAt = performance.now();
    cluster.signal("SIGTERM");
    const exit = await cluster.exited;
    assert.equal(exit.code, 1);
    assert.match(cluster.stdout, /^FORCED$/m);
    assert.ok(performance.now() - forcedAt < 2_000, "no waiting for the slow request");
    await until(() => cluster.initialPids.every((pid) => !isAlive(pid)), "workers gone", 3_000);
    assert.equal((await slow).ok, false, "the slow request was cut");
  },
);

test(
  "gracefulTimeout bounds the shutdown: a request still running is cut",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start({ gracefulTimeout: 500 });
    const slow = request(cluster.url, "/slow?ms=20000", 25_000);
    await sleep(300);
    const signalledAt = performance.now();
    cluster.signal("SIGTERM");
    const exit = await cluster.exited;
    assert.equal(exit.code, 0);
    assert.ok(
      performance.now() - signalledAt < 2_500,
      "stopped within the graceful timeout (+ kill grace)",
    );
    assert.equal((await slow).ok, false);
  },
);

test(
  "SIGHUP restarts every worker, one by one, under load and without a failed request",
  { timeout: 60_000 },
  async () => {
    const cluster = await Fixture.start();
    const load = new Load(cluster.url, 4, { timeoutMs: 10_000 });
    await sleep(300);
    const mark = cluster.stdout.length;
    cluster.signal("SIGHUP");
    await cluster.waitFor(/Rolling restart done/, 30_000, mark);
    const doneAt = performance.now();
    // The old workers finish what they have and exit; the load goes on meanwhile.
    await until(() => cluster.exits().length === 2, "the old workers exited", 15_000);
    await sleep(300);
    const outcomes = await load.stop();

    assert.equal(outcomes.filter((o) => !o.ok).length, 0, describeFailures(outcomes));
    const exits = cluster.exits();
    assert.deepEqual(
      exits.map((e) => [e.reason, e.code]),
      [
        ["reload", 0],
        ["reload", 0],
      ],
    );
    assert.deepEqual(exits.map((e) => e.pid).sort(), [...cluster.initialPids].sort());
    const after = outcomes.filter((o) => o.startedAt > doneAt + 200);
    assert.ok(after.length > 10);
    const newPids = new Set(after.map((o) => o.pid));
    assert.equal(newPids.size, 2, "two new workers answer");
    for (const pid of cluster.initialPids) assert.ok(!newPids.has(pid), "no old worker answers");
    // One at a time: a new worker listens before an old one is asked to stop.
    const steps = cluster
      .all(/Booting worker|\) listening|Stopping worker \d+ \(pid: \d+\): reload/g)
      .filter((match) => (match.index ?? 0) >= mark)
      .map(([line]) =>
        line.startsWith("Booting") ? "boot" : line.startsWith("Stopping") ? "stop" : "up",
      );
    assert.deepEqual(steps, ["boot", "up", "stop", "boot", "up", "stop"]);
    cluster.signal("SIGTERM");
    assert.equal((await cluster.exited).code, 0);
  },
);
