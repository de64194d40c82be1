import assert from "node:assert/strict";
import { test } from "node:test";
import { createInputStream } from "../input.ts";
import type { App, Environ, InputStream } from "../types.ts";
import { assertClean, assertViolation, bytes, exchange } from "./_harness.ts";

/** An app that uses tsgi.input or tsgi.errors through `use`, then answers 200. */
const using =
  (use: (environ: Environ) => unknown): App =>
  async (environ, startResponse) => {
    await use(environ);
    startResponse("200 OK", []);
    return [];
  };

const post = { method: "POST", body: "a=1\nb=2\n" };

test("TSGI_E_INPUT_BAD_SIZE: read() with a string size", async () => {
  const app = using((environ) => environ["tsgi.input"].read("10" as never));
  assertViolation(await exchange(app, post), "TSGI_E_INPUT_BAD_SIZE");
});

test("TSGI_E_INPUT_BAD_SIZE: readline() with a fractional limit", async () => {
  const app = using((environ) => environ["tsgi.input"].readline(2.5));
  assertViolation(await exchange(app, post), "TSGI_E_INPUT_BAD_SIZE");
});

test("TSGI_E_INPUT_CONCURRENT_READ: a second read before the first settled", async () => {
  const app = using((environ) => {
    const input = environ["tsgi.input"];
    return Promise.all([input.read(2), input.read(2)]);
  });
  assertViolation(await exchange(app, post), "TSGI_E_INPUT_CONCURRENT_READ");
});

test("TSGI_E_INPUT_RESULT: the server's tsgi.input yields strings", async () => {
  const strings: InputStream = {
    read: async () => "a=1" as never,
    readline: async () => "a=1" as never,
    readlines: async () => [],
    async *[Symbol.asyncIterator]() {},
  };
  const app = using((environ) => environ["tsgi.input"].read());
  const result = await exchange(app, { editEnviron: (e) => (e["tsgi.input"] = strings) });
  assertViolation(result, "TSGI_E_INPUT_RESULT");
  assert.equal((result.error as { side?: string }).side, "server");
});

test("TSGI_E_ERRORS_NOT_STRING: writing an Error object to tsgi.errors", async () => {
  const app = using((environ) => environ["tsgi.errors"].write(new Error("oops") as never));
  assertViolation(await exchange(app), "TSGI_E_ERRORS_NOT_STRING");
});

test("TSGI_E_ERRORS_NOT_STRING: writelines() with a number among the lines", async () => {
  const app = using((environ) => environ["tsgi.errors"].writelines(["ok\n", 42 as never]));
  assertViolation(await exchange(app), "TSGI_E_ERRORS_NOT_STRING");
});

test("correct reads pass: sequential read/readline/readlines, iteration, and reading late", async () => {
  let input: InputStream | undefined;
  const app: App = async (environ, startResponse) => {
    input = environ["tsgi.input"];
    assert.equal(new TextDecoder().decode(await input.readline()), "a=1\n");
    assert.equal((await input.read(-1)).byteLength, 4);
    assert.deepEqual(await input.readlines(), []);
    for await (const chunk of input) assert.fail(`unexpected ${chunk.byteLength} bytes`);
    startResponse("200 OK", []);
    return [];
  };
  assertClean(await exchange(app, post));
  const late = await input?.read(); // reading after the response ended is allowed
  assert.equal(late?.byteLength, 0);
});

test("iterating tsgi.input goes through the checks and yields the body", async () => {
  const chunks: string[] = [];
  const app = using(async (environ) => {
    for await (const chunk of environ["tsgi.input"]) chunks.push(new TextDecoder().decode(chunk));
  });
  const editEnviron = (environ: Environ) => {
    environ["tsgi.input"] = createInputStream([bytes("one"), bytes("two")]);
  };
  assertClean(await exchange(app, { editEnviron }));
  assert.deepEqual(chunks, ["one", "two"]);
});

test("correct tsgi.errors use passes and reaches the server's stream", async () => {
  const lines: string[] = [];
  const app = using((environ) => {
    environ["tsgi.errors"].write("one\n");
    environ["tsgi.errors"].writelines(["two\n", "three\n"]);
    environ["tsgi.errors"].flush();
  });
  const editEnviron = (environ: Environ) => {
    environ["tsgi.errors"] = {
      write: (text) => lines.push(text),
      writelines: (all) => lines.push(...all),
      flush: () => {},
    };
  };
  assertClean(await exchange(app, { editEnviron }));
  assert.deepEqual(lines, ["one\n", "two\n", "three\n"]);
});
