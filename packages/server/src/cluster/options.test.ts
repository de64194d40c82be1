import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { test } from "node:test";
import { clusterServer, isClusterHandle } from "./index.ts";
import {
  DEFAULT_GRACEFUL_TIMEOUT_MS,
  DEFAULT_WORKER_TIMEOUT_MS,
  resolveSettings,
} from "./options.ts";

test("resolveSettings: gunicorn-like defaults", () => {
  const settings = resolveSettings({});
  assert.equal(settings.workers, availableParallelism());
  assert.equal(settings.maxRequests, 0);
  assert.equal(settings.maxRequestsJitter, 0);
  assert.equal(settings.workerTimeout, DEFAULT_WORKER_TIMEOUT_MS);
  assert.equal(settings.gracefulTimeout, DEFAULT_GRACEFUL_TIMEOUT_MS);
  assert.deepEqual(settings.binds, [{ kind: "tcp", host: "127.0.0.1", port: 8000 }]);
});

test("resolveSettings: values out of range are refused with TSGI_E_CLUSTER_OPTIONS", () => {
  for (const options of [
    { workers: 0 },
    { workers: 1.5 },
    { maxRequests: -1 },
    { maxRequestsJitter: Number.NaN },
    { workerTimeout: -5 },
    { gracefulTimeout: Number.POSITIVE_INFINITY },
    { port: 70_000 },
  ]) {
    assert.throws(
      () => resolveSettings(options),
      { code: "TSGI_E_CLUSTER_OPTIONS" },
      JSON.stringify(options),
    );
  }
});

test("resolveSettings: bind replaces host and port, each entry read as the node server does", () => {
  assert.deepEqual(
    resolveSettings({ host: "::1", bind: ["[::1]:0", ":9000", "unix:/tmp/a.sock"] }).binds,
    [
      { kind: "tcp", host: "::1", port: 0 },
      { kind: "tcp", host: undefined, port: 9000 },
      { kind: "unix", path: "/tmp/a.sock" },
    ],
  );
  assert.throws(() => resolveSettings({ bind: ["[::1"] }), { code: "TSGI_E_INVALID_BIND" });
});

test("clusterServer.listen rejects bad options before forking anything", async () => {
  await assert.rejects(
    clusterServer.listen(() => [], { workers: 0 }),
    {
      code: "TSGI_E_CLUSTER_OPTIONS",
    },
  );
});

test("isClusterHandle tells a cluster handle from another server's", () => {
  const base = { address: { host: "h", port: 1, url: "u" }, addresses: [], close: async () => {} };
  assert.equal(isClusterHandle({ ...base, name: "node" }), false);
  assert.equal(
    isClusterHandle({
      ...base,
      name: "cluster",
      role: "worker",
      workers: () => [],
      reload: async () => {},
    } as never),
    true,
  );
});
