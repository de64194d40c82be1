import assert from "node:assert/strict";
import { test } from "node:test";
import { isLatin1 } from "./latin1.ts";

test("isLatin1 accepts U+0000–U+00FF and nothing above", () => {
  assert.equal(isLatin1(""), true);
  assert.equal(isLatin1("plain ASCII"), true);
  assert.equal(isLatin1("café ÿ\u0000"), true);
  assert.equal(isLatin1("\u0100"), false);
  assert.equal(isLatin1("snow ☃"), false);
  assert.equal(isLatin1("emoji \u{1F600}"), false);
});
