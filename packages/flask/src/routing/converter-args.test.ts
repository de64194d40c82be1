import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bindConverterArgs, parseConverterArgs } from "./converter-args.ts";
import { RuleSyntaxError } from "./errors.ts";

describe("parseConverterArgs", () => {
  const cases: Array<[string, unknown[], Record<string, unknown>]> = [
    ["", [], {}],
    ["4", [4], {}],
    ["4, min=1", [4], { min: 1 }],
    ["length=2", [], { length: 2 }],
    ["signed=True, max=None", [], { signed: true, max: null }],
    ["False", [false], {}],
    ["1.5, -2, 3.", [1.5, -2, 3], {}],
    ["a, b , c", ["a", "b", "c"], {}],
    ["'x y', \"z,w\"", ["x y", "z,w"], {}],
    ["u'x'", ["x"], {}],
    ["name='5'", [], { name: "5" }],
    ["  a  ,  b=c  ", ["a"], { b: "c" }],
  ];
  for (const [text, args, kwargs] of cases) {
    it(`parses ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseConverterArgs(text), { args, kwargs });
    });
  }

  for (const bad of ["a b", "=1", "x=", "min=1, 4", "a=1, a=2", "'open"]) {
    it(`rejects ${JSON.stringify(bad)} with FLASK_E_BAD_RULE`, () => {
      assert.throws(
        () => parseConverterArgs(bad),
        (error: unknown) => error instanceof RuleSyntaxError && error.code === "FLASK_E_BAD_RULE",
      );
    });
  }
});

describe("bindConverterArgs", () => {
  it("fills names from positional values, then keywords", () => {
    assert.deepEqual(
      bindConverterArgs("string", [1, { length: 2 }], ["minlength", "maxlength", "length"]),
      { minlength: 1, length: 2 },
    );
  });
  it("rejects too many positional values, unknown and repeated names", () => {
    assert.throws(() => bindConverterArgs("path", ["x"], []), /takes at most 0/);
    assert.throws(() => bindConverterArgs("int", [{ mn: 1 }], ["min"]), /unknown argument "mn"/);
    assert.throws(() => bindConverterArgs("int", [1, { min: 2 }], ["min"]), /"min" twice/);
  });
});
