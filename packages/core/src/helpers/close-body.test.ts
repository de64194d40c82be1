import assert from "node:assert/strict";
import { test } from "node:test";
import { closeBody } from "./close-body.ts";

test("closeBody runs a generator body's finally block when it had started", async () => {
  const events: string[] = [];
  async function* body() {
    try {
      yield new Uint8Array(1);
      yield new Uint8Array(1);
    } finally {
      events.push("finally");
    }
  }
  const generator = body();
  await generator.next();
  await closeBody(generator);
  assert.deepEqual(events, ["finally"]);
  assert.deepEqual(await generator.next(), { done: true, value: undefined });
});

test("closeBody calls close() once on a body that has it", async () => {
  let closed = 0;
  const body = Object.assign([new Uint8Array(1)], { close: () => void (closed += 1) });
  await closeBody(body);
  assert.equal(closed, 1);
});

test("closeBody still calls close() when return() throws, and reports the error", async () => {
  let closed = false;
  const body = {
    [Symbol.iterator]: () => [][Symbol.iterator](),
    return: () => {
      throw new Error("return failed");
    },
    close: () => void (closed = true),
  };
  await assert.rejects(closeBody(body), /return failed/);
  assert.equal(closed, true);
});

test("closeBody on a plain array leaves the array as it was", async () => {
  const body = [new Uint8Array(2)];
  await closeBody(body);
  assert.equal(body.length, 1);
});
