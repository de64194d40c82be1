// `tsgi serve --reload` as users run it: a supervisor process and its server child, on a
// project in a temporary directory that the tests edit.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CliProcess, killAll, runCli } from "./_cli-process.ts";
import { reloadChildArgs } from "./reload.ts";

const scratch = mkdtempSync(join(tmpdir(), "tsgi-reload-"));
after(() => {
  killAll();
  rmSync(scratch, { recursive: true, force: true });
});

const SERVING = /^tsgi: serving (\S+) with the (\S+) server on (http:\/\/\S+)$/;

/** A project with src/app.ts answering `text`, and a config module. */
function project(name: string): { root: string; writeApp: (text: string) => void } {
  const root = join(scratch, name);
  mkdirSync(join(root, "src"), { recursive: true });
  writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(root, "tsgi.config.ts"), "export default { gracefulTimeout: 2000 };\n");
  const writeApp = (text: string) =>
    writeFileSync(
      join(root, "src", "app.ts"),
      [
        `console.log("app loaded with: " + process.argv.slice(2).join(" "));`,
        `export const app = (_environ: unknown, start: (status: string, headers: [string, string][]) => void) => {`,
        `  start("200 OK", [["Content-Type", "text/plain"]]);`,
        `  return [new TextEncoder().encode(${JSON.stringify(text)})];`,
        `};`,
        ``,
      ].join("\n"),
    );
  writeApp("v1");
  return { root, writeApp };
}

async function text(url: string): Promise<string> {
  return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).text();
}

/** Resolves once nothing answers at `url` any more (the server is gone), or fails. */
async function gone(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${url} still answers`);
}

describe("tsgi serve --reload (process)", () => {
  it("restarts on changes, waits out a broken module, and stops with exit 0", async () => {
    const { root, writeApp } = project("edit");
    const cli = new CliProcess(
      ["serve", "src/app.ts", "--reload", "--port", "0", "--config", "tsgi.config.ts"],
      { cwd: root, timeoutMs: 90_000 },
    );
    try {
      await cli.waitForLine(
        /^tsgi: reloading enabled, watching src and tsgi\.config\.ts for changes$/,
      );
      const [, , , first] = await cli.waitForLine(SERVING);
      assert.equal(await text(`${first}/`), "v1");
      // The child is `tsgi serve` again, without --reload and in dev mode.
      await cli.waitForLine(
        /^app loaded with: --no-reload --dev serve src\/app\.ts --port 0 --config tsgi\.config\.ts$/,
      );

      let mark = cli.stdout.length;
      writeApp("v2");
      await cli.waitForLine(/^tsgi: src\/app\.ts changed, restarting$/, 10_000, mark);
      const [, , , second] = await cli.waitForLine(SERVING, 15_000, mark);
      assert.equal(await text(`${second}/`), "v2");
      // The old server is gone (unless the new one happened to get the same free port).
      if (second !== first) await gone(`${first}/`);

      // A syntax error: the child reports it in one line and exits 2; the reloader waits.
      const errorMark = cli.stderr.length;
      writeFileSync(join(root, "src", "app.ts"), "export const app = (;\n");
      await cli.waitForErrorLine(/^tsgi: importing "src\/app\.ts" failed: /, 15_000, errorMark);
      await cli.waitForErrorLine(
        /^tsgi: the server exited with status 2; waiting for a file change to restart$/,
        15_000,
        errorMark,
      );
      assert.equal(cli.child.exitCode, null, "the reloader keeps running");

      mark = cli.stdout.length;
      writeApp("v3");
      const [, , , third] = await cli.waitForLine(SERVING, 15_000, mark);
      assert.equal(await text(`${third}/`), "v3");

      // The config module is watched too.
      mark = cli.stdout.length;
      writeFileSync(join(root, "tsgi.config.ts"), "export default { gracefulTimeout: 3000 };\n");
      await cli.waitForLine(/^tsgi: tsgi\.config\.ts changed, restarting$/, 10_000, mark);
      const [, , , fourth] = await cli.waitForLine(SERVING, 15_000, mark);
      assert.equal(await text(`${fourth}/`), "v3");

      cli.kill("SIGTERM");
      const result = await cli.exited;
      assert.equal(result.code, 0, `exit code (stderr: ${result.stderr})`);
      await gone(`${fourth}/`);
    } finally {
      cli.kill("SIGKILL");
    }
  });

  it("leaves no server behind when the reloader is killed outright", async () => {
    const { root } = project("orphan");
    const cli = new CliProcess(["serve", "src/app.ts", "--reload", "--port", "0"], {
      cwd: root,
      timeoutMs: 30_000,
    });
    try {
      const [, , , url] = await cli.waitForLine(SERVING);
      assert.equal(await text(`${url}/`), "v1");
      cli.kill("SIGKILL");
      await cli.exited;
      // The child sees its IPC channel close and shuts down by itself.
      await gone(`${url}/`);
    } finally {
      cli.kill("SIGKILL");
    }
  });

  it("still refuses a missing module at once, with exit 2", async () => {
    const result = await runCli(["serve", "nope.ts", "--reload"], { cwd: scratch });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^tsgi: cannot find module "nope\.ts"/);
    assert.equal(result.stdout, "");
  });
});

describe("reloadChildArgs", () => {
  it("drops --reload, sets dev mode, and keeps everything after --", () => {
    assert.deepEqual(reloadChildArgs(["serve", "a.ts", "--reload", "--port", "0"], true), [
      "--no-reload",
      "--dev",
      "serve",
      "a.ts",
      "--port",
      "0",
    ]);
    assert.deepEqual(
      reloadChildArgs(["--no-reload", "serve", "--reload", "--", "--reload"], false),
      ["--no-reload", "--no-dev", "serve", "--", "--reload"],
    );
  });
});
