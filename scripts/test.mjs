#!/usr/bin/env node
// `npm test`: formatting check, then lint, typecheck and every package's tests through turbo,
// then one closing line `N passed, N failed[, N skipped]` that adds up every package's results
// (turbo's own summary counts tasks, not tests).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaceDirs = ["packages", "apps", "exercises"].flatMap((group) => {
  const dir = join(root, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name));
});

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: "inherit",
    cwd: root,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1" },
  });
  return result.status === 0;
}

const bin = (name) => join(root, "node_modules", ".bin", name);
const formatted = run(bin("prettier"), ["--check", "--log-level=warn", "."]);
const tasksPassed = run(bin("turbo"), [
  "run",
  "lint",
  "typecheck",
  "test",
  "--continue",
  "--concurrency=2",
  "--output-logs=full",
  "--log-order=grouped",
]);

// Tests that span workspaces (the server × app matrix) live in the root test/ folder: they
// depend on every package, so no package can own them without a dependency cycle.
const rootTests = existsSync(join(root, "test"));
const rootChecked =
  !rootTests || (run(bin("eslint"), ["test", "bench"]) && run(bin("tsc"), ["-p", "tsconfig.json"]));
const rootPassed =
  !rootTests || run(process.execPath, [join(root, "scripts/run-tests.mjs"), "test"]);

const totals = { passed: 0, failed: 0, skipped: 0 };
const missing = [];
if (rootTests) workspaceDirs.push(root);
for (const dir of workspaceDirs) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (!pkg.scripts?.test) continue;
  const file = join(dir, ".tsgi-test-results.json");
  if (!existsSync(file)) {
    missing.push(pkg.name);
    continue;
  }
  const counts = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

if (!formatted) console.error("prettier: some files are not formatted (run `npm run format`).");
if (missing.length > 0) console.error(`no test results from: ${missing.join(", ")}`);
const ok =
  formatted &&
  tasksPassed &&
  rootChecked &&
  rootPassed &&
  missing.length === 0 &&
  totals.failed === 0;
// A package whose test run produced no results counts as one failure, so the line cannot lie.
const failed = totals.failed + missing.length + (ok || totals.failed > 0 ? 0 : 1);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : "";
console.log(`${totals.passed} passed, ${failed} failed${skipped}`);
process.exit(ok ? 0 : 1);
