#!/usr/bin/env node
// `npm test` for the Django-style packages: the whole suite on SQLite, then once more on
// PostgreSQL when TSGI_TEST_DATABASE_URL (postgres://…) is set — test databases then live on
// that server (see src/db/testing.ts). Without the variable the PostgreSQL pass is reported
// as skipped with the reason. Both passes go through scripts/run-tests.mjs; their totals are
// added into the package's .tsgi-test-results.json, which the root `npm test` sums.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const runTests = fileURLToPath(new URL("../../../scripts/run-tests.mjs", import.meta.url));
const packageDir = process.cwd();
const resultsFile = join(packageDir, ".tsgi-test-results.json");
const url = process.env.TSGI_TEST_DATABASE_URL ?? "";

function pass(label, env) {
  console.log(`\n=== ${label} ===\n`);
  // A private results file per pass (when run-tests.mjs honours TSGI_TEST_RESULTS), so that
  // another run of this package's tests at the same time cannot swap the counts.
  const passFile = join(tmpdir(), `tsgi-test-results-${process.pid}-${label.split(" ")[0]}.json`);
  const result = spawnSync(process.execPath, [runTests, ...process.argv.slice(2)], {
    stdio: "inherit",
    cwd: packageDir,
    env: { ...env, TSGI_TEST_RESULTS: passFile },
  });
  let counts;
  try {
    counts = JSON.parse(readFileSync(existsSync(passFile) ? passFile : resultsFile, "utf8"));
  } catch {
    // A run without results counts as one failure, as in scripts/test.mjs.
    console.error(
      `test-both: no readable results after the ${label} pass (was another test run of this package writing ${resultsFile} at the same time?)`,
    );
    counts = { passed: 0, failed: 1, skipped: 0 };
  } finally {
    rmSync(passFile, { force: true });
  }
  return { ok: result.status === 0, counts };
}

const sqliteEnv = { ...process.env };
delete sqliteEnv.TSGI_TEST_DATABASE_URL;
const runs = [pass("SQLite", sqliteEnv)];
if (url) {
  runs.push(pass(`PostgreSQL (${url.replace(/\/\/[^@/]*@/, "//…@")})`, { ...process.env }));
} else {
  console.log(
    "\n=== PostgreSQL: skipped — TSGI_TEST_DATABASE_URL is not set (e.g. export TSGI_TEST_DATABASE_URL=$(.ci/postgres.sh)) ===",
  );
}
const totals = { passed: 0, failed: 0, skipped: url ? 0 : 1 };
for (const { counts } of runs) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}
writeFileSync(resultsFile, JSON.stringify(totals) + "\n");
const names = url ? ["SQLite", "PostgreSQL"] : ["SQLite"];
const summary = runs
  .map(({ counts }, i) => `${names[i]}: ${counts.passed} passed, ${counts.failed} failed`)
  .join("; ");
console.log(`\n${summary}${url ? "" : "; PostgreSQL: skipped (TSGI_TEST_DATABASE_URL unset)"}`);
process.exit(runs.every((run) => run.ok) ? 0 : 1);
