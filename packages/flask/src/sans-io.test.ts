import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

// The sans-I/O rule (STYLE.md §4): routing, URL building, request parsing, responses and
// sessions never import node:http, node:net or node:fs. FileStorage.save and Config.fromFile
// reach the file system through a dynamic import, on purpose, only when called.
const SANS_IO_FOLDERS = [
  "routing",
  "wrappers",
  "sessions",
  "datastructures",
  "http",
  "exceptions",
  "helpers",
  "ctx",
];
const FORBIDDEN =
  /^\s*(?:import|export)\b[^;]*?from\s+["'](?:node:)?(?:http|https|http2|net|fs|fs\/promises)["']/m;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

test("the sans-I/O folders import no node:http, node:net or node:fs", () => {
  const root = fileURLToPath(new URL(".", import.meta.url));
  const offenders: string[] = [];
  let checked = 0;
  for (const folder of SANS_IO_FOLDERS) {
    for (const file of sourceFiles(join(root, folder))) {
      checked++;
      if (FORBIDDEN.test(readFileSync(file, "utf8"))) offenders.push(file.slice(root.length));
    }
  }
  assert.ok(checked > 20, `only ${checked} files checked`);
  assert.deepEqual(offenders, []);
});
