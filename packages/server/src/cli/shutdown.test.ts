import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import type { ServerHandle } from "../types.ts";
import { DUPLICATE_SIGNAL_MS, waitForShutdown, waitForWorkerEnd } from "./shutdown.ts";

/** A handle whose close() is recorded and finishes when the test says so. */
function fakeHandle() {
  const closes: ({ timeout?: number } | undefined)[] = [];
  let finishClose: () => void = () => {};
  const closed = new Promise<void>((resolve) => (finishClose = resolve));
  const handle: ServerHandle = {
    name: "fake",
    address: { host: "127.0.0.1", port: 1, url: "http://127.0.0.1:1" },
    addresses: [],
    close(options) {
      closes.push(options);
      return closed;
    },
  };
  return { handle, closes, finishClose };
}

function context() {
  const signals = new EventEmitter();
  const out: string[] = [];
  const err: string[] = [];
  return {
    signals,
    out,
    err,
    options: {
      signals,
      out: (line: string) => out.push(line),
      err: (line: string) => err.push(line),
      gracefulTimeout: 1_234,
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("waitForShutdown", () => {
  it("closes with the graceful timeout on the first signal and resolves 0", async () => {
    const { handle, closes, finishClose } = fakeHandle();
    const ctx = context();
    const done = waitForShutdown(handle, ctx.options);
    ctx.signals.emit("SIGTERM", "SIGTERM");
    assert.deepEqual(closes, [{ timeout: 1_234 }]);
    finishClose();
    assert.equal(await done, 0);
    assert.match(ctx.out.join("\n"), /SIGTERM received, shutting down gracefully[\s\S]*stopped/);
    assert.equal(ctx.signals.listenerCount("SIGINT"), 0, "listeners removed");
    assert.equal(ctx.signals.listenerCount("SIGTERM"), 0);
  });

  it("ignores a copy of the signal, and resolves 1 on a real second one", async () => {
    const { handle, closes } = fakeHandle();
    const ctx = context();
    const done = waitForShutdown(handle, ctx.options);
    ctx.signals.emit("SIGINT", "SIGINT");
    ctx.signals.emit("SIGINT", "SIGINT"); // the same Ctrl+C, forwarded by npm
    await sleep(DUPLICATE_SIGNAL_MS + 50);
    assert.equal(closes.length, 1);
    ctx.signals.emit("SIGINT", "SIGINT");
    assert.equal(await done, 1);
    assert.deepEqual(ctx.err, ["tsgi: SIGINT again, exiting without waiting for open requests"]);
  });

  it("shuts down when the reloader's channel closes", async () => {
    const { handle, closes, finishClose } = fakeHandle();
    const ctx = context();
    const parent = new EventEmitter();
    const done = waitForShutdown(handle, { ...ctx.options, parent });
    parent.emit("disconnect");
    assert.deepEqual(closes, [{ timeout: 1_234 }]);
    finishClose();
    assert.equal(await done, 0);
    assert.match(ctx.out[0] ?? "", /reloader went away/);
  });

  it("resolves 1 with one line when close fails", async () => {
    const ctx = context();
    const handle: ServerHandle = {
      ...fakeHandle().handle,
      close: () => Promise.reject(new Error("socket\nstuck")),
    };
    const done = waitForShutdown(handle, ctx.options);
    ctx.signals.emit("SIGTERM", "SIGTERM");
    assert.equal(await done, 1);
    assert.deepEqual(ctx.err, ["tsgi: shutdown failed: socket stuck"]);
  });
});

describe("waitForWorkerEnd", () => {
  it("ends when the primary disconnects the worker, without touching signals", async () => {
    const { handle, closes, finishClose } = fakeHandle();
    const channel = new EventEmitter();
    const done = waitForWorkerEnd(handle, channel, 500, () => {});
    assert.equal(closes.length, 0);
    channel.emit("disconnect");
    assert.deepEqual(closes, [{ timeout: 500 }]);
    finishClose();
    assert.equal(await done, 0);
  });

  it("ends at once when the channel is already closed", async () => {
    const { handle, finishClose } = fakeHandle();
    finishClose();
    const channel = Object.assign(new EventEmitter(), { connected: false });
    assert.equal(await waitForWorkerEnd(handle, channel, 500, () => {}), 0);
  });
});
