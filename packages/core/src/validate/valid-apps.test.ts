import assert from "node:assert/strict";
import { test } from "node:test";
import type { App } from "../types.ts";
import { assertClean, bytes, exchange, FakeResponse, makeEnviron } from "./_harness.ts";
import { validate } from "./validate.ts";

const text = [["Content-Type", "text/plain; charset=utf-8"]] as [string, string][];

test("a sync Array body passes", async () => {
  const app: App = (_environ, startResponse) => {
    startResponse("200 OK", [
      ...text,
      ["Content-Length", "5"],
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
    ]);
    return [bytes("hel"), bytes("lo")];
  };
  const result = await exchange(app);
  assertClean(result);
  assert.equal(result.response.text, "hello");
  result.validated.assertBodiesClosed();
});

test("an async generator body that calls startResponse lazily passes", async () => {
  const app: App = (environ, startResponse) =>
    (async function* () {
      yield new Uint8Array(0); // empty chunks may come before startResponse
      startResponse("200 OK", text);
      yield bytes(`path=${environ.PATH_INFO}`);
    })();
  const result = await exchange(app, { target: "/x" });
  assertClean(result);
  assert.equal(result.response.text, "path=/x");
});

test("the write() API passes", async () => {
  const app: App = async (_environ, startResponse) => {
    const write = startResponse("200 OK", text);
    await write(bytes("written "));
    return [bytes("and returned")];
  };
  const result = await exchange(app);
  assertClean(result);
  assert.equal(result.response.text, "written and returned");
});

test("excInfo before headers went out switches to an error response", async () => {
  const app: App = async (_environ, startResponse) => {
    startResponse("200 OK", text);
    try {
      throw new Error("database down");
    } catch (error) {
      startResponse("500 Internal Server Error", text, error);
      return [bytes("sorry")];
    }
  };
  const result = await exchange(app);
  assertClean(result);
  assert.equal(result.response.status, "500 Internal Server Error");
  assert.equal(result.response.text, "sorry");
});

test("HEAD with the GET Content-Length and no bytes passes", async () => {
  const app: App = (environ, startResponse) => {
    startResponse("200 OK", [...text, ["Content-Length", "5"]]);
    return environ.REQUEST_METHOD === "HEAD" ? [] : [bytes("hello")];
  };
  assertClean(await exchange(app, { method: "HEAD" }));
});

test("204, 304 and a redirect without a body pass", async () => {
  for (const status of ["204 No Content", "304 Not Modified", "302 Found"]) {
    const app: App = (_environ, startResponse) => {
      startResponse(status, status.startsWith("302") ? [["Location", "/"]] : []);
      return [];
    };
    assertClean(await exchange(app));
  }
});

test("reporting instead of throwing: violations are collected and values pass through", async () => {
  const app: App = (_environ, startResponse) => {
    startResponse("200 OK", [["X-A", "1"]]);
    return ["not bytes" as never, bytes("!")];
  };
  const result = await exchange(app, {}, false);
  assert.deepEqual(
    result.violations.map((violation) => violation.code),
    ["TSGI_E_CHUNK_STRING"],
  );
  assert.equal(result.error, undefined);
  assert.deepEqual(result.response.chunks, ["not bytes", bytes("!")], "passed through as is");
});

test("without onViolation, report mode still warns through process warnings", async (t) => {
  const warnings: Error[] = [];
  const listener = (warning: Error) => warnings.push(warning);
  process.on("warning", listener);
  t.after(() => process.off("warning", listener));
  const app = validate((_environ, startResponse) => (startResponse("200", []), []), {
    throwOnViolation: false,
  });
  await app(makeEnviron(), new FakeResponse().startResponse);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    warnings.map((warning) => (warning as { code?: string }).code),
    ["TSGI_E_STATUS_FORMAT"],
  );
});
