import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { closeAllConnections } from "../../../db/index.ts";
import { executeFromCommandLine, type Command } from "../../../management/index.ts";
import { captureOutput } from "../../../management/_capture.ts";
import { authApp } from "../apps.ts";
import { User } from "../models.ts";
import { makeChangePasswordCommand } from "./changepassword.ts";
import { makeCreateSuperuserCommand } from "./createsuperuser.ts";
import { scriptedPrompter, terminalPrompter, type Prompter } from "./prompt.ts";

const dir = mkdtempSync(join(tmpdir(), "tsgi-auth-commands-"));
const settings = {
  SECRET_KEY: "commands-test-key",
  INSTALLED_APPS: [authApp],
  ROOT_URLCONF: { urlpatterns: [] },
  DATABASES: { default: { ENGINE: "sqlite", NAME: join(dir, "db.sqlite3") } },
};

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, prompter?: Prompter) {
  const stdout = captureOutput();
  const stderr = captureOutput();
  const commands: Record<string, Command> = {};
  if (prompter !== undefined) {
    commands.createsuperuser = makeCreateSuperuserCommand(() => prompter);
    commands.changepassword = makeChangePasswordCommand(() => prompter);
  }
  const code = await executeFromCommandLine(argv, { settings, env, stdout, stderr, commands });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

before(async () => {
  const migrated = await run(["migrate"]);
  assert.equal(migrated.code, 0, migrated.stderr);
});
after(async () => {
  await closeAllConnections();
  rmSync(dir, { recursive: true, force: true });
});

describe("createsuperuser --noinput", () => {
  test("reads DJANGO_SUPERUSER_USERNAME, _EMAIL and _PASSWORD", async () => {
    const result = await run(["createsuperuser", "--noinput"], {
      DJANGO_SUPERUSER_USERNAME: "admin",
      DJANGO_SUPERUSER_EMAIL: "admin@Example.ORG",
      DJANGO_SUPERUSER_PASSWORD: "adm1n-pass-word",
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "Superuser created successfully.\n");
    const admin = await User.objects.get({ username: "admin" });
    assert.equal(admin.isSuperuser && admin.isStaff, true);
    assert.equal(admin.email, "admin@example.org");
    assert.equal(await admin.checkPassword("adm1n-pass-word"), true);
  });

  test("options win over the environment; no password means an unusable one", async () => {
    const result = await run(
      ["createsuperuser", "--noinput", "--username", "opsuser", "--email", ""],
      { DJANGO_SUPERUSER_USERNAME: "ignored" },
    );
    assert.equal(result.code, 0, result.stderr);
    const user = await User.objects.get({ username: "opsuser" });
    assert.equal(user.hasUsablePassword(), false);
    assert.equal(await User.objects.filter({ username: "ignored" }).exists(), false);
  });

  test("a missing username or email is a CommandError with exit code 1", async () => {
    const noName = await run(["createsuperuser", "--noinput"], {
      DJANGO_SUPERUSER_EMAIL: "x@example.org",
    });
    assert.equal(noName.code, 1);
    assert.equal(noName.stderr, "CommandError: You must use --username with --noinput.\n");
    const noEmail = await run(["createsuperuser", "--no-input"], {
      DJANGO_SUPERUSER_USERNAME: "someone",
    });
    assert.equal(noEmail.code, 1);
    assert.equal(noEmail.stderr, "CommandError: You must use --email with --noinput.\n");
    assert.equal(await User.objects.filter({ username: "someone" }).exists(), false);
  });

  test("a taken or invalid username and a bad email are refused", async () => {
    const taken = await run(["createsuperuser", "--noinput", "--username", "admin", "--email", ""]);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /^CommandError: That username is already taken\.\n$/);
    const invalid = await run(["createsuperuser", "--noinput", "--username", "a b", "--email", ""]);
    assert.match(invalid.stderr, /Enter a valid username/);
    const email = await run([
      "createsuperuser",
      "--noinput",
      "--username",
      "ok",
      "--email",
      "nope",
    ]);
    assert.equal(email.code, 1);
    assert.match(email.stderr, /Enter a valid email address\./);
  });
});

describe("createsuperuser, interactive", () => {
  test("prompts for username, email and the password twice, with Django's errors", async () => {
    const prompter = scriptedPrompter([
      "admin", // taken
      "newroot",
      "not-an-email",
      "root@example.org",
      "first-pass-1",
      "other-pass-1", // mismatch
      "", // blank
      "",
      "123", // too short, numeric → bypass question
      "123",
      "n",
      "Good-pass-4567",
      "Good-pass-4567",
    ]);
    const result = await run(["createsuperuser"], {}, prompter);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Error: That username is already taken\./);
    assert.match(result.stderr, /Error: Enter a valid email address\./);
    assert.match(result.stderr, /Error: Your passwords didn't match\./);
    assert.match(result.stderr, /Error: Blank passwords aren't allowed\./);
    assert.match(result.stderr, /This password is too short\./);
    assert.ok(
      prompter.questions.includes("Bypass password validation and create user anyway? [y/N]: "),
    );
    assert.equal(prompter.questions.filter((q) => q === "Password: ").length, 4);
    const user = await User.objects.get({ username: "newroot" });
    assert.equal(await user.checkPassword("Good-pass-4567"), true);
    assert.equal(user.isSuperuser, true);
  });

  test("Ctrl-C (answers running out) cancels with exit 1 and creates nobody", async () => {
    const result = await run(
      ["createsuperuser", "--username", "halfway"],
      {},
      scriptedPrompter([]),
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Operation cancelled\./);
    assert.equal(await User.objects.filter({ username: "halfway" }).exists(), false);
  });

  test("without a TTY it skips creation, as Django", async () => {
    const notTty = terminalPrompter({ isTTY: false } as never, { write() {} });
    const result = await run(["createsuperuser"], {}, notTty);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /Superuser creation skipped due to not running in a TTY/);
  });
});

describe("changepassword", () => {
  test("sets a new password after a mismatch", async () => {
    const prompter = scriptedPrompter([
      "one-pass-123",
      "two-pass-123",
      "New-pass-789",
      "New-pass-789",
    ]);
    const result = await run(["changepassword", "admin"], {}, prompter);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Changing password for user 'admin'/);
    assert.match(result.stdout, /Password changed successfully for user 'admin'/);
    assert.match(result.stderr, /Passwords do not match\. Please try again\./);
    assert.equal(
      await (await User.objects.get({ username: "admin" })).checkPassword("New-pass-789"),
      true,
    );
  });

  test("gives up after three attempts; an unknown user is an error", async () => {
    const result = await run(
      ["changepassword", "admin"],
      {},
      scriptedPrompter(["a", "b", "c", "d", "1", "1"]),
    );
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /CommandError: Aborting password change for user 'admin' after 3 attempts/,
    );
    const unknown = await run(["changepassword", "ghost"], {}, scriptedPrompter([]));
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /CommandError: user 'ghost' does not exist/);
  });
});

