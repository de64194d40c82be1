import assert from "node:assert/strict";
import { test } from "node:test";
import { differences, IGNORED_HEADERS } from "./differential.ts";
import type { RawResponse } from "./differential.ts";

function response(headers: [string, string][], body = "ok"): RawResponse {
  return { status: 200, statusMessage: "OK", headers, body: Buffer.from(body) };
}

test("responses that differ only in ignored headers are the same", () => {
  const ignored = [...IGNORED_HEADERS.keys()][0]!;
  const native = new Map([
    [
      "a",
      response([
        [ignored, "one"],
        ["x-kept", "1"],
      ]),
    ],
  ]);
  const adapted = new Map([
    [
      "a",
      response([
        [ignored, "two"],
        ["x-kept", "1"],
      ]),
    ],
  ]);
  assert.deepEqual(differences(native, adapted), []);
});

test("a different header value, header order, body or missing answer is reported", () => {
  const native = new Map([
    ["value", response([["x-a", "1"]])],
    [
      "order",
      response([
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ]),
    ],
    ["body", response([], "native")],
    ["missing", response([])],
  ]);
  const adapted = new Map([
    ["value", response([["x-a", "2"]])],
    [
      "order",
      response([
        ["set-cookie", "b=2"],
        ["set-cookie", "a=1"],
      ]),
    ],
    ["body", response([], "adapted")],
  ]);
  assert.deepEqual(
    differences(native, adapted).map((difference) => difference.name),
    ["value", "order", "body", "missing"],
  );
});
