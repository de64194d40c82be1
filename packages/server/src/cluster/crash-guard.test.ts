import assert from "node:assert/strict";
import { test } from "node:test";
import { CrashGuard } from "./crash-guard.ts";

test("CrashGuard: one young death is replaced at once, a streak backs off exponentially", () => {
  const guard = new CrashGuard({ youngMs: 1_000, baseDelayMs: 100, maxDelayMs: 1_000 });
  const delays = [undefined, 10, undefined, 500, 20, 30].map((age) => guard.delayAfterExit(age));
  assert.deepEqual(delays, [0, 100, 200, 400, 800, 1_000]);
  assert.equal(guard.streak, 6);
});

test("CrashGuard: a worker that lived past youngMs is no crash loop", () => {
  const guard = new CrashGuard({ youngMs: 1_000 });
  guard.delayAfterExit(undefined);
  guard.delayAfterExit(undefined);
  assert.equal(guard.delayAfterExit(60_000), 0);
  assert.equal(guard.streak, 0);
  assert.equal(guard.delayAfterExit(5), 0, "the next young death starts a new streak");
});

test("CrashGuard: a worker forked after the last young death ends the streak", () => {
  const guard = new CrashGuard();
  guard.delayAfterExit(undefined, 1_000);
  assert.ok(guard.delayAfterExit(undefined, 2_000) > 0);
  guard.healthy(2_100);
  assert.equal(guard.delayAfterExit(undefined, 3_000), 0);
});

test("CrashGuard: a worker that was up before the loop began does not end it", () => {
  const guard = new CrashGuard();
  guard.delayAfterExit(undefined, 1_000);
  guard.delayAfterExit(undefined, 2_000);
  guard.healthy(0); // the survivor, forked long ago, passes its youngMs mark
  assert.equal(guard.delayAfterExit(undefined, 3_000), 200);
});

test("CrashGuard: the delay stays finite after a very long streak", () => {
  const guard = new CrashGuard({ maxDelayMs: 10_000 });
  let delay = 0;
  for (let i = 0; i < 5_000; i++) delay = guard.delayAfterExit(undefined);
  assert.equal(delay, 10_000);
});
