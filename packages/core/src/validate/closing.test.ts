import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fileWrapper, isFileBody } from "../file-wrapper.ts";
import type { App, Body } from "../types.ts";
import type { ValidationCode } from "./codes.ts";
import type { TsgiValidationError } from "./error.ts";
import { bytes, drain, FakeResponse, makeEnviron } from "./_harness.ts";
import { validate, type ValidatedApp } from "./validate.ts";

/** An app whose generator body records how it was finished. */
function recordingApp(log: string[]): App {
  return (_environ, startResponse) => {
    startResponse("200 OK", []);
    const body = (function* () {
      try {
        yield bytes("one");
        yield bytes("two");
      } finally {
        log.push("finally");
      }
    })();
    return Object.assign(body, { close: () => void log.push("close") });
  };
}

/** Calls the validated app the way a server would and returns the body it got. */
async function respond(app: App, violations: TsgiValidationError[] = []) {
  const validated = validate(app, { onViolation: (error) => violations.push(error) });
  const body = (await validated(
    makeEnviron(),
    new FakeResponse().startResponse,
  )) as Iterable<Uint8Array> & {
    close(): unknown;
  };
  return { validated, body, violations };
}

const codes = (violations: TsgiValidationError[]): ValidationCode[] =>
  violations.map((v) => v.code);

test("TSGI_E_BODY_CLOSED_TWICE: the server calls close() twice; the app's close runs once", async () => {
  const log: string[] = [];
  const { body, violations } = await respond(recordingApp(log));
  await drain(body, new FakeResponse());
  assert.throws(() => body.close(), { code: "TSGI_E_BODY_CLOSED_TWICE" });
  assert.deepEqual(codes(violations), ["TSGI_E_BODY_CLOSED_TWICE"]);
  assert.deepEqual(log, ["finally", "close"]);
});

test("TSGI_E_ITERATOR_RETURNED_TWICE: the server calls return() twice", async () => {
  const log: string[] = [];
  const { body, violations } = await respond(recordingApp(log));
  const iterator = body[Symbol.iterator]();
  iterator.next();
  iterator.return?.();
  assert.throws(() => iterator.return?.(), { code: "TSGI_E_ITERATOR_RETURNED_TWICE" });
  body.close();
  assert.deepEqual(codes(violations), ["TSGI_E_ITERATOR_RETURNED_TWICE"]);
  assert.deepEqual(log, ["finally", "close"]);
});

test("TSGI_E_ITERATE_AFTER_CLOSE: the server pulls a chunk after close()", async () => {
  const { body, violations } = await respond(recordingApp([]));
  const iterator = body[Symbol.iterator]();
  iterator.next();
  iterator.return?.();
  body.close();
  assert.throws(() => iterator.next(), { code: "TSGI_E_ITERATE_AFTER_CLOSE" });
  assert.deepEqual(codes(violations), ["TSGI_E_ITERATE_AFTER_CLOSE"]);
});

test("TSGI_E_ITERATOR_NOT_RETURNED: close() mid-iteration without return(); the validator still finishes the generator", async () => {
  const log: string[] = [];
  const { body, violations } = await respond(recordingApp(log));
  body[Symbol.iterator]().next();
  assert.throws(() => body.close(), { code: "TSGI_E_ITERATOR_NOT_RETURNED" });
  assert.deepEqual(codes(violations), ["TSGI_E_ITERATOR_NOT_RETURNED"]);
  assert.deepEqual(log, ["finally", "close"], "the app's finally runs before its close()");
});

test("TSGI_E_BODY_NOT_CLOSED: assertBodiesClosed() names the request whose body is open", async () => {
  const violations: TsgiValidationError[] = [];
  const validated = validate(recordingApp([]), { onViolation: (error) => violations.push(error) });
  const environ = makeEnviron({ target: "/report?x=1" });
  await validated(environ, new FakeResponse().startResponse);
  assert.deepEqual(validated.openBodies(), [{ method: "GET", path: "/report" }]);
  assert.throws(
    () => validated.assertBodiesClosed(),
    (error: TsgiValidationError) => {
      assert.equal(error.code, "TSGI_E_BODY_NOT_CLOSED");
      assert.match(error.message, /GET \/report/);
      return true;
    },
  );
  assert.deepEqual(codes(violations), ["TSGI_E_BODY_NOT_CLOSED"]);
});

