import assert from "node:assert/strict";
import { test } from "node:test";
import type { App } from "../types.ts";
import type { ValidationCode } from "./codes.ts";
import { assertViolation, bytes, exchange, type FakeRequest } from "./_harness.ts";

const ok = (startResponse: Parameters<App>[1], headers: [string, string][] = []) =>
  startResponse("200 OK", [["Content-Type", "text/plain"], ...headers]);

// Each app breaks exactly one body rule; some need a particular request.
const brokenBodies: [ValidationCode, string, App, FakeRequest?][] = [
  [
    "TSGI_E_BODY_STRING",
    "the body is a string",
    (_e, startResponse) => (ok(startResponse), "hello" as never),
  ],
  [
    "TSGI_E_BODY_BYTES",
    "the body is a bare Uint8Array",
    (_e, startResponse) => (ok(startResponse), bytes("hello") as never),
  ],
  [
    "TSGI_E_BODY_NOT_ITERABLE",
    "the app forgot to return",
    (_e, startResponse) => (ok(startResponse), undefined as never),
  ],
  [
    "TSGI_E_BODY_NOT_ITERABLE",
    "an async app resolves to a number",
    async (_e, startResponse) => (ok(startResponse), 42 as never),
  ],
  [
    "TSGI_E_BODY_STRING",
    "an async app resolves to a string",
    async (_e, startResponse) => (ok(startResponse), "hello" as never),
  ],
  [
    "TSGI_E_BODY_CLOSE_NOT_FUNCTION",
    "the body's close is a boolean",
    (_e, startResponse) => (ok(startResponse), Object.assign([bytes("x")], { close: true })),
  ],
  [
    "TSGI_E_CHUNK_STRING",
    "an Array body holds a string",
    (_e, startResponse) => (ok(startResponse), ["hello" as never]),
  ],
  [
    "TSGI_E_CHUNK_STRING",
    "a generator yields a string",
    (_e, startResponse) => {
      ok(startResponse);
      return (function* () {
        yield "hello" as never;
      })();
    },
  ],
  [
    "TSGI_E_CHUNK_NOT_BYTES",
    "an async generator yields an ArrayBuffer",
    (_e, startResponse) => {
      ok(startResponse);
      return (async function* () {
        yield new ArrayBuffer(4) as never;
      })();
    },
  ],
  [
    "TSGI_E_CHUNK_BEFORE_START_RESPONSE",
    "a lazy body yields bytes before calling startResponse",
    () =>
      (async function* () {
        yield bytes("too early");
      })(),
  ],
  [
    "TSGI_E_NO_START_RESPONSE",
    "the body ends and startResponse was never called",
    () => (function* () {})(),
  ],
  [
    "TSGI_E_BODY_ON_HEAD",
    "a HEAD response carries bytes",
    (_e, startResponse) => (ok(startResponse), [bytes("hello")]),
    { method: "HEAD" },
  ],
  [
    "TSGI_E_BODY_ON_NO_CONTENT_STATUS",
    "a 204 response carries bytes",
    (_e, startResponse) => (startResponse("204 No Content", []), [bytes("hello")]),
  ],
  [
    "TSGI_E_CONTENT_LENGTH_MISMATCH",
    "a generator yields fewer bytes than Content-Length",
    (_e, startResponse) => {
      ok(startResponse, [["Content-Length", "10"]]);
      return (async function* () {
        yield bytes("short");
      })();
    },
  ],
  [
    "TSGI_E_CONTENT_LENGTH_MISMATCH",
    "an Array body holds more bytes than Content-Length",
    (_e, startResponse) => (ok(startResponse, [["Content-Length", "2"]]), [bytes("hello")]),
  ],
  [
    "TSGI_E_WRITE_STRING",
    "write() gets a string",
    async (_e, startResponse) => {
      await ok(startResponse)("hello" as never);
      return [];
    },
  ],
  [
    "TSGI_E_WRITE_NOT_BYTES",
    "write() gets a number",
    async (_e, startResponse) => {
      await ok(startResponse)(42 as never);
      return [];
    },
  ],
];

for (const [code, what, app, request] of brokenBodies) {
  test(`${code}: ${what}`, async () => {
    assertViolation(await exchange(app, request), code);
  });
}

test("TSGI_E_CHUNK_STRING: the message tells the learner to use TextEncoder", async () => {
  const { error } = await exchange((_e, startResponse) => (ok(startResponse), ["hi" as never]));
  assert.match((error as Error).message, /bodies are bytes: encode strings with TextEncoder/);
});

test("TSGI_E_WRITE_AFTER_CLOSE: a timer writes after the server closed the response", async () => {
  let write: ((chunk: Uint8Array) => Promise<void>) | undefined;
  const app: App = (_e, startResponse) => {
    write = ok(startResponse);
    return [];
  };
  const result = await exchange(app);
  assert.deepEqual(result.violations, []);
  await assert.rejects(async () => write?.(bytes("late")), { code: "TSGI_E_WRITE_AFTER_CLOSE" });
});

test("bytes from write() and the body both count towards Content-Length", async () => {
  const app: App = async (_e, startResponse) => {
    await ok(startResponse, [["Content-Length", "6"]])(bytes("abc"));
    return [bytes("def")];
  };
  const result = await exchange(app);
  assert.deepEqual(result.violations, []);
  assert.equal(result.response.text, "abcdef");
});

test("a lazy body is checked when the chunk arrives, not when the app returns", async () => {
  let returned = false;
  const app: App = () => {
    returned = true;
    return (function* () {
      yield "late" as never;
    })();
  };
  const result = await exchange(app);
  assert.equal(returned, true);
  assertViolation(result, "TSGI_E_CHUNK_STRING");
});
