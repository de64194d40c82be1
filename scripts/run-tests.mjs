#!/usr/bin/env node
// Runs one workspace package's tests with node:test through tsx.
// Node 20's `node --test` does not expand globs, so this script finds the test files
// (`*.test.ts` / `*.test.mts` under src/ and test/, or the folders and files named as arguments) and passes them as an explicit list.
// The spec reporter prints to stdout; count-reporter writes totals for scripts/test.mjs.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = process.cwd();
// A caller that runs one package twice (SQLite, then PostgreSQL) gives each pass its own file.
const resultsFile = process.env.TSGI_TEST_RESULTS || join(packageDir, ".tsgi-test-results.json");
const reporter = fileURLToPath(new URL("./count-reporter.mjs", import.meta.url));
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["src", "test", "tests"];

function findTests(dir) {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return /\.test\.m?ts$/.test(dir) ? [dir] : [];
  const found = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (/\.test\.m?ts$/.test(name)) found.push(path);
  }
  return found;
}

const files = roots.flatMap((root) => findTests(join(packageDir, root))).sort();
rmSync(resultsFile, { force: true });
if (files.length === 0) {
  console.error(`run-tests: no *.test.ts files under ${roots.join(", ")} in ${packageDir}`);
  process.exit(1);
}

const args = [
  "--import",
  "tsx",
  "--test",
  "--test-reporter=spec",
  "--test-reporter-destination=stdout",
  `--test-reporter=${reporter}`,
  `--test-reporter-destination=${resultsFile}`,
  ...files.map((file) => relative(packageDir, file)),
];
const child = spawn(process.execPath, args, { stdio: "inherit", cwd: packageDir });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