test("a server that stops early (client gone) calls return() then close(): no violation", async () => {
  const log: string[] = [];
  const { validated, body, violations } = await respond(recordingApp(log));
  for (const chunk of body) {
    assert.equal(chunk.byteLength, 3);
    break; // for-of calls return() on break
  }
  body.close();
  assert.deepEqual(violations, []);
  assert.deepEqual(log, ["finally", "close"]);
  validated.assertBodiesClosed();
});

test("an error from a check ends iteration like any throw; close() then finishes the app's generator", async () => {
  const log: string[] = [];
  const app: App = (_environ, startResponse) => {
    startResponse("200 OK", []);
    return (function* () {
      try {
        yield "oops" as never;
      } finally {
        log.push("finally");
      }
    })();
  };
  const { body, violations } = await respond(app);
  await assert.rejects(drain(body, new FakeResponse()), { code: "TSGI_E_CHUNK_STRING" });
  assert.deepEqual(codes(violations), ["TSGI_E_CHUNK_STRING"], "no blame on the server's for-of");
  assert.deepEqual(log, ["finally"]);
});

test("sync bodies stay sync, async stay async, Arrays stay Arrays", async () => {
  const bodies: Body[] = [
    [bytes("a")],
    (function* () {
      yield bytes("a");
    })(),
    (async function* () {
      yield bytes("a");
    })(),
  ];
  for (const original of bodies) {
    const app = validate((_environ, startResponse) => (startResponse("200 OK", []), original));
    const wrapped = (await app(makeEnviron(), new FakeResponse().startResponse)) as object;
    assert.equal(Symbol.iterator in wrapped, Symbol.iterator in original);
    assert.equal(Symbol.asyncIterator in wrapped, Symbol.asyncIterator in original);
    assert.equal(Array.isArray(wrapped), Array.isArray(original));
    assert.equal(typeof (wrapped as { close?: unknown }).close, "function");
    await drain(wrapped as Body, new FakeResponse());
    app.assertBodiesClosed();
  }
});

test("an Array body keeps its length and indices, so a server can sum Content-Length", async () => {
  const app = validate(
    (_environ, startResponse) => (startResponse("200 OK", []), [bytes("ab"), bytes("c")]),
  );
  const body = (await app(makeEnviron(), new FakeResponse().startResponse)) as Uint8Array[];
  assert.equal(body.length, 2);
  assert.equal(
    body.reduce((sum, chunk) => sum + chunk.byteLength, 0),
    3,
  );
});

test("a file body keeps its brand, path and range for sendfile, and its close() is tracked", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tsgi-validate-"));
  const path = join(dir, "file.txt");
  writeFileSync(path, "0123456789");
  const app: ValidatedApp = validate((_environ, startResponse) => {
    startResponse("200 OK", [["Content-Length", "4"]]);
    return fileWrapper(path, { start: 2, length: 4 });
  });
  const body = await app(makeEnviron(), new FakeResponse().startResponse);
  assert.ok(isFileBody(body));
  assert.deepEqual([body.path, body.start, body.length], [path, 2, 4]);
  const response = new FakeResponse();
  await drain(body, response); // a server without sendfile iterates it: chunks are checked then
  assert.equal(response.text, "2345");
  app.assertBodiesClosed();
});

test("an unclosed body that is garbage-collected is reported to onViolation", async () => {
  // node --test runs each file in its own process, so exposing gc here affects only this file.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const violations: TsgiValidationError[] = [];
  const app = validate(recordingApp([]), { onViolation: (error) => violations.push(error) });
  await (async () => {
    await app(makeEnviron(), new FakeResponse().startResponse); // dropped without close()
  })();
  for (let attempt = 0; attempt < 20 && violations.length === 0; attempt++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.deepEqual(codes(violations), ["TSGI_E_BODY_NOT_CLOSED"]);
});
