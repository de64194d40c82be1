import assert from "node:assert/strict";
import { test } from "node:test";
import type { App, Environ } from "../types.ts";
import type { ValidationCode } from "./codes.ts";
import { TsgiValidationError } from "./error.ts";
import {
  assertClean,
  assertViolation,
  bytes,
  exchange,
  FakeResponse,
  makeEnviron,
} from "./_harness.ts";
import { validate } from "./validate.ts";

const hello: App = (_environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [bytes("hello")];
};

// One broken server per rule: each edits a correct environ in exactly one way.
const brokenEnvirons: [ValidationCode, string, (environ: Environ) => void][] = [
  [
    "TSGI_E_ENVIRON_MISSING_KEY",
    "SERVER_PORT is missing",
    (e) => delete (e as Record<string, unknown>).SERVER_PORT,
  ],
  ["TSGI_E_ENVIRON_NOT_STRING", "SERVER_PORT is a number", (e) => (e.SERVER_PORT = 8000 as never)],
  [
    "TSGI_E_ENVIRON_HTTP_CONTENT_HEADER",
    "HTTP_CONTENT_TYPE is set",
    (e) => (e.HTTP_CONTENT_TYPE = "text/plain"),
  ],
  [
    "TSGI_E_ENVIRON_REQUEST_METHOD",
    "REQUEST_METHOD is lower case",
    (e) => (e.REQUEST_METHOD = "get"),
  ],
  [
    "TSGI_E_ENVIRON_SCRIPT_NAME",
    'SCRIPT_NAME is "/" with a non-empty PATH_INFO',
    (e) => {
      e.SCRIPT_NAME = "/";
      e.PATH_INFO = "/x";
    },
  ],
  [
    "TSGI_E_ENVIRON_SCRIPT_NAME",
    "SCRIPT_NAME lacks its leading slash",
    (e) => (e.SCRIPT_NAME = "app"),
  ],
  ["TSGI_E_ENVIRON_PATH_INFO", "PATH_INFO lacks its leading slash", (e) => (e.PATH_INFO = "hello")],
  [
    "TSGI_E_ENVIRON_CONTENT_LENGTH",
    "CONTENT_LENGTH is not digits",
    (e) => (e.CONTENT_LENGTH = "12abc"),
  ],
  [
    "TSGI_E_ENVIRON_VERSION",
    "tsgi.version is [1, 1]",
    (e) => (e["tsgi.version"] = [1, 1] as never),
  ],
  [
    "TSGI_E_ENVIRON_URL_SCHEME",
    'tsgi.url_scheme is "ftp"',
    (e) => (e["tsgi.url_scheme"] = "ftp" as never),
  ],
  [
    "TSGI_E_ENVIRON_INPUT",
    "tsgi.input has no readline()",
    (e) => (e["tsgi.input"] = { read: async () => bytes("") } as never),
  ],
  [
    "TSGI_E_ENVIRON_ERRORS",
    "tsgi.errors has no flush()",
    (e) => (e["tsgi.errors"] = { write() {}, writelines() {} } as never),
  ],
  [
    "TSGI_E_ENVIRON_FLAG",
    'tsgi.run_once is the string "false"',
    (e) => (e["tsgi.run_once"] = "false" as never),
  ],
  [
    "TSGI_E_ENVIRON_EXTENSION",
    "tsgi.signal is not an AbortSignal",
    (e) => (e["tsgi.signal"] = {} as never),
  ],
];

for (const [code, what, edit] of brokenEnvirons) {
  test(`${code}: ${what}`, async () => {
    const result = await exchange(hello, { editEnviron: edit });
    assertViolation(result, code);
    assert.equal(result.error instanceof TsgiValidationError && result.error.side, "server");
  });
}

test("TSGI_E_ENVIRON_NOT_OBJECT: environ is a Map", () => {
  const app = validate(hello);
  const environ = new Map(Object.entries(makeEnviron())) as unknown as Environ;
  assert.throws(() => app(environ, new FakeResponse().startResponse), {
    code: "TSGI_E_ENVIRON_NOT_OBJECT",
  });
});

test("TSGI_E_START_RESPONSE_NOT_FUNCTION: the server passes no startResponse", () => {
  const app = validate(hello);
  assert.throws(() => app(makeEnviron(), undefined as never), {
    code: "TSGI_E_START_RESPONSE_NOT_FUNCTION",
  });
});

test("a lazy tsgi.signal getter stays lazy and is checked when the app reads it", async () => {
  let reads = 0;
  const editEnviron = (environ: Environ) => {
    Object.defineProperty(environ, "tsgi.signal", {
      enumerable: true,
      get: () => {
        reads += 1;
        return "not a signal";
      },
    });
  };
  assertClean(await exchange(hello, { editEnviron }));
  assert.equal(reads, 0, "a validator must not create the signal the app never asked for");
  const reader: App = (environ, startResponse) => {
    void environ["tsgi.signal"];
    return hello(environ, startResponse);
  };
  assertViolation(await exchange(reader, { editEnviron }), "TSGI_E_ENVIRON_EXTENSION");
});

test("a correct lazy tsgi.signal reaches the app as the server's own AbortSignal", async () => {
  const controller = new AbortController();
  let seen: unknown;
  const app: App = (environ, startResponse) => {
    seen = environ["tsgi.signal"];
    return hello(environ, startResponse);
  };
  const editEnviron = (environ: Environ) =>
    Object.defineProperty(environ, "tsgi.signal", { get: () => controller.signal });
  assertClean(await exchange(app, { editEnviron }));
  assert.equal(seen, controller.signal);
});

test("the app's changes to environ stay in its copy; the server's object is untouched", async () => {
  const environ = makeEnviron({ target: "/a/b" });
  const app = validate((env, startResponse) => {
    env.SCRIPT_NAME = "/a";
    env.PATH_INFO = "/b";
    return hello(env, startResponse);
  });
  await app(environ, new FakeResponse().startResponse);
  assert.equal(environ.SCRIPT_NAME, "");
  assert.equal(environ.PATH_INFO, "/a/b");
});
