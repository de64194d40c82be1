// main() in-process, against a recording server: what the CLI hands to serve(), what it
// prints, and how it behaves in a cluster worker. Real sockets are cli.process.test.ts's job.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { App } from "@tsgi/core";
import { registerServer } from "../registry.ts";
import type { ServeOptions, ServerHandle } from "../types.ts";
import { main, type MainContext } from "./main.ts";
import { RELOAD_CHILD_ENV } from "./reload.ts";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "tsgi-main-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Listened {
  app: App;
  options: ServeOptions;
  closes: ({ timeout?: number } | undefined)[];
}
const listened: Listened[] = [];

registerServer({
  name: "recorder",
  async listen(app, options = {}) {
    const call: Listened = { app, options, closes: [] };
    listened.push(call);
    const address = { host: "127.0.0.1", port: 4321, url: "http://127.0.0.1:4321" };
    const handle: ServerHandle = {
      name: "recorder",
      address,
      addresses: options.bind?.map((bind) => ({ ...address, url: `http://${bind}` })) ?? [address],
      async close(closeOptions) {
        call.closes.push(closeOptions);
      },
    };
    return handle;
  },
});
registerServer({
  name: "busy",
  listen: () =>
    Promise.reject(Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" })),
});

/** Runs main() with captured output and fake signals; `started()` resolves once it served. */
function run(argv: string[], context: Partial<MainContext> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  const before = listened.length;
  const exit = main(argv, {
    env: {},
    cwd: fixtures,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    signals,
    isWorker: false,
    channel: undefined,
    ...context,
  });
  const started = async () => {
    const deadline = Date.now() + 5_000;
    while (listened.length === before) {
      if (Date.now() > deadline) throw new Error(`not started: ${err.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setImmediate(resolve));
    return listened[before] as Listened;
  };
  return { exit, started, out, err, signals };
}

describe("main (in-process)", () => {
  it("hands serve() every option in its units, the config module's hooks, and open logs", async () => {
    const accessLog = join(scratch, "access.log");
    const cli = run([
      "serve",
      "hello.ts",
      "--server=recorder",
      "--config",
      "config/good.config.ts",
      "--timeout",
      "10",
      "--max-body-size",
      "2mb",
      "--access-log",
      accessLog,
      "--headers-timeout",
      "2.5",
    ]);
    const { options, closes } = await cli.started();
    assert.deepEqual(
      { ...options, accessLog: typeof options.accessLog, hooks: Object.keys(options.hooks ?? {}) },
      {
        bind: ["127.0.0.1:0"],
        host: "127.0.0.1", // serve() adds its defaults; the server prefers bind
        port: 8000,
        accessLog: "function",
        workers: 2,
        gracefulTimeout: 5_000,
        workerTimeout: 10_000,
        maxBodySize: 2 * 1024 ** 2,
        headersTimeout: 2_500,
        forwardedAllowIps: ["10.0.0.0/8"],
        dev: false,
        hooks: ["whenReady", "preRequest"],
      },
    );
    (options.accessLog as (line: string) => void)("GET / 200");
    assert.deepEqual(cli.out, [
      "tsgi: serving hello.ts:app with the recorder server on http://127.0.0.1:0",
    ]);
    cli.signals.emit("SIGTERM", "SIGTERM");
    assert.equal(await cli.exit, 0);
    assert.deepEqual(closes, [{ timeout: 5_000 }]);
    assert.equal(readFileSync(accessLog, "utf8"), "GET / 200\n");
  });

  it("serves quietly in a cluster worker: no serving line, no signal handlers", async () => {
    const channel = new EventEmitter();
    const cli = run(["serve", "hello.ts", "--server", "recorder", "--workers", "3"], {
      isWorker: true,
      channel,
    });
    const { closes } = await cli.started();
    assert.deepEqual(cli.out, []);
    assert.deepEqual(cli.err, []);
    assert.equal(cli.signals.listenerCount("SIGINT"), 0);
    assert.equal(cli.signals.listenerCount("SIGTERM"), 0);
    channel.emit("disconnect");
    assert.equal(await cli.exit, 0);
    assert.deepEqual(closes, [{ timeout: 30_000 }]);
  });

  it("prints warnings once, in the first process only", async () => {
    // number.ts is not an app: main stops after the warnings, before anything listens.
    const argv = ["serve", "number.ts", "--server", "node", "--workers", "3"];
    const warning =
      "tsgi: warning: --workers applies to the cluster server only; the node server ignores it";
    const first = run(argv);
    assert.equal(await first.exit, 2);
    assert.equal(first.err[0], warning);
    assert.match(first.err[1] ?? "", /is a number \(42\), not an app/);

    const worker = run(argv, { isWorker: true, channel: new EventEmitter() });
    assert.equal(await worker.exit, 2);
    assert.doesNotMatch(worker.err.join("\n"), /warning/);

    const reloaded = run(argv, { env: { [RELOAD_CHILD_ENV]: "1" } });
    assert.equal(await reloaded.exit, 2);
    assert.doesNotMatch(reloaded.err.join("\n"), /warning/);
  });

  it("passes TLS files as absolute paths, and refuses unreadable ones with exit 2", async () => {
    writeFileSync(join(scratch, "cert.pem"), "x");
    writeFileSync(join(scratch, "key.pem"), "x");
    const cli = run(
      [
        "serve",
        join(fixtures, "hello.ts"),
        "--server",
        "recorder",
        "--certfile",
        "cert.pem",
        "--keyfile",
        "key.pem",
      ],
      { cwd: scratch },
    );
    const { options } = await cli.started();
    assert.equal(options.certfile, join(scratch, "cert.pem"));
    assert.equal(options.keyfile, join(scratch, "key.pem"));
    cli.signals.emit("SIGTERM", "SIGTERM");
    assert.equal(await cli.exit, 0);

    const missing = run(
      [
        "serve",
        join(fixtures, "hello.ts"),
        "--server",
        "recorder",
        "--certfile",
        "nope.pem",
        "--keyfile",
        "key.pem",
      ],
      { cwd: scratch },
    );
    assert.equal(await missing.exit, 2);
    assert.deepEqual(missing.err, ['tsgi: cannot read --certfile "nope.pem": ENOENT']);
  });

  it("reports a config module error in one line, exit 2, before loading the app", async () => {
    const cli = run(["serve", "hello.ts", "--server", "recorder"], {
      env: { TSGI_CONFIG: "config/unknown-key.config.ts" },
    });
    assert.equal(await cli.exit, 2);
    assert.equal(cli.err.length, 1);
    assert.match(
      cli.err[0] ?? "",
      /^tsgi: unknown key "wokers" in config "config\/unknown-key\.config\.ts": did you mean "workers"\?/,
    );
  });

  it("reports a failure to listen with exit 1, naming every --bind address", async () => {
    const cli = run([
      "serve",
      "hello.ts",
      "--server",
      "busy",
      "--bind",
      "127.0.0.1:80",
      "--bind",
      "unix:/tmp/x.sock",
    ]);
    assert.equal(await cli.exit, 1);
    assert.deepEqual(cli.err, [
      "tsgi: cannot listen on 127.0.0.1:80, unix:/tmp/x.sock: the address is already in use (choose another --port, or 0 for a free one)",
    ]);
  });
});
