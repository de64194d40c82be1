// The suite's own bookkeeping: ids and cases match one to one, and skip lists are checked.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { ALL_CASES } from "./_cases.ts";
import {
  CONFORMANCE_TEST_IDS,
  CONFORMANCE_TESTS,
  HTTP1_ONLY_TESTS,
  checkSkipList,
} from "./index.ts";

test("every test id has exactly one case, and every case a listed id", () => {
  const caseIds = ALL_CASES.map((conformanceCase) => conformanceCase.id);
  assert.deepEqual([...caseIds].sort(), [...CONFORMANCE_TEST_IDS].sort());
  assert.equal(new Set(caseIds).size, caseIds.length, "duplicate case ids");
});

test("ids read group.name in kebab case, and every test has a title", () => {
  for (const id of CONFORMANCE_TEST_IDS) {
    assert.match(id, /^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(CONFORMANCE_TESTS[id].length > 10, `${id} has a title`);
  }
});

test("checkSkipList accepts known ids with reasons", () => {
  assert.deepEqual(checkSkipList({}), []);
  assert.deepEqual(checkSkipList({ "response.set-cookie": "merged by the platform" }), []);
});

test("checkSkipList flags unknown ids and missing reasons", () => {
  const problems = checkSkipList({
    "response.set-cookies": "a typo",
    "response.head": " ",
  });
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /unknown test id "response\.set-cookies"/);
  assert.match(problems[1]!, /"response\.head" gives no reason/);
});

test("the HTTP/1.x-only list names known tests, each with a reason", () => {
  assert.deepEqual(checkSkipList(HTTP1_ONLY_TESTS), []);
});

test("README.md lists every test id", async () => {
  const readme = await readFile(new URL("./README.md", import.meta.url), "utf8");
  for (const id of CONFORMANCE_TEST_IDS) {
    // Prettier pads table cells, so match the cell, not the exact spacing.
    assert.match(readme, new RegExp(`^\\| \`${id.replaceAll(".", "\\.")}\` +\\|`, "m"), id);
  }
});
