import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileWrapper, isFileBody } from "./file-wrapper.ts";

const dir = mkdtempSync(join(tmpdir(), "tsgi-file-"));
const path = join(dir, "data.txt");
writeFileSync(path, "0123456789");

async function collect(body: AsyncIterable<Uint8Array>): Promise<string> {
  let out = "";
  for await (const chunk of body) out += new TextDecoder().decode(chunk);
  return out;
}

test("a wrapped file iterates its bytes and is recognised as a file body", async () => {
  const body = fileWrapper(path, { blockSize: 3 });
  assert.equal(isFileBody(body), true);
  assert.equal(isFileBody([new Uint8Array(1)]), false);
  assert.equal(await collect(body), "0123456789");
});

test("start and length select a byte range", async () => {
  assert.equal(await collect(fileWrapper(path, { start: 2, length: 4 })), "2345");
  assert.equal(await collect(fileWrapper(path, { start: 2, length: 0 })), "");
});

test("a closed file body yields nothing", async () => {
  const body = fileWrapper(path);
  await body.close();
  assert.equal(await collect(body), "");
});

test("a missing file is an error when iterated", async () => {
  await assert.rejects(collect(fileWrapper(join(dir, "missing.txt"))), { code: "ENOENT" });
});
