import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CliError } from "@tsgi/server/cli";
import { DEFAULT_RUN_PORT, debugFromEnv, resolveRunOptions } from "./run-options.ts";

const SERVERS = ["node", "cluster", "http2"];
const resolveWith = (args: string[], env: Record<string, string> = {}, globalDebug?: boolean) =>
  resolveRunOptions(args, globalDebug, env, process.cwd(), SERVERS);

describe("resolveRunOptions (tsgi-flask run)", () => {
  it("serves on 127.0.0.1:5000 with the node server by default, debug and reloader off", async () => {
    const options = await resolveWith([]);
    assert.ok(options);
    assert.equal(options.serve.port, DEFAULT_RUN_PORT);
    assert.equal(options.serve.host, "127.0.0.1");
    assert.equal(options.serve.server, "node");
    assert.deepEqual([options.debug, options.reload, options.serve.dev], [false, false, false]);
  });

  it("honours --port over FLASK_RUN_PORT over PORT, and TSGI_SERVER / HOST", async () => {
    assert.equal((await resolveWith(["--port", "0"], { PORT: "9000" }))?.serve.port, 0);
    assert.equal(
      (await resolveWith([], { FLASK_RUN_PORT: "7000", PORT: "9000" }))?.serve.port,
      7000,
    );
    assert.equal((await resolveWith([], { PORT: "9000" }))?.serve.port, 9000);
    const fromEnv = await resolveWith([], { TSGI_SERVER: "cluster", HOST: "0.0.0.0" });
    assert.equal(fromEnv?.serve.server, "cluster");
    assert.equal(fromEnv?.serve.host, "0.0.0.0");
  });

  it("turns on the reloader and the traceback page with --debug, unless told not to", async () => {
    const debug = await resolveWith(["--debug"]);
    assert.deepEqual([debug?.debug, debug?.reload, debug?.serve.dev], [true, true, true]);
    const global = await resolveWith([], {}, true);
    assert.deepEqual([global?.debug, global?.reload], [true, true]);
    const env = await resolveWith([], { FLASK_DEBUG: "1" });
    assert.deepEqual([env?.debug, env?.debugExplicit], [true, true]);
    const noReload = await resolveWith(["--debug", "--no-reload"]);
    assert.deepEqual([noReload?.debug, noReload?.reload], [true, false]);
    const reloadOnly = await resolveWith(["--reload"]);
    assert.deepEqual([reloadOnly?.debug, reloadOnly?.reload], [false, true]);
  });

  it("maps --cert/--key to the http2 server's TLS files", async () => {
    const options = await resolveWith(["--server", "http2", "--cert", "cert.pem", "--key=key.pem"]);
    assert.equal(options?.serve.certfile, "cert.pem");
    assert.equal(options?.serve.keyfile, "key.pem");
  });

  it("returns undefined for --help", async () => {
    assert.equal(await resolveWith(["--help"]), undefined);
  });

  it("refuses unknown options, bad values and unknown servers with exit code 2", async () => {
    for (const [args, env] of [
      [["--bogus"], {}],
      [["--port", "http"], {}],
      [[], { TSGI_SERVER: "gunicorn" }],
      [["stray"], {}],
    ] as const) {
      await assert.rejects(
        resolveWith([...args], env),
        (error) => error instanceof CliError && error.exitCode === 2,
        JSON.stringify(args),
      );
    }
  });

  it("reads FLASK_DEBUG as Flask does", () => {
    assert.equal(debugFromEnv({}), undefined);
    assert.equal(debugFromEnv({ FLASK_DEBUG: "true" }), true);
    for (const off of ["0", "false", "No"]) assert.equal(debugFromEnv({ FLASK_DEBUG: off }), false);
  });
});
