import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DjangoError, TooManyFieldsSent } from "../core/exceptions.ts";
import { parseQueryString, QueryDict } from "./query-dict.ts";

describe("QueryDict", () => {
  test("keeps every value, get returns the last", () => {
    const query = new QueryDict("a=1&a=2&b=x+y&c=%E2%9C%93&d");
    assert.equal(query.get("a"), "2");
    assert.deepEqual(query.getList("a"), ["1", "2"]);
    assert.equal(query.get("b"), "x y");
    assert.equal(query.get("c"), "✓");
    assert.equal(query.get("d"), "");
    assert.equal(query.get("missing"), undefined);
    assert.equal(query.get("missing", "fallback"), "fallback");
    assert.deepEqual(query.keys(), ["a", "b", "c", "d"]);
    assert.deepEqual(query.dict(), { a: "2", b: "x y", c: "✓", d: "" });
  });

  test("is immutable until copied", () => {
    const query = new QueryDict("a=1");
    assert.throws(
      () => query.set("a", "2"),
      (error: unknown) => {
        assert.ok(error instanceof DjangoError);
        assert.equal(error.code, "DJANGO_E_IMMUTABLE_QUERYDICT");
        return true;
      },
    );
    const copy = query.copy();
    copy.set("a", "2");
    copy.appendList("b", "3 4");
    assert.equal(query.get("a"), "1");
    assert.equal(copy.urlencode(), "a=2&b=3+4");
  });

  test("refuses more fields than allowed", () => {
    assert.throws(() => new QueryDict("a=1&b=2&c=3", { maxFields: 2 }), TooManyFieldsSent);
  });

  test("keeps a bad escape literally and decodes invalid UTF-8 to U+FFFD", () => {
    assert.deepEqual(parseQueryString("a=%zz&b=%ff"), [
      ["a", "%zz"],
      ["b", "\ufffd"],
    ]);
  });
});
