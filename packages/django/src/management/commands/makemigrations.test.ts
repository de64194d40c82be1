import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { defineSettings } from "../../conf/index.ts";
import { CharField, closeAllConnections, Model, type Manager } from "../../db/index.ts";
import { settings } from "../../test/fixtures/project/mysite/settings.ts";
import { captureOutput } from "../_capture.ts";
import { executeFromCommandLine } from "../execute.ts";

class Memo extends Model {
  static fields = { body: new CharField({ maxLength: 40 }) };
  static meta = { appLabel: "memos" };
  declare static objects: Manager<Memo>;
}

const dir = await mkdtemp(join(tmpdir(), "tsgi-makemigrations-cmd-"));
after(async () => {
  await closeAllConnections();
  await rm(dir, { recursive: true, force: true });
});

const project = defineSettings(
  {
    ...settings,
    INSTALLED_APPS: [{ name: "memos", models: [Memo], migrations: dir }],
    DATABASES: { default: { ENGINE: "sqlite", NAME: ":memory:" } },
  },
  { env: false },
);

async function run(argv: string[]) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await executeFromCommandLine(argv, { settings: project, env: {}, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("manage makemigrations", () => {
  it("--check and --dry-run report pending changes and write nothing", async () => {
    const check = await run(["makemigrations", "--check"]);
    assert.equal(check.code, 1);
    assert.match(
      check.stdout,
      /^Migrations for 'memos':\n {2}.*0001_initial\.ts\n {4}- Create model Memo\n$/,
    );
    const dry = await run(["makemigrations", "--dry-run"]);
    assert.equal(dry.code, 0);
    assert.deepEqual(await readdir(dir), []);
  });

  it("writes the file; migrate applies it; showmigrations lists it; then no changes", async () => {
    const made = await run(["makemigrations", "memos"]);
    assert.equal(made.code, 0, made.stderr);
    assert.deepEqual(await readdir(dir), ["0001_initial.ts"]);
    const migrated = await run(["migrate"]);
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /Applying memos\.0001_initial\.\.\. OK/);
    assert.equal((await run(["showmigrations", "memos"])).stdout, "memos\n [X] 0001_initial\n");
    const again = await run(["makemigrations", "memos", "--check"]);
    assert.deepEqual([again.code, again.stdout], [0, "No changes detected in app 'memos'\n"]);
  });

  it("an unknown app or a bad --name is a CommandError", async () => {
    const unknown = await run(["makemigrations", "nope"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No installed app with label 'nope'/);
    const bad = await run(["makemigrations", "--name", "a/b"]);
    assert.match(bad.stderr, /letters, digits and underscores/);
  });
});
