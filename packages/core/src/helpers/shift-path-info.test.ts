import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildTestEnviron } from "../testing/index.ts";
import type { Environ } from "../types.ts";
import { normpath, shiftPathInfo } from "./shift-path-info.ts";

function paths(scriptName: string, pathInfo: string): Environ {
  return { SCRIPT_NAME: scriptName, PATH_INFO: pathInfo } as Environ;
}

describe("shiftPathInfo", () => {
  // [SCRIPT_NAME, PATH_INFO] → [returned, SCRIPT_NAME after, PATH_INFO after], each row checked
  // against CPython's wsgiref.util.shift_path_info.
  const table: [string, string, string | undefined, string, string][] = [
    ["", "/a/b", "a", "/a", "/b"],
    ["", "", undefined, "", ""],
    ["", "/", "", "/", ""],
    ["", "//", "", "/", ""],
    ["/x", "/./y", "y", "/x/y", ""],
    ["/x", "/../y", "..", "", "/y"],
    ["/x/y", "/../z/w", "..", "/x", "/z/w"],
    ["", "/.", undefined, "", ""],
    ["", "/..", "..", "", ""],
    ["/a", "//b//c", "b", "/a/b", "/c"],
    ["/a", "/b/", "b", "/a/b", "/"],
    ["", "/a/../b", "a", "/a", "/../b"],
    ["/x", "/..", "..", "", ""],
    ["/x", "///", "", "/x/", ""],
  ];
  for (const [scriptName, pathInfo, name, scriptAfter, pathAfter] of table) {
    test(`(${JSON.stringify(scriptName)}, ${JSON.stringify(pathInfo)}) → ${JSON.stringify(name)}`, () => {
      const environ = paths(scriptName, pathInfo);
      assert.equal(shiftPathInfo(environ), name);
      assert.equal(environ.SCRIPT_NAME, scriptAfter);
      assert.equal(environ.PATH_INFO, pathAfter);
    });
  }

  test("repeated shifts walk the whole path", () => {
    const environ = paths("", "/blog/2024/post");
    const names = [
      shiftPathInfo(environ),
      shiftPathInfo(environ),
      shiftPathInfo(environ),
      shiftPathInfo(environ),
    ];
    assert.deepEqual(names, ["blog", "2024", "post", undefined]);
    assert.equal(environ.SCRIPT_NAME, "/blog/2024/post");
    assert.equal(environ.PATH_INFO, "");
  });

  test("a PATH_INFO without a leading slash is left alone", () => {
    const environ = paths("/s", "relative");
    assert.equal(shiftPathInfo(environ), undefined);
    assert.equal(environ.SCRIPT_NAME, "/s");
    assert.equal(environ.PATH_INFO, "relative");
  });
});

describe("normpath", () => {
  // Checked against CPython's posixpath.normpath.
  const table: [string, string][] = [
    ["", "."],
    ["/", "/"],
    ["//", "//"],
    ["///", "/"],
    ["//a/../b", "//b"],
    ["/a/./b/../c/", "/a/c"],
    ["/..", "/"],
    ["a/../..", ".."],
    ["../a/..", ".."],
    ["a/..", "."],
  ];
  for (const [input, expected] of table) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(normpath(input), expected));
  }
});

test("the JSDoc example, on an environ from buildTestEnviron", () => {
  const environ = buildTestEnviron("GET", "/blog/posts/1");
  assert.equal(shiftPathInfo(environ), "blog");
  assert.equal(environ.SCRIPT_NAME, "/blog");
  assert.equal(environ.PATH_INFO, "/posts/1");
});
