import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fakeApp } from "./fixtures/_fake.ts";
import { main } from "./main.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

async function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    env,
    cwd: FIXTURES,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    isWorker: false,
    channel: undefined,
  });
  return { code, out: out.join("\n"), err };
}

describe("tsgi-flask main(): app discovery", () => {
  it("finds `app` in the module --app names", async () => {
    const result = await cli(["--app", "fake-app.ts", "greet", "you"]);
    assert.deepEqual([result.code, result.out], [0, "hello you from fake"]);
  });

  it("reads FLASK_APP when --app is absent, and --app wins over it", async () => {
    assert.equal((await cli(["greet"], { FLASK_APP: "factory" })).out, "hello  from factory");
    const both = await cli(["-A", "fake-app.ts:other", "greet"], { FLASK_APP: "factory" });
    assert.equal(both.out, "hello  from other");
  });

  it("calls a createApp factory of a directory's index.ts, with JSON arguments when given", async () => {
    assert.equal((await cli(["--app", "factory", "greet"])).out, "hello  from factory");
    const withArgs = await cli(["--app", 'factory:createApp({"name": "configured"})', "greet"]);
    assert.equal(withArgs.out, "hello  from configured");
  });

  it("fails with one line and exit 2 when no app can be found or loaded", async () => {
    for (const [argv, fragment] of [
      [["routes"], "could not locate a Flask application"],
      [["--app", "missing.ts", "routes"], "cannot find module"],
      [["--app", "throws.ts", "routes"], "DATABASE_URL is not set"],
      [["--app", "two-apps.ts", "routes"], "multiple Flask applications"],
      [["--app", "no-app.ts", "routes"], "failed to find a Flask application or factory"],
      [["--app", "no-app.ts:helper", "routes"], "not obtained"],
      [["--app", "no-app.ts:nothing", "routes"], 'failed to find export "nothing"'],
      [["--app", "bad-factory.ts", "routes"], "did not return a Flask application"],
    ] as const) {
      const result = await cli([...argv]);
      assert.equal(result.code, 2, argv.join(" "));
      assert.equal(result.err.length, 1, `one line: ${result.err.join(" | ")}`);
      assert.match(result.err[0] ?? "", /^tsgi-flask: /);
      assert.ok(result.err[0]?.includes(fragment), `${argv.join(" ")}: ${result.err[0]}`);
    }
  });
});

describe("tsgi-flask main(): commands", () => {
  it("lists the URL map with `routes`", async () => {
    const result = await cli(["--app", "fake-app.ts", "routes", "--sort", "rule"]);
    assert.equal(result.code, 0);
    assert.deepEqual(result.out.split("\n").slice(2), [
      "index       GET        /",
      "auth.login  GET, POST  /auth/login",
      "static      GET        /static/<path:filename>",
    ]);
  });

  it("works on an app given in the context instead of --app (Flask's test_cli_runner)", async () => {
    const out: string[] = [];
    const code = await main(["greet", "you"], {
      app: fakeApp("given"),
      env: {},
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    assert.deepEqual([code, out], [0, ["hello you from given"]]);
  });

  it("lists a real Flask app's rules", async () => {
    const result = await cli(["--app", "real-app.ts", "routes"]);
    assert.equal(result.code, 0, result.err.join("\n"));
    assert.deepEqual(result.out.split("\n").slice(2), [
      "index     GET        /",
      "item      GET, POST  /items/<int:id>",
    ]);
  });

  it("runs the app's commands: exit status from the handler, 1 and one line when it throws", async () => {
    assert.equal((await cli(["--app", "fake-app.ts", "exit-three"])).code, 3);
    const failed = await cli(["--app", "fake-app.ts", "fail"]);
    assert.equal(failed.code, 1);
    assert.deepEqual(failed.err, ["tsgi-flask: fail failed: the database is locked"]);
  });

  it("runs app commands inside the app context, with --debug applied", async () => {
    const result = await cli(["--app", "fake-app.ts", "--debug", "context"]);
    assert.equal(result.code, 0);
    assert.equal(result.out, "inside: true, debug: true");
  });

  it("refuses an unknown command with one line naming the commands, exit 2", async () => {
    const result = await cli(["--app", "fake-app.ts", "serve"]);
    assert.equal(result.code, 2);
    assert.equal(result.err.length, 1);
    assert.match(
      result.err[0] ?? "",
      /no such command "serve" \(commands: context, exit-three, fail, greet, routes, run;/,
    );
  });

  it("refuses unknown global options and a missing command with exit 2", async () => {
    assert.equal((await cli(["--bogus", "routes"])).code, 2);
    const missing = await cli(["--app", "fake-app.ts"]);
    assert.equal(missing.code, 2);
    assert.match(missing.err[0] ?? "", /missing command/);
  });

  it("lists built-in and app commands with --help, and still helps without an app", async () => {
    const withApp = await cli(["--app", "fake-app.ts", "--help"]);
    assert.equal(withApp.code, 0);
    assert.match(withApp.out, /^ {2}greet +Say hello\.$/m);
    assert.match(withApp.out, /^ {2}run +Serve the app/m);
    const withoutApp = await cli(["--help"]);
    assert.equal(withoutApp.code, 0);
    assert.match(withoutApp.out, /^ {2}routes +Show the routes/m);
    assert.doesNotMatch(withoutApp.out, /greet/);
    assert.match(withoutApp.err[0] ?? "", /app's commands are not listed/);
  });

  it("shows a command's help, `run --help` with the tsgi serve options, and the version", async () => {
    assert.match((await cli(["--app", "fake-app.ts", "greet", "--help"])).out, /Say hello\./);
    const run = await cli(["run", "--help"]);
    assert.equal(run.code, 0);
    assert.match(run.out, /--workers <n>/);
    assert.match(run.out, /defaults to 5000/);
    assert.match((await cli(["--version"])).out, /^tsgi-flask \d+\.\d+\.\d+$/);
    const routes = await cli(["routes", "--help"]);
    assert.equal(routes.code, 0, "no app needed for a command's help");
    assert.match(routes.out, /--all-methods/);
    const badSort = await cli(["--app", "fake-app.ts", "routes", "--sort", "domain"]);
    assert.equal(badSort.code, 2);
    assert.match(badSort.err[0] ?? "", /invalid --sort "domain"/);
  });

  it("warns about an option the chosen server ignores, before loading the app", async () => {
    const result = await cli(["--app", "throws.ts", "run", "--workers", "2", "--port", "0"]);
    assert.equal(result.code, 2, "the app module throws: exit 2 after the warning");
    assert.match(result.err[0] ?? "", /^tsgi-flask: warning: .*workers/);
    assert.match(result.err[1] ?? "", /DATABASE_URL is not set/);
  });

  it("reports a bad run option as one line with exit 2, before loading the app", async () => {
    const result = await cli(["--app", "throws.ts", "run", "--port", "eighty"]);
    assert.equal(result.code, 2);
    assert.equal(result.err.length, 1);
    assert.match(result.err[0] ?? "", /^tsgi-flask: invalid port "eighty"/);
  });
});
