import assert from "node:assert/strict";
import { test } from "node:test";
import type { App, HeaderList, StartResponse } from "../types.ts";
import type { ValidationCode } from "./codes.ts";
import {
  assertClean,
  assertViolation,
  bytes,
  exchange,
  FakeResponse,
  makeEnviron,
} from "./_harness.ts";
import { validate } from "./validate.ts";

/** An app that answers with this status and these headers, and a body when allowed. */
const answer =
  (status: unknown, headers: unknown): App =>
  (_environ, startResponse) => {
    startResponse(status as string, headers as HeaderList);
    return [];
  };

const brokenStarts: [ValidationCode, string, App][] = [
  ["TSGI_E_STATUS_NOT_STRING", "the status is a number", answer(200, [])],
  ["TSGI_E_STATUS_FORMAT", "the status has no reason phrase separator", answer("200", [])],
  ["TSGI_E_STATUS_FORMAT", "the status code is below 100", answer("099 Weird", [])],
  ["TSGI_E_STATUS_NOT_LATIN1", "the reason phrase has an emoji", answer("200 OK 👍", [])],
  ["TSGI_E_STATUS_CONTROL_CHARACTER", "the status ends with CRLF", answer("200 OK\r\n", [])],
  [
    "TSGI_E_HEADERS_NOT_ARRAY",
    "headers are an object",
    answer("200 OK", { "Content-Type": "text/plain" }),
  ],
  ["TSGI_E_HEADER_NOT_PAIR", "a header has three elements", answer("200 OK", [["A", "b", "c"]])],
  [
    "TSGI_E_HEADER_NOT_STRING",
    "a header value is a number",
    answer("200 OK", [["Content-Length", 0]]),
  ],
  ["TSGI_E_HEADER_NAME", "a header name has a colon", answer("200 OK", [["X-Bad:", "1"]])],
  [
    "TSGI_E_HEADER_VALUE_NOT_LATIN1",
    "a header value has a CJK character",
    answer("200 OK", [["X-Name", "東京"]]),
  ],
  [
    "TSGI_E_HEADER_VALUE_CONTROL_CHARACTER",
    "a header value injects a header",
    answer("200 OK", [["X-A", "1\r\nSet-Cookie: a=b"]]),
  ],
  ["TSGI_E_STATUS_HEADER", "a Status header", answer("200 OK", [["Status", "404 Not Found"]])],
  [
    "TSGI_E_HOP_BY_HOP_HEADER",
    "a Transfer-Encoding header",
    answer("200 OK", [["Transfer-Encoding", "chunked"]]),
  ],
  [
    "TSGI_E_CONTENT_TYPE_FORBIDDEN",
    "Content-Type on a 204",
    answer("204 No Content", [["Content-Type", "text/plain"]]),
  ],
  [
    "TSGI_E_CONTENT_LENGTH_FORBIDDEN",
    "Content-Length on a 304",
    answer("304 Not Modified", [["Content-Length", "0"]]),
  ],
  [
    "TSGI_E_CONTENT_LENGTH_HEADER_INVALID",
    "Content-Length is not digits",
    answer("200 OK", [["Content-Length", "-1"]]),
  ],
  [
    "TSGI_E_CONTENT_LENGTH_HEADER_INVALID",
    "Content-Length given twice",
    answer("200 OK", [
      ["Content-Length", "0"],
      ["content-length", "0"],
    ]),
  ],
];

for (const [code, what, app] of brokenStarts) {
  test(`${code}: ${what}`, async () => {
    assertViolation(await exchange(app), code);
  });
}

test("TSGI_E_START_RESPONSE_TWICE: startResponse called again without excInfo", async () => {
  const app: App = (_environ, startResponse) => {
    startResponse("200 OK", []);
    startResponse("404 Not Found", []);
    return [];
  };
  assertViolation(await exchange(app), "TSGI_E_START_RESPONSE_TWICE");
});

test("TSGI_E_EXC_INFO: excInfo is a string, not the caught error", async () => {
  const app: App = (_environ, startResponse) => {
    startResponse("500 Internal Server Error", [], "it broke");
    return [];
  };
  assertViolation(await exchange(app), "TSGI_E_EXC_INFO");
});

test("TSGI_E_EXC_INFO: excInfo is null (servers test for undefined)", async () => {
  const app: App = (_environ, startResponse) => {
    startResponse("200 OK", [], null);
    return [];
  };
  assertViolation(await exchange(app), "TSGI_E_EXC_INFO");
});

/** Runs `app` against a server whose startResponse is replaced by `serverStart`. */
async function withServer(app: App, serverStart: StartResponse): Promise<unknown> {
  const validated = validate(app);
  try {
    await validated(makeEnviron(), serverStart);
  } catch (error) {
    return error;
  }
  return undefined;
}

const okApp: App = async (_environ, startResponse) => {
  await startResponse("200 OK", [])(bytes("x"));
  return [];
};

test("TSGI_E_SERVER_WRITE_NOT_FUNCTION: the server's startResponse returns nothing", async () => {
  const error = await withServer(okApp, () => undefined as never);
  assert.equal((error as { code?: string }).code, "TSGI_E_SERVER_WRITE_NOT_FUNCTION");
});

test("TSGI_E_SERVER_WRITE_NOT_PROMISE: the server's write returns undefined", async () => {
  const error = await withServer(okApp, () => (() => undefined) as never);
  assert.equal((error as { code?: string }).code, "TSGI_E_SERVER_WRITE_NOT_PROMISE");
});

test("TSGI_E_SERVER_EXC_INFO_NOT_RETHROWN: the server ignores excInfo after headers went out", async () => {
  const app: App = async (_environ, startResponse) => {
    await startResponse("200 OK", [])(bytes("partial"));
    startResponse("500 Internal Server Error", [], new Error("late failure"));
    return [];
  };
  const lenient = new FakeResponse();
  const error = await withServer(app, (status, headers) => lenient.startResponse(status, headers));
  assert.equal((error as { code?: string }).code, "TSGI_E_SERVER_EXC_INFO_NOT_RETHROWN");
});

test("excInfo after headers went out: the server's re-throw reaches the app, no violation", async () => {
  const failure = new Error("late failure");
  let caught: unknown;
  const app: App = async (_environ, startResponse) => {
    await startResponse("200 OK", [])(bytes("partial"));
    try {
      startResponse("500 Internal Server Error", [], failure);
    } catch (error) {
      caught = error;
    }
    return [];
  };
  assertClean(await exchange(app));
  assert.equal(caught, failure);
});

test("header names are case-insensitive for the rules (content-type on 204)", async () => {
  assertViolation(
    await exchange(answer("204 No Content", [["content-type", "text/plain"]])),
    "TSGI_E_CONTENT_TYPE_FORBIDDEN",
  );
});

test("messages show the offending value and what was expected", async () => {
  const { error } = await exchange(answer("200 OK", [["X-Name", "東京"]]));
  assert.match(String((error as Error).message), /U\+6771/);
  assert.match(String((error as Error).message), /Latin-1/);
  assert.equal((error as { side?: string }).side, "app");
});
