import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CliError } from "./errors.ts";
import { DEFAULTS, parseAppTarget, parseCommandLine, type Command, type Env } from "./options.ts";

const SERVERS = ["node"];

function serveOptions(argv: string[], env: Env = {}) {
  const command: Command = parseCommandLine(argv, env, SERVERS);
  assert.equal(command.name, "serve");
  return command.options;
}

function errorCode(argv: string[], env: Env = {}): string {
  try {
    parseCommandLine(argv, env, SERVERS);
  } catch (error) {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.doesNotMatch(error.message, /\n/, "messages are one line");
    return error.code;
  }
  assert.fail(`expected ${argv.join(" ")} to fail`);
}

describe("parseCommandLine", () => {
  it("uses the defaults when neither flags nor environment say otherwise", () => {
    assert.deepEqual(serveOptions(["serve", "src/app.ts"]), {
      module: "src/app.ts",
      exportName: undefined,
      server: "node",
      host: "127.0.0.1",
      port: 8000,
      accessLog: true,
    });
    assert.equal(DEFAULTS.port, 8000);
  });

  it("honours PORT, HOST, TSGI_SERVER and TSGI_ACCESS_LOG", () => {
    const env = { PORT: "8123", HOST: "0.0.0.0", TSGI_SERVER: "node", TSGI_ACCESS_LOG: "off" };
    const options = serveOptions(["serve", "app.ts"], env);
    assert.equal(options.port, 8123);
    assert.equal(options.host, "0.0.0.0");
    assert.equal(options.server, "node");
    assert.equal(options.accessLog, false);
  });

  it("lets flags beat environment variables", () => {
    const env = { PORT: "8123", HOST: "0.0.0.0", TSGI_ACCESS_LOG: "0" };
    const argv = ["serve", "app.ts", "--port", "9000", "--host=::1", "--access-log"];
    const options = serveOptions(argv, env);
    assert.equal(options.port, 9000);
    assert.equal(options.host, "::1");
    assert.equal(options.accessLog, true);
    assert.equal(serveOptions(["serve", "app.ts", "--no-access-log"]).accessLog, false);
  });

  it("takes the last of --access-log and --no-access-log", () => {
    const last = (argv: string[]) => serveOptions(["serve", "app.ts", ...argv]).accessLog;
    assert.equal(last(["--access-log", "--no-access-log"]), false);
    assert.equal(last(["--no-access-log", "--access-log"]), true);
  });

  it("treats an empty environment variable as unset", () => {
    const options = serveOptions(["serve", "app.ts"], { PORT: "", HOST: "", TSGI_SERVER: "" });
    assert.equal(options.port, 8000);
    assert.equal(options.host, "127.0.0.1");
    assert.equal(options.server, "node");
  });

  it("accepts port 0 and 65535, and the spellings of a boolean", () => {
    assert.equal(serveOptions(["serve", "a.ts", "--port", "0"]).port, 0);
    assert.equal(serveOptions(["serve", "a.ts"], { PORT: "65535" }).port, 65535);
    for (const word of ["1", "true", "YES", "on"]) {
      assert.equal(serveOptions(["serve", "a.ts"], { TSGI_ACCESS_LOG: word }).accessLog, true);
    }
    for (const word of ["0", "false", "No", "off"]) {
      assert.equal(serveOptions(["serve", "a.ts"], { TSGI_ACCESS_LOG: word }).accessLog, false);
    }
  });

  it("rejects ports that are not integers from 0 to 65535", () => {
    for (const port of ["65536", "-1", "80.5", "1e3", "abc", " 80", "0x50", "123456"]) {
      assert.equal(errorCode(["serve", "a.ts", `--port=${port}`]), "TSGI_E_CLI_BAD_PORT", port);
      assert.equal(errorCode(["serve", "a.ts"], { PORT: port }), "TSGI_E_CLI_BAD_PORT", port);
    }
  });

  it("names where a bad value came from", () => {
    assert.throws(() => parseCommandLine(["serve", "a.ts"], { PORT: "x" }, SERVERS), /from PORT/);
    assert.throws(() => parseCommandLine(["serve", "a.ts", "--port", "x"], {}, SERVERS), /--port/);
  });

  it("accepts only the registry's servers, from the flag or TSGI_SERVER", () => {
    assert.equal(errorCode(["serve", "a.ts", "--server", "gunicorn"]), "TSGI_E_UNKNOWN_SERVER");
    assert.equal(errorCode(["serve", "a.ts"], { TSGI_SERVER: "x" }), "TSGI_E_UNKNOWN_SERVER");
    assert.throws(() => parseCommandLine(["serve", "a.ts"], { TSGI_SERVER: "x" }, SERVERS), {
      message: 'unknown server "x" (choose one of: node)',
    });
    const servers = ["node", "cluster"];
    const command = parseCommandLine(["serve", "a.ts", "--server", "cluster"], {}, servers);
    assert.equal(command.name === "serve" && command.options.server, "cluster");
  });

  it("rejects an empty host, a bad TSGI_ACCESS_LOG, unknown options and bad commands", () => {
    assert.equal(errorCode(["serve", "a.ts", "--host", ""]), "TSGI_E_CLI_BAD_HOST");
    assert.equal(
      errorCode(["serve", "a.ts"], { TSGI_ACCESS_LOG: "maybe" }),
      "TSGI_E_CLI_BAD_BOOLEAN",
    );
    assert.equal(errorCode(["serve", "a.ts", "--bogus"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "--port"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "--access-log=yes"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode([]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["run", "a.ts"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "b.ts"]), "TSGI_E_CLI_USAGE");
  });

  it("says which option is unknown, in one short line", () => {
    assert.throws(() => parseCommandLine(["serve", "--bogus"], {}, SERVERS), {
      message: "unknown option '--bogus' (see tsgi --help)",
    });
  });

  it("answers --help and --version before anything else", () => {
    assert.deepEqual(parseCommandLine(["--help"], {}, SERVERS), { name: "help" });
    assert.deepEqual(parseCommandLine(["serve", "-h"], { PORT: "bad" }, SERVERS), {
      name: "help",
    });
    assert.deepEqual(parseCommandLine(["help"], {}, SERVERS), { name: "help" });
    assert.deepEqual(parseCommandLine(["--version"], {}, SERVERS), { name: "version" });
  });
});

describe("parseAppTarget", () => {
  it("splits module and export at the last colon", () => {
    assert.deepEqual(parseAppTarget("src/app.ts:app"), { module: "src/app.ts", exportName: "app" });
    assert.deepEqual(parseAppTarget("./a:b.mjs:handler"), {
      module: "./a:b.mjs",
      exportName: "handler",
    });
    assert.deepEqual(parseAppTarget("src/app.ts"), { module: "src/app.ts", exportName: undefined });
  });

  it("keeps Windows drive letters in the module path", () => {
    assert.deepEqual(parseAppTarget("C:\\srv\\app.ts"), {
      module: "C:\\srv\\app.ts",
      exportName: undefined,
    });
    assert.deepEqual(parseAppTarget("C:\\srv\\app.ts:app"), {
      module: "C:\\srv\\app.ts",
      exportName: "app",
    });
  });

  it("rejects an empty module or export name", () => {
    assert.throws(() => parseAppTarget("src/app.ts:"), { code: "TSGI_E_CLI_USAGE" });
    assert.throws(() => parseAppTarget(":app"), { code: "TSGI_E_CLI_USAGE" });
  });
});
