import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputTruncatedError, createInputStream } from "./input.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe("createInputStream", () => {
  test("read() returns everything, then an empty array at EOF", async () => {
    const input = createInputStream([bytes("hello "), bytes("world")]);
    assert.equal(text(await input.read()), "hello world");
    assert.equal((await input.read()).byteLength, 0);
  });

  test("read(n) returns at most n bytes across chunk boundaries", async () => {
    const input = createInputStream([bytes("abc"), bytes("defg")]);
    assert.equal(text(await input.read(2)), "ab");
    assert.equal(text(await input.read(2)), "c");
    assert.equal(text(await input.read(10)), "defg");
    assert.equal((await input.read(1)).byteLength, 0);
  });

  test("readline() splits on LF, keeps the LF, and honours a limit", async () => {
    const input = createInputStream([bytes("one\ntw"), bytes("o\nthree")]);
    assert.equal(text(await input.readline()), "one\n");
    assert.equal(text(await input.readline(2)), "tw");
    assert.equal(text(await input.readline()), "o\n");
    assert.equal(text(await input.readline()), "three");
    assert.equal((await input.readline()).byteLength, 0);
  });

  test("readlines() returns every remaining line", async () => {
    const input = createInputStream([bytes("a\nb\nc")]);
    assert.deepEqual((await input.readlines()).map(text), ["a\n", "b\n", "c"]);
  });

  test("never reads past Content-Length", async () => {
    const input = createInputStream([bytes("12345"), bytes("next request")], {
      contentLength: 3,
    });
    assert.equal(text(await input.read()), "123");
    assert.equal((await input.read()).byteLength, 0);
  });

  test("a source that ends before Content-Length is a read error", async () => {
    const input = createInputStream([bytes("12")], { contentLength: 5 });
    await assert.rejects(input.read(), (error: unknown) => {
      assert.ok(error instanceof InputTruncatedError);
      assert.equal(error.code, "TSGI_E_INPUT_TRUNCATED");
      assert.equal(error.missing, 3);
      return true;
    });
  });

  test("Content-Length 0 never touches the source", async () => {
    let pulled = false;
    async function* source() {
      pulled = true;
      yield bytes("x");
    }
    const input = createInputStream(source(), { contentLength: 0 });
    assert.equal((await input.read()).byteLength, 0);
    assert.equal(pulled, false);
  });

  test("onFirstRead runs once, before the first pull, and not before", async () => {
    const events: string[] = [];
    async function* source() {
      events.push("pull");
      yield bytes("body");
    }
    const input = createInputStream(source(), { onFirstRead: () => events.push("continue") });
    assert.deepEqual(events, []);
    await input.read(1);
    await input.read();
    assert.deepEqual(events, ["continue", "pull"]);
  });

  test("async iteration yields pending bytes first, then the rest", async () => {
    const input = createInputStream([bytes("ab"), bytes("cd")]);
    await input.read(1);
    const seen: string[] = [];
    for await (const chunk of input) seen.push(text(chunk));
    assert.equal(seen.join(""), "bcd");
  });

  test("source errors reach the reader", async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      yield bytes("a");
      throw new Error("client went away");
    }
    const input = createInputStream(source());
    await assert.rejects(input.read(), /client went away/);
  });

  test("a non-byte chunk from the source is a TypeError", async () => {
    const input = createInputStream([42 as unknown as Uint8Array]);
    await assert.rejects(input.read(), TypeError);
  });
});