describe("terminalPrompter", () => {
  test("hides a password, honours Backspace, ends on Enter", async () => {
    const listeners: ((chunk: string) => void)[] = [];
    const modes: boolean[] = [];
    const input = {
      isTTY: true,
      isRaw: false,
      setRawMode: (mode: boolean) => void modes.push(mode),
      setEncoding: () => undefined,
      on: (_event: "data", listener: (chunk: string) => void) => void listeners.push(listener),
      off: () => void listeners.pop(),
      resume: () => undefined,
      pause: () => undefined,
    };
    let shown = "";
    const prompter = terminalPrompter(input, { write: (text: string) => void (shown += text) });
    assert.equal(prompter.interactive, true);
    const hidden = prompter.ask("Password: ", { hidden: true });
    listeners[0]!("se\u007fecret\r");
    assert.equal(await hidden, "secret");
    assert.equal(shown, "Password: \n");
    assert.deepEqual(modes, [true, false]);
    const visible = prompter.ask("Username: ");
    listeners[0]!("bob\n");
    assert.equal(await visible, "bob");
    assert.equal(shown, "Password: \nUsername: bob\n");
    const cancelled = prompter.ask("Username: ");
    listeners[0]!("\u0003");
    await assert.rejects(cancelled, /Operation cancelled/);
  });
});
