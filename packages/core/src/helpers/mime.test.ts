import assert from "node:assert/strict";
import { test } from "node:test";
import { fileContentType, guessMimetype, withCharset } from "./mime.ts";

test("guessMimetype: by extension, case-insensitive, undefined when unknown or absent", () => {
  assert.equal(guessMimetype("style.CSS"), "text/css");
  assert.equal(guessMimetype("a/b/photo.jpeg"), "image/jpeg");
  assert.equal(guessMimetype("archive.xyz"), undefined);
  assert.equal(guessMimetype("Makefile"), undefined);
  // A dot in a directory name is not an extension.
  assert.equal(guessMimetype("v1.2/README"), undefined);
});

test("withCharset and fileContentType: a charset for text types only", () => {
  assert.equal(withCharset("application/json"), "application/json; charset=utf-8");
  assert.equal(withCharset("image/png"), "image/png");
  assert.equal(withCharset("text/plain; charset=latin-1"), "text/plain; charset=latin-1");
  assert.equal(fileContentType("index.html"), "text/html; charset=utf-8");
  assert.equal(fileContentType("data.bin"), "application/octet-stream");
  assert.equal(fileContentType("data.bin", "text/plain"), "text/plain");
});
