import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatDate } from "./dateformat.ts";

describe("formatDate", () => {
  const date = new Date(Date.UTC(2024, 1, 29, 0, 5, 3, 250));
  const cases: [string, string][] = [
    ["S t w z L", "th 29 4 60 True"],
    ["W o", "9 2024"],
    ["b E f y", "feb February 12:05 24"],
    ["u I O Z", "250000 0 +0000 0"],
    ["c", "2024-02-29T00:05:03.250000+00:00"],
    ["jS", "29th"],
  ];
  for (const [format, expected] of cases) {
    test(`"${format}" → "${expected}"`, () => assert.equal(formatDate(date, format), expected));
  }

  test("ordinal suffixes and ISO weeks at year boundaries", () => {
    const day = (d: number) => formatDate(new Date(Date.UTC(2026, 0, d)), "jS");
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23].map(day), [
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
    ]);
    assert.equal(formatDate(new Date(Date.UTC(2027, 0, 1)), "W o"), "53 2026");
  });
});
