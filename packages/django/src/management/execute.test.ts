import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { defineSettings } from "../conf/index.ts";
import { settings } from "../test/fixtures/project/mysite/settings.ts";
import { captureOutput } from "./_capture.ts";
import { executeFromCommandLine, type ExecuteOptions } from "./execute.ts";

const SETTINGS_MODULE = fileURLToPath(
  new URL("../test/fixtures/project/mysite/settings.ts", import.meta.url),
);

async function run(argv: string[], options: ExecuteOptions = {}) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const code = await executeFromCommandLine(argv, {
    settings,
    env: {},
    stdout,
    stderr,
    ...options,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("executeFromCommandLine: commands and errors", () => {
  it("an unknown command says so, Django's way, and exits 1", async () => {
    const result = await run(["frobnicate"]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, "Unknown command: 'frobnicate'. Type 'manage help' for usage.\n");
  });

  it("help lists the built-in commands and the apps' commands by origin", async () => {
    const result = await run(["help"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /\[django\]\n(?: {4}\S+.*\n)*? {4}migrate /);
    assert.match(result.stdout, /\[notes\]\n {4}explode +Always fails\.\n {4}notecount /);
    assert.equal((await run([])).stdout, result.stdout, "no arguments is help");
  });

  it("help <command> and <command> --help print the usage", async () => {
    const viaHelp = await run(["help", "migrate"]);
    assert.equal(viaHelp.code, 0);
    assert.match(viaHelp.stdout, /^usage: manage migrate \[app_label\] \[migration_name\]/);
    assert.match(viaHelp.stdout, /--fake +mark migrations as run without running them/);
    assert.equal((await run(["migrate", "--help"])).stdout, viaHelp.stdout);
    assert.equal((await run(["help", "nope"])).code, 1);
  });

  it("an unknown option is a usage error (exit 2) naming the command", async () => {
    const result = await run(["migrate", "--frob"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^CommandError: .*--frob.*\(see 'manage help migrate'\)\n$/);
  });

  it("a CommandError is one line and its exit code; --traceback adds the stack", async () => {
    const plain = await run(["explode"]);
    assert.deepEqual([plain.code, plain.stderr], [1, "CommandError: it blew up\n"]);
    const coded = await run(["explode", "--code", "3"]);
    assert.equal(coded.code, 3);
    const traced = await run(["explode", "--traceback"]);
    assert.match(traced.stderr, /^CommandError: it blew up\nCommandError: it blew up\n\s+at /);
  });

  it("settings come from --settings, then DJANGO_SETTINGS_MODULE, then the option", async () => {
    const viaFlag = await run(["check", "--settings", SETTINGS_MODULE], { settings: undefined });
    assert.equal(viaFlag.code, 0, viaFlag.stderr);
    const viaEnv = await run(["check"], {
      settings: undefined,
      env: { DJANGO_SETTINGS_MODULE: SETTINGS_MODULE },
    });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    const missing = await run(["check", "--settings=nowhere/settings.ts"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /settings module "nowhere\/settings.ts" not found/);
    const none = await run(["check"], { settings: undefined });
    assert.match(none.stderr, /^CommandError: no settings/);
    assert.equal(
      (await run(["help"], { settings: undefined })).code,
      0,
      "help works without settings",
    );
  });
});

describe("executeFromCommandLine: migrate, showmigrations, shell, check", () => {
  // One in-memory database for the whole sequence: each command re-configures the same alias.
  const project = defineSettings(
    { ...settings, DATABASES: { default: { ENGINE: "sqlite", NAME: ":memory:" } } },
    { env: false },
  );

  it("runs the sequence a new project goes through", async () => {
    const before = await run(["showmigrations", "notes"], { settings: project });
    assert.equal(before.stdout, "notes\n [ ] 0001_initial\n");

    const migrated = await run(["migrate"], { settings: project });
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.equal(
      migrated.stdout,
      "Operations to perform:\n  Apply all migrations: notes\nRunning migrations:\n  Applying notes.0001_initial... OK\n",
    );
    const again = await run(["migrate"], { settings: project });
    assert.match(again.stdout, /Running migrations:\n {2}No migrations to apply\.\n$/);
    assert.equal(
      (await run(["showmigrations", "notes"], { settings: project })).stdout,
      "notes\n [X] 0001_initial\n",
    );

    const shell = await run(
      ["shell", "-c", "await Note.objects.create({ text: 'hi' }); return Note.objects.count();"],
      {
        settings: project,
      },
    );
    assert.deepEqual([shell.code, shell.stdout], [0, "1\n"]);
    assert.equal((await run(["notecount"], { settings: project })).stdout, "1 note(s)\n");

    const back = await run(["migrate", "notes", "zero"], { settings: project });
    assert.match(
      back.stdout,
      /Unapply all migrations: notes\nRunning migrations:\n {2}Unapplying notes.0001_initial... OK\n/,
    );
    const unknownApp = await run(["migrate", "nope"], { settings: project });
    assert.deepEqual(
      [unknownApp.code, unknownApp.stderr],
      [1, "CommandError: No installed app with label 'nope'.\n"],
    );
  });

  it("shell -c reports a syntax error as a CommandError", async () => {
    const result = await run(["shell", "-c", "return ("], { settings: project });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^CommandError: the command does not parse/);
  });

  it("check passes a sound project and lists errors of a broken one", async () => {
    const ok = await run(["check"]);
    assert.deepEqual(
      [ok.code, ok.stdout],
      [0, "System check identified no issues (0 silenced).\n"],
    );
    const broken = defineSettings(
      { ...settings, SECRET_KEY: "", ROOT_URLCONF: undefined },
      { env: false },
    );
    const result = await run(["check"], { settings: broken });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^SystemCheckError: System check identified some issues:\n\nERRORS:\n/,
    );
    assert.match(
      result.stderr,
      /SECRET_KEY: \(settings\.E001\) The SECRET_KEY setting must not be empty\./,
    );
    assert.match(result.stderr, /ROOT_URLCONF: \(urls\.E001\)/);
    assert.match(result.stderr, /System check identified 2 issues \(0 silenced\)\.\n$/);
    const badMiddleware = defineSettings(
      { ...settings, MIDDLEWARE: ["no.such.Middleware"] },
      { env: false },
    );
    const middleware = await run(["check"], { settings: badMiddleware });
    assert.equal(middleware.code, 1);
    assert.match(
      middleware.stderr,
      /\(handlers\.E001\) The application cannot be built from the settings: .*no\.such\.Middleware/,
    );
  });
});

describe("executeFromCommandLine: runserver", () => {
  it("serves the project until SIGTERM, then exits 0", async () => {
    const signals = new EventEmitter();
    const stdout = captureOutput();
    const stderr = captureOutput();
    const finished = executeFromCommandLine(["runserver", "127.0.0.1:0", "--noreload"], {
      settings,
      env: {},
      stdout,
      stderr,
      signals: signals as unknown as ExecuteOptions["signals"],
    });
    let url: string | undefined;
    for (let attempt = 0; attempt < 200 && url === undefined; attempt++) {
      url = /Starting development server at (http:\/\/\S+) with the node server/.exec(
        stdout.text,
      )?.[1];
      if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.ok(url, `no serving line:\n${stdout.text}${stderr.text}`);
    assert.match(
      stdout.text,
      /^Performing system checks\.\.\.\n\nSystem check identified no issues/,
    );
    const response = await fetch(new URL("notes/bounce2/", url), { redirect: "manual" });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get("location"), "/notes/");
    signals.emit("SIGTERM", "SIGTERM");
    assert.equal(await finished, 0);
    assert.match(stderr.text, /"GET \/notes\/bounce2\/ HTTP\/1.1" 302/);
  });

  it("refuses a bad address and an unknown server", async () => {
    const bad = await run(["runserver", "nowhere:port", "--noreload"]);
    assert.deepEqual(
      [bad.code, bad.stderr],
      [1, 'CommandError: "nowhere:port" is not a valid port number or address:port pair.\n'],
    );
    const unknown = await run([
      "runserver",
      "127.0.0.1:0",
      "--noreload",
      "--server",
      "gopher",
      "--skip-checks",
    ]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^CommandError: Error: .*gopher/);
  });

  it("refuses to serve with DEBUG off and no ALLOWED_HOSTS, as Django", async () => {
    const production = defineSettings(
      { ...settings, DEBUG: false, ALLOWED_HOSTS: [] },
      { env: false },
    );
    const result = await run(["runserver", "--noreload"], { settings: production });
    assert.deepEqual(
      [result.code, result.stderr],
      [1, "CommandError: You must set settings.ALLOWED_HOSTS if DEBUG is False.\n"],
    );
  });
});
