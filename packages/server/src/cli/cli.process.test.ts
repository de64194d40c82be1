// The `tsgi` command as users run it: a child process started through bin/tsgi.mjs.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CliProcess, FIXTURES, killAll, runCli, type CliResult } from "./_cli-process.ts";
import { knownServers } from "../registry.ts";
import { DUPLICATE_SIGNAL_MS } from "./shutdown.ts";

const scratch = mkdtempSync(join(tmpdir(), "tsgi-cli-"));
// Modules written here are ESM, as in any project with "type": "module".
writeFileSync(join(scratch, "package.json"), '{ "type": "module" }\n');
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
    const flags = ["--server", "--host", "--port", "--bind", "--workers", "--max-requests"];
    flags.push("--max-requests-jitter", "--timeout", "--graceful-timeout", "--max-body-size");
    flags.push("--max-request-line", "--max-header-size", "--max-header-count", "--keep-alive");
    flags.push("--headers-timeout", "--request-timeout", "--max-concurrent", "--certfile");
    flags.push("--forwarded-allow-ips", "--keyfile", "--reload", "--dev", "--access-log");
    flags.push("--no-access-log", "--access-log-format", "--error-log", "--config", "--version");
    for (const text of flags) assert.match(result.stdout, new RegExp(`${text}[\\s,]`), text);
    const env = [
      "TSGI_SERVER",
      "HOST",
      "PORT",
      "TSGI_WORKERS",
      "FORWARDED_ALLOW_IPS",
      "TSGI_CONFIG",
    ];
    for (const text of [...env, "127.0.0.1", "8000"]) assert.ok(result.stdout.includes(text), text);
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

  it("says how to fix a .ts module that Node reads as CommonJS", async () => {
    // No package.json with "type": "module" above this directory: Node 20 reads app.ts as
    // CommonJS and refuses its `export` with ERR_REQUIRE_CYCLE_MODULE.
    const plain = mkdtempSync(join(tmpdir(), "tsgi-no-package-"));
    try {
      writeFileSync(join(plain, "app.ts"), "export const app = () => [];\n");
      assertOneLineError(
        await runCli(["serve", "app.ts"], { cwd: plain }),
        /is read as CommonJS, .* add one, or rename it .*app\.mts$/,
      );
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
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
    const expected = /^tsgi: unknown server "x" \(choose one of: node(, [a-z0-9]+)*\)$/;
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

  it("reports bad option values from flags and variables in one line", async () => {
    assertOneLineError(
      await runCli(["serve", "hello.ts", "--workers", "0"]),
      /^tsgi: invalid workers "0" \(from --workers\): expected an integer ≥ 1$/,
    );
    assertOneLineError(
      await runCli(["serve", "hello.ts", "--max-body-size", "10xb"]),
      /invalid max-body-size "10xb" \(from --max-body-size\): expected bytes/,
    );
    assertOneLineError(
      await runCli(["serve", "hello.ts"], { env: { TSGI_TIMEOUT: "ten" } }),
      /invalid timeout "ten" \(from TSGI_TIMEOUT\): expected seconds/,
    );
    assertOneLineError(
      await runCli(["serve", "hello.ts", "--bind", "::1:8000"]),
      /IPv6 addresses go in brackets/,
    );
    assertOneLineError(
      await runCli(["serve", "hello.ts"], { env: { FORWARDED_ALLOW_IPS: "proxy.local" } }),
      /"proxy\.local" is not one/,
    );
  });

  it("reports config modules that cannot be used, in one line", async () => {
    assertOneLineError(
      await runCli(["serve", "hello.ts", "--config", "config/unknown-key.config.ts"]),
      /unknown key "wokers" .* did you mean "workers"\?/,
    );
    assertOneLineError(
      await runCli(["serve", "hello.ts"], { env: { TSGI_CONFIG: "config/throws.config.ts" } }),
      /loading config "config\/throws\.config\.ts" failed: SECRET_KEY is not set/,
    );
    assertOneLineError(
      await runCli(["serve", "hello.ts", "--config", "nope.ts"]),
      /cannot find config module "nope\.ts"/,
    );
  });

  it("appends the access log to a file, and takes options from a config module", async () => {
    const log = join(scratch, "access.log");
    const config = join(scratch, "quiet.config.ts");
    writeFileSync(
      config,
      `export default { accessLog: ${JSON.stringify(log)}, gracefulTimeout: 2000 };\n`,
    );
    const cli = new CliProcess(["serve", "hello.ts", "--port", "0", "--config", config]);
    try {
      const [, , , url] = await cli.waitForLine(SERVING);
      assert.equal((await fetch(`${url}/logged`)).status, 200);
      cli.kill("SIGTERM");
      const result = await cli.exited;
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stdout, /GET \/logged/);
      assert.match(readFileSync(log, "utf8"), /"GET \/logged HTTP\/1\.1" 200 /);
    } finally {
      cli.kill("SIGKILL");
    }
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

  // Every server the registry holds, as `TSGI_SERVER=… npm start` would run it. A server
  // that has not landed yet is skipped by name, never silently.
  for (const server of ["node", "cluster", "http2"]) {
    const registered = knownServers().includes(server);
    const skip = registered ? false : `the ${server} server is not registered yet`;
    it(
      `serves with TSGI_SERVER=${server}, prints one serving line, stops with exit 0`,
      { skip },
      async () => {
        const env = {
          TSGI_SERVER: server,
          PORT: "0",
          TSGI_WORKERS: "2",
          TSGI_GRACEFUL_TIMEOUT: "5",
        };
        const cli = new CliProcess(["serve", "hello.ts"], { env });
        try {
          const [, , name, url] = await cli.waitForLine(SERVING);
          assert.equal(name, server);
          for (let i = 0; i < 4; i++)
            assert.equal(await (await fetch(`${url}/`)).text(), "hello from ts\n");
          // Cluster workers re-run the CLI: none of them may print the line again.
          await new Promise((resolve) => setTimeout(resolve, 300));
          assert.equal(cli.stdout.split("\n").filter((line) => SERVING.test(line)).length, 1);
          cli.kill("SIGTERM");
          const result = await cli.exited;
          assert.equal(result.code, 0, `exit code (stderr: ${result.stderr})`);
          assert.doesNotMatch(result.stderr, /^tsgi: /m);
        } finally {
          cli.kill("SIGKILL");
        }
      },
    );
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
