import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { ValidationCodes } from "./codes.ts";
import { TsgiValidationError } from "./error.ts";
import * as publicApi from "./index.ts";

test("ValidationCodes is frozen and every code is TSGI_E_* with a Server:/App: explanation", () => {
  assert.ok(Object.isFrozen(ValidationCodes));
  for (const [code, explanation] of Object.entries(ValidationCodes)) {
    assert.match(code, /^TSGI_E_[A-Z0-9_]+$/);
    assert.match(explanation, /^(Server|App): .+\.$/);
  }
});

test("every code has at least one test that breaks exactly that rule", () => {
  const dir = new URL(".", import.meta.url);
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith(".test.ts") && name !== "codes.test.ts")
    .map((name) => readFileSync(new URL(name, dir), "utf8"))
    .join("\n");
  const untested = Object.keys(ValidationCodes).filter((code) => !sources.includes(`"${code}"`));
  assert.deepEqual(untested, []);
});

test("errors carry code, side and a message ending with the code", () => {
  const error = new TsgiValidationError("TSGI_E_CHUNK_STRING", "The app yielded a string.");
  assert.ok(error instanceof Error);
  assert.equal(error.name, "TsgiValidationError");
  assert.equal(error.side, "app");
  assert.equal(error.message, "The app yielded a string. [TSGI_E_CHUNK_STRING]");
  assert.equal(new TsgiValidationError("TSGI_E_BODY_CLOSED_TWICE", "x").side, "server");
});

test("the public API is validate, TsgiValidationError and ValidationCodes", () => {
  assert.deepEqual(Object.keys(publicApi).sort(), [
    "TsgiValidationError",
    "ValidationCodes",
    "validate",
  ]);
});
