/**
 * `tsgi-flask` as a process, the way users run it: the bin registers tsx, loads the app, serves
 * it on a free port, and stops on a signal sent to its pid.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CliProcess, killAll, runCli } from "./_cli-process.ts";

after(killAll);

const RUNNING = /^ \* Running on (http:\/\/\S+) with the (\S+) server$/;

describe("tsgi-flask (the bin)", () => {
  it("serves the app on a free port, prints where, and stops gracefully on SIGTERM", async () => {
    const cli = new CliProcess(["--app", "fake-app.ts", "run", "--port", "0"]);
    const [, url, server] = await cli.waitForLine(RUNNING);
    assert.equal(server, "node");
    const response = await fetch(`${url}/hello`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "fake says hello from /hello (debug false)");
    assert.match(cli.stdout, /^ \* Serving Flask app "fake-app.ts:app"$/m);
    assert.match(cli.stdout, /^ \* Debug mode: off$/m);
    cli.kill("SIGTERM");
    const exit = await cli.exited;
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null });
    assert.match(exit.stdout, /GET \/hello HTTP\/1\.1" 200/, "the access log line");
  });

  it("serves on the server TSGI_SERVER names, with PORT and HOST", async () => {
    const cli = new CliProcess(["--app", "factory", "--debug", "run", "--no-reload"], {
      env: { TSGI_SERVER: "http2", PORT: "0", HOST: "127.0.0.1" },
    });
    const [, url, server] = await cli.waitForLine(RUNNING);
    assert.equal(server, "http2");
    assert.equal(await (await fetch(`${url}/`)).text(), "factory says hello from / (debug true)");
    cli.kill("SIGINT");
    assert.equal((await cli.exited).code, 0);
  });

  it("serves a real Flask app", async () => {
    const cli = new CliProcess(["--app", "real-app.ts", "run", "--port", "0"]);
    const [, url] = await cli.waitForLine(RUNNING);
    assert.equal(await (await fetch(`${url}/items/7`)).text(), "item 7");
    assert.equal((await fetch(`${url}/items/x`)).status, 404);
    cli.kill("SIGTERM");
    assert.equal((await cli.exited).code, 0);
  });

  it("exits 2 with one line on stderr for a bad app path or an unknown command", async () => {
    for (const args of [
      ["--app", "no/such/module.ts", "run", "--port", "0"],
      ["--app", "fake-app.ts", "frobnicate"],
    ]) {
      const result = await runCli(args);
      assert.equal(result.code, 2, args.join(" "));
      assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
      assert.match(result.stderr, /^tsgi-flask: /);
    }
  });

  it("runs an app command", async () => {
    const result = await runCli(["--app", "fake-app.ts", "greet", "world"]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, "hello world from fake\n");
  });

  it("restarts the server when a source file changes under --debug", async () => {
    // A throwaway app outside the repository: the test edits it.
    const dir = mkdtempSync(join(tmpdir(), "tsgi-flask-reload-"));
    const module = join(dir, "app.ts");
    const write = (version: string) =>
      writeFileSync(
        module,
        [
          "export const app = {",
          "  tsgiApp: (_environ: unknown, startResponse: (s: string, h: [string, string][]) => void) => {",
          '    startResponse("200 OK", [["Content-Type", "text/plain"]]);',
          `    return [new TextEncoder().encode("${version}")];`,
          "  },",
          "  urlMap: { iterRules: () => [] },",
          "};",
          "",
        ].join("\n"),
      );
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    write("version 1");
    try {
      const cli = new CliProcess(["--debug", "run", "--port", "0"], { cwd: dir });
      const [, first] = await cli.waitForLine(RUNNING);
      assert.equal(await (await fetch(`${first}/`)).text(), "version 1");
      assert.match(cli.stdout, /Restarting with a file watcher/);
      write("version 2");
      const [, second] = await cli.waitForLine(RUNNING, 2);
      assert.equal(await (await fetch(`${second}/`)).text(), "version 2");
      cli.kill("SIGTERM");
      const exit = await cli.exited;
      assert.equal(exit.code, 0, exit.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
