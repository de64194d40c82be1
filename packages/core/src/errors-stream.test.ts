import assert from "node:assert/strict";
import { test } from "node:test";
import { createErrorStream } from "./errors-stream.ts";

test("write and writelines reach the sink in order; flush is harmless", () => {
  const lines: string[] = [];
  const errors = createErrorStream((text) => lines.push(text));
  errors.write("one\n");
  errors.writelines(["two\n", "three\n"]);
  errors.flush();
  assert.deepEqual(lines, ["one\n", "two\n", "three\n"]);
});
