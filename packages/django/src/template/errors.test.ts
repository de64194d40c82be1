import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Engine } from "./engine.ts";
import { TemplateSyntaxError } from "./errors.ts";
import { MemoryLoader } from "./loaders.ts";

function syntaxError(source: string): TemplateSyntaxError {
  try {
    new Engine().fromString(source);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  assert.fail(`expected a TemplateSyntaxError for ${source}`);
}

describe("TemplateSyntaxError", () => {
  const cases: [source: string, line: number, pattern: RegExp][] = [
    [
      "a\nb\n{% for x in y %}\n{{ x }}",
      3,
      /Unclosed tag on line 3: 'for'. Looking for one of: empty, endfor/,
    ],
    [
      "{% if a %}\n\n{% endfor %}",
      3,
      /Invalid block tag on line 3: 'endfor', expected 'elif' or 'else' or 'endif'/,
    ],
    [
      "\n{% frobnicate %}",
      2,
      /Invalid block tag on line 2: 'frobnicate'. Did you forget to register or load/,
    ],
    ["\n\n{{ x|nosuchfilter }}", 3, /Invalid filter: 'nosuchfilter'/],
    ["{{ x|default }}", 1, /default requires 2 arguments, 1 provided/],
    ["{{ x|upper:'a' }}", 1, /upper requires 1 arguments, 2 provided/],
    ["{{ x y }}", 1, /Could not parse the remainder: ' y' from 'x y'/],
    ["\n{{ }}", 2, /Empty variable tag on line 2/],
    ["{% %}", 1, /Empty block tag on line 1/],
    ["{% if a b %}{% endif %}", 1, /Unused 'b' at end of if expression/],
    ["{% if a and %}{% endif %}", 1, /Unexpected end of expression in if tag/],
    ["{% if and a %}{% endif %}", 1, /Not expecting 'and' in this position/],
    ["{% for x y %}{% endfor %}", 1, /at least four words/],
    ["{% for x from y %}{% endfor %}", 1, /should use the format 'for x in y'/],
    ["{% with %}{% endwith %}", 1, /expected at least one variable assignment/],
    ["{% autoescape maybe %}{% endautoescape %}", 1, /should be 'on' or 'off'/],
    ["{% load nosuchlib %}", 1, /'nosuchlib' is not a registered tag library/],
    ["{% filter escape %}{% endfilter %}", 1, /is not permitted/],
    ["{% url %}", 1, /'url' takes at least one argument/],
    ["{% cycle nope %}", 1, /Named cycle 'nope' does not exist/],
    ["\n\n\n{% comment %}never closed", 4, /Unclosed tag on line 4: 'comment'/],
  ];
  for (const [source, line, pattern] of cases) {
    test(`${JSON.stringify(source)} fails on line ${line}`, () => {
      const error = syntaxError(source);
      assert.equal(error.code, "DJANGO_E_TEMPLATE_SYNTAX");
      assert.equal(error.line, line);
      assert.equal(error.templateName, "<string>");
      assert.match(error.message, pattern);
    });
  }

  test("errors from a loaded template name it", async () => {
    const engine = new Engine({
      loaders: [new MemoryLoader({ "polls/bad.html": "ok\n{% if %}{% endif %}" })],
    });
    await assert.rejects(engine.getTemplate("polls/bad.html"), (error: unknown) => {
      assert.ok(error instanceof TemplateSyntaxError);
      assert.equal(error.templateName, "polls/bad.html");
      assert.equal(error.line, 2);
      assert.match(error.message, /\(in polls\/bad\.html, line 2\)$/);
      return true;
    });
  });
});
