import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAppTarget, parseAppTarget } from "./app-target.ts";
import { FlaskCliError } from "./errors.ts";

describe("parseAppTarget (--app / FLASK_APP)", () => {
  const cases: [string, ReturnType<typeof parseAppTarget>][] = [
    ["src/flaskr", { module: "src/flaskr", name: undefined, args: undefined }],
    ["hello.ts", { module: "hello.ts", name: undefined, args: undefined }],
    ["hello.ts:app2", { module: "hello.ts", name: "app2", args: undefined }],
    ["hello:createApp()", { module: "hello", name: "createApp", args: [] }],
    ['hello:createApp("dev")', { module: "hello", name: "createApp", args: ["dev"] }],
    [
      'src/flaskr:createApp({"TESTING": true, "DATABASE": "/tmp/a:b.db"}, 2)',
      {
        module: "src/flaskr",
        name: "createApp",
        args: [{ TESTING: true, DATABASE: "/tmp/a:b.db" }, 2],
      },
    ],
    [
      "C:\\apps\\blog\\app.ts",
      { module: "C:\\apps\\blog\\app.ts", name: undefined, args: undefined },
    ],
    ["  spaced.ts:app  ", { module: "spaced.ts", name: "app", args: undefined }],
  ];
  for (const [value, expected] of cases) {
    it(JSON.stringify(value), () => assert.deepEqual(parseAppTarget(value), expected));
  }

  it("refuses arguments that are not JSON literals, and empty values", () => {
    for (const value of ["app.ts:createApp('dev')", "app.ts:createApp(dev)", "", "app.ts:"]) {
      assert.throws(
        () => parseAppTarget(value),
        (error) => error instanceof FlaskCliError && error.code === "FLASK_E_CLI_APP_TARGET",
        value,
      );
    }
  });

  it("formats a target back for messages", () => {
    assert.equal(formatAppTarget(parseAppTarget('a.ts:make("x", 1)')), 'a.ts:make("x", 1)');
    assert.equal(formatAppTarget(parseAppTarget("a.ts")), "a.ts");
  });
});
