// The `tsgi` command as users run it: a child process started through bin/tsgi.mjs.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CliProcess, FIXTURES, killAll, runCli, type CliResult } from "./_cli-process.ts";
import { DUPLICATE_SIGNAL_MS } from "./main.ts";

const scratch = mkdtempSync(join(tmpdir(), "tsgi-cli-"));
after(() => {
  killAll();
  rmSync(scratch, { recursive: true, force: true });
});

const SERVING = /^tsgi: serving (\S+) with the (\S+) server on (http:\/\/\S+)$/;

/** The error contract: exit 2, exactly one stderr line starting "tsgi:", no stack trace. */
function assertOneLineError(result: CliResult, pattern: RegExp): void {
  assert.equal(result.code, 2, `exit code (stderr: ${result.stderr})`);
  const lines = result.stderr.split("\n").filter((line) => line !== "");
  assert.equal(lines.length, 1, `one stderr line, got: ${JSON.stringify(result.stderr)}`);
  assert.match(lines[0] ?? "", /^tsgi: /);
  assert.match(lines[0] ?? "", pattern);
  assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
  assert.equal(result.stdout, "");
}

describe("tsgi (process)", () => {
  it("prints help listing every option with its environment variable and default", async () => {
    const result = await runCli(["--help"]);
    assert.equal(result.code, 0);
    for (const text of ["--server", "--host", "--port", "--access-log", "--no-access-log"]) {
      assert.ok(result.stdout.includes(text), text);
    }
    for (const text of ["TSGI_SERVER", "HOST", "PORT", "TSGI_ACCESS_LOG", "127.0.0.1", "8000"]) {
      assert.ok(result.stdout.includes(text), text);
    }
  });

  it("prints the version from package.json", async () => {
    const result = await runCli(["--version"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^tsgi \d+\.\d+\.\d+\n$/);
  });

  it("reports a missing module", async () => {
    assertOneLineError(await runCli(["serve", "nope.ts"]), /cannot find module "nope\.ts"/);
  });

  it("reports a module that throws on import, with the error's message", async () => {
    assertOneLineError(await runCli(["serve", "throws.ts"]), /DATABASE_URL is not set/);
  });

  it("reports a syntax error in one line", async () => {
    const broken = join(scratch, "broken.ts");
    writeFileSync(broken, "export const app = (;\n");
    assertOneLineError(await runCli(["serve", broken]), /importing ".*broken\.ts" failed/);
  });

  it("reports a missing export and names the exports that exist", async () => {
    assertOneLineError(
      await runCli(["serve", "hello.ts:nope"]),
      /no export "nope" .*app, notAnApp/,
    );
  });

  it("reports an export that is not an app, saying what it is", async () => {
    assertOneLineError(await runCli(["serve", "number.ts"]), /is a number \(42\), not an app/);
    assertOneLineError(
      await runCli(["serve", "hello.ts:notAnApp"]),
      /is an object with keys port, not an app/,
    );
  });

  it("reports an unknown server from the flag or TSGI_SERVER", async () => {
    const expected = /^tsgi: unknown server "x" \(choose one of: node\)$/;
    assertOneLineError(await runCli(["serve", "hello.ts", "--server", "x"]), expected);
    assertOneLineError(
      await runCli(["serve", "hello.ts"], { env: { TSGI_SERVER: "x" } }),
      expected,
    );
  });

  it("reports a bad port, an unknown option and a missing module argument", async () => {
    assertOneLineError(await runCli(["serve", "hello.ts", "--port", "70000"]), /invalid port/);
    assertOneLineError(await runCli(["serve", "hello.ts"], { env: { PORT: "http" } }), /PORT/);
    assertOneLineError(await runCli(["serve", "hello.ts", "--bogus"]), /unknown option '--bogus'/);
    assertOneLineError(await runCli(["serve"]), /missing module/);
  });

  for (const [name, target, expected] of [
    ["a .ts app", "hello.ts", "hello from ts\n"],
    ["a .mjs app (default export)", "hello.mjs", "hello from mjs at /path\n"],
    ["a fetch handler", "fetch-handler.ts", "hello from fetch at /path\n"],
  ] as const) {
    it(`serves ${name} on port 0 and stops with exit 0 on SIGTERM`, async () => {
      const cli = new CliProcess(["serve", target, "--port", "0"]);
      try {
        const [, label, server, url] = await cli.waitForLine(SERVING);
        assert.match(label ?? "", new RegExp(`^${target.replace(".", "\\.")}:(app|default)$`));
        assert.equal(server, "node");
        assert.doesNotMatch(url ?? "", /:0$/, "the real bound port, not 0");
        const response = await fetch(`${url}/path`);
        assert.equal(response.status, 200);
        assert.equal(await response.text(), expected);
        cli.kill("SIGTERM");
        const result = await cli.exited;
        assert.equal(result.code, 0, `exit code (stderr: ${result.stderr})`);
        assert.equal(result.stderr, "");
        assert.match(result.stdout, /GET \/path/, "access log on by default");
      } finally {
        cli.kill("SIGKILL");
      }
    });
  }

  it("runs from any working directory, with HOST, PORT and --no-access-log", async () => {
    const cli = new CliProcess(["serve", join(FIXTURES, "hello.ts:app"), "--no-access-log"], {
      cwd: scratch,
      env: { HOST: "127.0.0.1", PORT: "0" },
    });
    try {
      const [, , , url] = await cli.waitForLine(SERVING);
      assert.match(url ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(await (await fetch(`${url}/quiet`)).text(), "hello from ts\n");
      cli.kill("SIGINT");
      const result = await cli.exited;
      assert.equal(result.code, 0);
      assert.doesNotMatch(result.stdout, /GET \/quiet/);
    } finally {
      cli.kill("SIGKILL");
    }
  });

  it("exits 1 at once on a second signal while a request is still open", async () => {
    const cli = new CliProcess(["serve", "slow.ts", "--port", "0"]);
    const client = new AbortController();
    try {
      const [, , , url] = await cli.waitForLine(SERVING);
      const response = await fetch(`${url}/`, { signal: client.signal });
      const reader = response.body?.getReader();
      await reader?.read(); // the first chunk: the request is now in flight
      cli.kill("SIGTERM");
      await cli.waitForLine(/shutting down gracefully/);
      // A copy of the first signal (npm forwards Ctrl+C to its child) is not a second one…
      cli.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, DUPLICATE_SIGNAL_MS * 2));
      assert.equal(cli.child.exitCode, null, "still draining after a duplicate signal");
      // …but a later one is.
      cli.kill("SIGTERM");
      const result = await cli.exited;
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^tsgi: SIGTERM again/m);
    } finally {
      client.abort();
      cli.kill("SIGKILL");
    }
  });
});
