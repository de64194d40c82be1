import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countHtml, countText, htmlTokens } from "./html.ts";

describe("htmlTokens", () => {
  it("sorts attributes and class names, collapses whitespace, decodes entities", () => {
    assert.deepEqual(htmlTokens('<p  class="b a" id=x>Tom &amp;\n  Jerry</p>'), [
      '<p class="a b" id="x">',
      "Tom & Jerry",
      "</p>",
    ]);
  });
  it("treats a self-closed void element like the bare one, and drops comments", () => {
    assert.deepEqual(htmlTokens('<input type="radio" value="1" /><!-- x --><br>'), [
      '<input type="radio" value="1">',
      "<br>",
    ]);
  });
});

describe("countHtml", () => {
  it("counts whole element sequences regardless of formatting", () => {
    const page = "<ul>\n  <li >a</li>\n  <li>a</li><li>b</li></ul>";
    assert.equal(countHtml(page, "<li>a</li>"), 2);
    assert.equal(countHtml(page, "<li>b</li>"), 1);
    assert.equal(countHtml(page, "<li>c</li>"), 0);
  });
  it("counts text inside text tokens", () => {
    assert.equal(countHtml("<p>vote vote</p><p>vote</p>", "vote"), 3);
  });
});

describe("countText", () => {
  it("counts non-overlapping occurrences, as Python's str.count", () => {
    assert.equal(countText("aaaa", "aa"), 2);
    assert.equal(countText("abc", "x"), 0);
  });
});
