/**
 * `manage` as a user runs it: `tsx manage.ts <command>` in the app's folder (what
 * `npm run manage -- <command>` runs), against a temporary database, with its real output and
 * exit codes. One test goes through npm itself, to prove the script wiring and that npm
 * passes the exit code on.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, describe, it } from "node:test";
import { APP_DIR, tempDatabase } from "./_start.ts";

const database = tempDatabase();
after(() => database.cleanup());

function manage(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url };
  delete env.NODE_TEST_CONTEXT;
  delete env.DJANGO_SETTINGS_MODULE;
  const result = spawnSync(process.execPath, ["--import", "tsx", "manage.ts", ...args], {
    cwd: APP_DIR,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("manage", () => {
  it("migrate creates the tables and records the migration; a second run has nothing to do", () => {
    const before = manage("showmigrations", "polls");
    assert.deepEqual([before.code, before.stdout], [0, "polls\n [ ] 0001_initial\n"]);
    const first = manage("migrate");
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      first.stdout,
      "Operations to perform:\n  Apply all migrations: auth, polls\nRunning migrations:\n" +
        "  Applying polls.0001_initial... OK\n  Applying auth.0001_initial... OK\n",
    );
    const second = manage("migrate");
    assert.match(second.stdout, /Running migrations:\n {2}No migrations to apply\.\n$/);
    assert.equal(manage("showmigrations", "polls").stdout, "polls\n [X] 0001_initial\n");
  });

  it("loadsamples --if-empty loads once; shell sees the models", () => {
    assert.equal(manage("loadsamples", "--if-empty").stdout, "Loaded 3 sample questions.\n");
    assert.equal(
      manage("loadsamples", "--if-empty").stdout,
      "There are questions already; no samples loaded.\n",
    );
    const shell = manage(
      "shell",
      "-c",
      "const q = await Question.objects.get({ questionText: \"What's new?\" }); return (await q.choiceSet.all()).map(String).join('|');",
    );
    assert.deepEqual([shell.code, shell.stdout], [0, "Not much|The sky|Just hacking again\n"]);
  });

  it("check reports no issues", () => {
    const result = manage("check");
    assert.deepEqual(
      [result.code, result.stdout],
      [0, "System check identified no issues (0 silenced).\n"],
    );
  });

  it("an unknown command exits 1 with Django's message", () => {
    const result = manage("frobnicate");
    assert.equal(result.code, 1);
    assert.equal(result.stderr, "Unknown command: 'frobnicate'. Type 'manage help' for usage.\n");
  });

  it(
    "test runs the polls tests through node:test on a fresh database",
    { timeout: 120_000 },
    () => {
      const result = manage("test", "polls/tests.test.ts", "--pattern", "QuestionModelTests");
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /^Found 1 test file\(s\)\./);
      assert.match(result.stdout, /# pass 3\n/);
      assert.equal(manage("test", "no/such/dir").code, 1);
    },
  );

  it("npm run manage passes the arguments and the exit code through", { timeout: 60_000 }, () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url };
    delete env.NODE_TEST_CONTEXT;
    const ok = spawnSync("npm", ["run", "--silent", "manage", "--", "showmigrations", "polls"], {
      cwd: APP_DIR,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.deepEqual([ok.status, ok.stdout], [0, "polls\n [X] 0001_initial\n"]);
    const bad = spawnSync("npm", ["run", "--silent", "manage", "--", "frobnicate"], {
      cwd: APP_DIR,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /Unknown command: 'frobnicate'/);
  });
});
