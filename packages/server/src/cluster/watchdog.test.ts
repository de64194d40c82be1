import assert from "node:assert/strict";
import { test } from "node:test";
import { heartbeatInterval, timeoutVerdict, type Pulse } from "./watchdog.ts";

test("heartbeatInterval: a quarter of the timeout, within 25 ms .. 1 s; 0 when off", () => {
  assert.equal(heartbeatInterval(0), 0);
  assert.equal(heartbeatInterval(40), 25);
  assert.equal(heartbeatInterval(1_000), 250);
  assert.equal(heartbeatInterval(30_000), 1_000);
});

const pulse = (over: Partial<Pulse>): Pulse => ({
  lastHeartbeatAt: 0,
  inFlight: 0,
  busyForMs: 0,
  ...over,
});

test("timeoutVerdict: the table", () => {
  const rows: Array<[string, Pulse, number, ReturnType<typeof timeoutVerdict>]> = [
    ["idle, recent heartbeat", pulse({}), 500, undefined],
    ["busy within the timeout", pulse({ inFlight: 1, busyForMs: 900 }), 100, undefined],
    [
      "one request past the timeout",
      pulse({ inFlight: 2, busyForMs: 1_200 }),
      100,
      { kind: "busy", ms: 1_200 },
    ],
    [
      "stale busy time of a finished request",
      pulse({ inFlight: 0, busyForMs: 5_000 }),
      100,
      undefined,
    ],
    ["no heartbeat for longer than the timeout", pulse({}), 1_001, { kind: "silent", ms: 1_001 }],
    [
      "silence wins over busy",
      pulse({ inFlight: 1, busyForMs: 2_000 }),
      3_000,
      { kind: "silent", ms: 3_000 },
    ],
  ];
  for (const [what, state, now, expected] of rows) {
    assert.deepEqual(timeoutVerdict(state, now, 1_000), expected, what);
  }
});

test("timeoutVerdict: a timeout of 0 is off", () => {
  assert.equal(timeoutVerdict(pulse({ inFlight: 1, busyForMs: 1e9 }), 1e9, 0), undefined);
});
