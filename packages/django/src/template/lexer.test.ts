import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { splitContents, tokenize, unquote } from "./lexer.ts";

describe("tokenize", () => {
  test("splits text, variables, tags and comments with their lines", () => {
    const tokens = tokenize("a\n{{ x }}\n{% if y %}\n{# note #}b{% endif %}");
    assert.deepEqual(
      tokens.map((t) => [t.type, t.contents, t.line]),
      [
        ["text", "a\n", 1],
        ["var", "x", 2],
        ["text", "\n", 2],
        ["block", "if y", 3],
        ["text", "\n", 3],
        ["comment", "note", 4],
        ["text", "b", 4],
        ["block", "endif", 4],
      ],
    );
  });

  test("a tag never spans lines: an unclosed {{ is text", () => {
    const tokens = tokenize("{{ a\n}}");
    assert.deepEqual(
      tokens.map((t) => t.type),
      ["text"],
    );
  });

  test("verbatim bodies are text, up to the matching end tag", () => {
    const tokens = tokenize("{% verbatim x %}{{ a }}{% endverbatim %}{% endverbatim x %}");
    assert.deepEqual(
      tokens.map((t) => [t.type, t.contents]),
      [
        ["block", "verbatim x"],
        ["text", "{{ a }}{% endverbatim %}"],
        ["block", "endverbatim x"],
      ],
    );
  });
});

describe("splitContents", () => {
  test('keeps quoted strings and key="a b" together', () => {
    assert.deepEqual(splitContents(`url 'a b' x key="c d" as y`), [
      "url",
      "'a b'",
      "x",
      'key="c d"',
      "as",
      "y",
    ]);
  });

  test("unquote removes quotes and unescapes", () => {
    assert.equal(unquote(`"say \\"hi\\""`), 'say "hi"');
    assert.throws(() => unquote("plain"), SyntaxError);
  });
});
