import assert from "node:assert/strict";
import { test } from "node:test";
import { requestLimit } from "./jitter.ts";

test("requestLimit: 0 turns recycling off, whatever the jitter", () => {
  assert.equal(
    requestLimit(0, 50, () => 0.9),
    0,
  );
});

test("requestLimit: without jitter the limit is maxRequests", () => {
  assert.equal(
    requestLimit(1000, 0, () => 0.9),
    1000,
  );
});

test("requestLimit: jitter adds 0..J, both ends reachable", () => {
  assert.equal(
    requestLimit(1000, 50, () => 0),
    1000,
  );
  assert.equal(
    requestLimit(1000, 50, () => 0.999_999),
    1050,
  );
  // A random() that returned 1 (it must not, but) still stays inside the range.
  assert.equal(
    requestLimit(1000, 50, () => 1),
    1050,
  );
});

test("requestLimit: the draw is spread over the whole range", () => {
  const seen = new Set<number>();
  for (let i = 0; i < 2_000; i++) seen.add(requestLimit(10, 4));
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    [10, 11, 12, 13, 14],
  );
});
