import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Headers } from "./headers.ts";
import { MultiDict, indexable } from "./multidict.ts";

describe("MultiDict", () => {
  test("keeps order and repeated keys; get/getAll/require", () => {
    const dict = MultiDict.fromQueryString("a=1&b=2&a=3&c=x%20y");
    assert.equal(dict.get("a"), "1");
    assert.deepEqual(dict.getAll("a"), ["1", "3"]);
    assert.deepEqual(dict.keys(), ["a", "b", "c"]);
    assert.equal(dict.get("c"), "x y");
    assert.equal(dict.get("zz", "fallback"), "fallback");
    assert.equal(dict.get("b", undefined, Number), 2);
    assert.equal(dict.get("c", -1, Number), -1);
    assert.throws(() => dict.require("zz"), { name: "BadRequestKeyError", key: "zz", code: 400 });
    dict.set("a", "9");
    assert.deepEqual(dict.getAll("a"), ["9"]);
    assert.deepEqual(dict.toJSON(), { a: "9", b: "2", c: "x y" });
  });

  test("indexable: dict[key], `in`, read-only, safe to await", async () => {
    const form = indexable(new MultiDict<string>({ title: "Hi", tags: ["a", "b"] }));
    assert.equal(form["title"], "Hi");
    assert.equal(form["tags"], "a");
    assert.ok("title" in form);
    assert.ok(!("body" in form));
    assert.throws(() => form["body"], { name: "BadRequestKeyError" });
    assert.throws(() => {
      (form as unknown as Record<string, string>)["x"] = "1";
    }, TypeError);
    assert.equal(await Promise.resolve(form), form);
  });
});

describe("Headers", () => {
  test("ordered pairs, case-insensitive lookups, repeated values kept", () => {
    const headers = new Headers({ "Content-Type": "text/plain", "Set-Cookie": ["a=1", "b=2"] });
    assert.equal(headers.get("content-type"), "text/plain");
    assert.deepEqual(headers.getAll("SET-COOKIE"), ["a=1", "b=2"]);
    headers.set("set-cookie", "c=3");
    assert.deepEqual(headers.toList(), [
      ["Content-Type", "text/plain"],
      ["set-cookie", "c=3"],
    ]);
    headers.update([
      ["X-A", "1"],
      ["X-A", "2"],
    ]);
    assert.deepEqual(headers.getAll("x-a"), ["1", "2"]);
    assert.equal(headers.setDefault("X-A", "3"), "1");
    headers.delete("x-a");
    assert.equal(headers.has("X-A"), false);
  });

  test("values that could split a response are refused", () => {
    const headers = new Headers();
    assert.throws(() => headers.add("X", "a\r\nb"), { code: "FLASK_E_INVALID_HEADER" });
    assert.throws(() => headers.add("Bad Name", "x"), { code: "FLASK_E_INVALID_HEADER" });
    assert.throws(() => headers.add("X", "€"), { code: "FLASK_E_INVALID_HEADER" });
    headers.add("X", "café");
    assert.equal(headers.get("x"), "café");
  });
});
