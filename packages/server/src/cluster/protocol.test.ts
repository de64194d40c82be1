import assert from "node:assert/strict";
import { test } from "node:test";
import {
  envelope,
  parsePrimaryMessage,
  parseWorkerMessage,
  readWorkerConfig,
  WORKER_CONFIG_ENV,
  workerEnv,
  type WorkerConfig,
} from "./protocol.ts";

const config: WorkerConfig = {
  binds: [
    { kind: "tcp", host: "127.0.0.1", port: 8000 },
    { kind: "unix", path: "/tmp/app.sock" },
  ],
  maxRequests: 1_017,
  heartbeatMs: 250,
  gracefulTimeout: 30_000,
};

test("worker config survives the trip through the environment", () => {
  assert.deepEqual(readWorkerConfig(workerEnv(config)), config);
});

test("a missing or malformed worker config reads as undefined", () => {
  assert.equal(readWorkerConfig({}), undefined);
  assert.equal(readWorkerConfig({ [WORKER_CONFIG_ENV]: "{not json" }), undefined);
  assert.equal(readWorkerConfig({ [WORKER_CONFIG_ENV]: "null" }), undefined);
  for (const binds of [[], [{ kind: "tcp", host: "::1", port: "8000" }], [{ kind: "unix" }]]) {
    const bad = { ...config, binds };
    assert.equal(readWorkerConfig({ [WORKER_CONFIG_ENV]: JSON.stringify(bad) }), undefined);
  }
});

test("a wildcard bind (no host) survives JSON, which drops undefined", () => {
  const wildcard: WorkerConfig = { ...config, binds: [{ kind: "tcp", host: undefined, port: 80 }] };
  assert.deepEqual(readWorkerConfig(workerEnv(wildcard))?.binds, [{ kind: "tcp", port: 80 }]);
});

test("messages round-trip with their envelope", () => {
  const listening = envelope({
    type: "listening",
    addresses: [{ host: "127.0.0.1", port: 8000, url: "http://127.0.0.1:8000" }],
  });
  assert.deepEqual(parseWorkerMessage(listening), listening);
  const heartbeat = envelope({ type: "heartbeat", inFlight: 1, busyForMs: 20, served: 3 });
  assert.deepEqual(parseWorkerMessage(heartbeat), heartbeat);
  const stop = envelope({ type: "stop", reason: "reload", timeout: 1_000 });
  assert.deepEqual(parsePrimaryMessage(stop), stop);
});

test("the app's own IPC messages and malformed ones are not ours", () => {
  for (const value of [
    undefined,
    "stop",
    { type: "stop", reason: "shutdown", timeout: 1 },
    { tsgi: "cluster", type: "heartbeat", inFlight: "1", busyForMs: 0, served: 0 },
    { tsgi: "cluster", type: "something-else" },
    { tsgi: "cluster", type: "listening", addresses: [{ host: "h" }] },
  ]) {
    assert.equal(parseWorkerMessage(value), undefined, JSON.stringify(value));
  }
  assert.equal(
    parsePrimaryMessage({ tsgi: "cluster", type: "stop", reason: "why", timeout: 1 }),
    undefined,
  );
  assert.equal(
    parsePrimaryMessage({ tsgi: "cluster", type: "stop", reason: "shutdown", timeout: -1 }),
    undefined,
  );
  assert.equal(
    parsePrimaryMessage(envelope({ type: "heartbeat", inFlight: 0, busyForMs: 0, served: 0 })),
    undefined,
  );
});
