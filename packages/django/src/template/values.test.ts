import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pyCompare, pyContains, pyEquals, toText, truthy } from "./values.ts";

describe("Python value semantics", () => {
  test("truthiness", () => {
    assert.deepEqual(
      [[], {}, "", 0, null, undefined, new Map(), NaN].map(truthy),
      Array(8).fill(false),
    );
    assert.deepEqual([[0], { a: 1 }, "0", -1, new Date(0)].map(truthy), Array(5).fill(true));
  });

  test("equality, ordering and membership", () => {
    assert.equal(pyEquals(1, "1"), false);
    assert.equal(pyEquals(true, 1), true);
    assert.equal(pyEquals([1, [2]], [1, [2]]), true);
    assert.equal(pyEquals(undefined, null), true);
    assert.equal(pyCompare("a", 1), undefined);
    assert.equal(pyCompare(new Date(1), new Date(2)), -1);
    assert.equal(pyContains(new Set([1]), 1), true);
    assert.equal(pyContains({ a: 1 }, "a"), true);
    assert.equal(pyContains(null, 1), false);
  });

  test("an iterable with a length is sized, so an empty one is false", () => {
    class Storage {
      constructor(private readonly items: string[]) {}
      get length() {
        return this.items.length;
      }
      [Symbol.iterator]() {
        return this.items[Symbol.iterator]();
      }
    }
    assert.equal(truthy(new Storage([])), false);
    assert.equal(truthy(new Storage(["hi"])), true);
    assert.equal(truthy({ size: 0, name: "not iterable" }), true);
  });

  test("text of values", () => {
    assert.deepEqual([null, true, false, undefined, 1.5].map(toText), [
      "None",
      "True",
      "False",
      "",
      "1.5",
    ]);
  });
});
