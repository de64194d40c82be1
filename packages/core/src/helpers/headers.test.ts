import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { HeaderList } from "../types.ts";
import {
  HOP_BY_HOP,
  addHeader,
  getAllHeaders,
  getHeader,
  hasHeader,
  isHopByHop,
  removeHeader,
  setHeader,
} from "./headers.ts";

const sample = (): HeaderList => [
  ["Content-Type", "text/plain"],
  ["Set-Cookie", "a=1"],
  ["X-Trace", "t"],
  ["set-cookie", "b=2"],
];

describe("reading", () => {
  test("getHeader is case-insensitive and returns the first value", () => {
    assert.equal(getHeader(sample(), "SET-COOKIE"), "a=1");
    assert.equal(getHeader(sample(), "content-type"), "text/plain");
    assert.equal(getHeader(sample(), "Missing"), undefined);
  });

  test("getAllHeaders keeps every value in order", () => {
    assert.deepEqual(getAllHeaders(sample(), "Set-Cookie"), ["a=1", "b=2"]);
    assert.deepEqual(getAllHeaders(sample(), "missing"), []);
  });

  test("hasHeader", () => {
    assert.equal(hasHeader(sample(), "x-trace"), true);
    assert.equal(hasHeader(sample(), "x-other"), false);
  });

  test("an empty value still counts as present", () => {
    assert.equal(hasHeader([["X-Empty", ""]], "x-empty"), true);
  });
});

describe("writing returns new lists", () => {
  test("setHeader replaces the first in place, drops the rest, keeps the original spelling", () => {
    const before = sample();
    const after = setHeader(before, "SET-COOKIE", "c=3");
    assert.deepEqual(after, [
      ["Content-Type", "text/plain"],
      ["Set-Cookie", "c=3"],
      ["X-Trace", "t"],
    ]);
    assert.deepEqual(before, sample(), "the input is untouched");
  });

  test("setHeader appends when absent", () => {
    assert.deepEqual(setHeader([["A", "1"]], "B", "2"), [
      ["A", "1"],
      ["B", "2"],
    ]);
  });

  test("addHeader appends a repeat without touching the input", () => {
    const before = sample();
    const after = addHeader(before, "Set-Cookie", "c=3");
    assert.deepEqual(getAllHeaders(after, "set-cookie"), ["a=1", "b=2", "c=3"]);
    assert.equal(before.length, 4);
    assert.notEqual(after, before);
  });

  test("removeHeader drops every header of that name, in any case", () => {
    const before = sample();
    const after = removeHeader(before, "set-COOKIE");
    assert.deepEqual(after, [
      ["Content-Type", "text/plain"],
      ["X-Trace", "t"],
    ]);
    assert.equal(before.length, 4);
  });
});

describe("hop-by-hop", () => {
  test("the set holds exactly the eight headers of DECISIONS.md #8", () => {
    assert.deepEqual([...HOP_BY_HOP].sort(), [
      "connection",
      "keep-alive",
      "proxy-authenticate",
      "proxy-authorization",
      "te",
      "trailer",
      "transfer-encoding",
      "upgrade",
    ]);
  });

  test("isHopByHop ignores case and rejects end-to-end headers", () => {
    assert.equal(isHopByHop("Transfer-Encoding"), true);
    assert.equal(isHopByHop("KEEP-ALIVE"), true);
    assert.equal(isHopByHop("Content-Length"), false);
    assert.equal(isHopByHop("Trailers"), false);
  });
});
