import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TsgiConfig } from "./config.ts";
import { CliError } from "./errors.ts";
import {
  configModuleOf,
  parseAppTarget,
  parseCommandLine,
  readCommandLine,
  type Env,
} from "./options.ts";

const SERVERS = ["node", "cluster", "http2"];

function serveOptions(argv: string[], env: Env = {}, config?: TsgiConfig) {
  const command = parseCommandLine(argv, env, SERVERS, config);
  assert.equal(command.name, "serve");
  return command.options;
}

/** The error contract of every bad value: a CliError, exit code 2, one line. */
function failure(argv: string[], env: Env = {}, config?: TsgiConfig): CliError {
  try {
    parseCommandLine(argv, env, SERVERS, config);
  } catch (error) {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.doesNotMatch(error.message, /\n/, "messages are one line");
    return error;
  }
  assert.fail(`expected ${argv.join(" ")} to fail`);
}

const errorCode = (argv: string[], env: Env = {}, config?: TsgiConfig) =>
  failure(argv, env, config).code;

describe("parseCommandLine", () => {
  it("uses the defaults when nothing says otherwise", () => {
    const options = serveOptions(["serve", "src/app.ts"]);
    assert.equal(options.module, "src/app.ts");
    assert.equal(options.exportName, undefined);
    assert.equal(options.server, "node");
    assert.equal(options.host, "127.0.0.1");
    assert.equal(options.port, 8000);
    assert.equal(options.accessLog, "-");
    assert.equal(options.errorLog, "-");
    assert.equal(options.gracefulTimeout, 30_000);
    assert.equal(options.dev, false);
    assert.equal(options.reload, false);
    assert.equal(options.config, undefined);
    assert.equal(options.hooks, undefined);
    assert.deepEqual(options.warnings, []);
    for (const key of ["workers", "bind", "maxBodySize", "forwardedAllowIps"] as const) {
      assert.equal(options[key], undefined, `${key}: the server's own default`);
    }
  });

  it("prefers TSGI_HOST and TSGI_PORT to HOST and PORT", () => {
    const env = { HOST: "0.0.0.0", TSGI_HOST: "::1", PORT: "1", TSGI_PORT: "2" };
    const options = serveOptions(["serve", "a.ts"], env);
    assert.equal(options.host, "::1");
    assert.equal(options.port, 2);
    assert.equal(serveOptions(["serve", "a.ts"], { PORT: "8123" }).port, 8123);
  });

  it("honours gunicorn's FORWARDED_ALLOW_IPS, below TSGI_FORWARDED_ALLOW_IPS", () => {
    const gunicorn = { FORWARDED_ALLOW_IPS: "10.1.2.3, 10.1.2.4" };
    assert.deepEqual(serveOptions(["serve", "a.ts"], gunicorn).forwardedAllowIps, [
      "10.1.2.3",
      "10.1.2.4",
    ]);
    const both = { ...gunicorn, TSGI_FORWARDED_ALLOW_IPS: "*" };
    assert.deepEqual(serveOptions(["serve", "a.ts"], both).forwardedAllowIps, ["*"]);
    // An empty flag value trusts no proxy at all.
    assert.deepEqual(
      serveOptions(["serve", "a.ts", "--forwarded-allow-ips="]).forwardedAllowIps,
      [],
    );
  });

  it("collects repeated --bind flags in order", () => {
    const argv = ["serve", "a.ts", "--bind", "127.0.0.1:8000", "--bind=unix:/tmp/t.sock"];
    assert.deepEqual(serveOptions(argv).bind, ["127.0.0.1:8000", "unix:/tmp/t.sock"]);
    assert.deepEqual(serveOptions(["serve", "a.ts", "--bind", ":0"]).bind, [":0"]);
    // A host alone gets the server's default port, as in gunicorn; IPv6 goes in brackets.
    const hosts = ["serve", "a.ts", "--bind", "localhost", "--bind", "[::1]", "--bind", "[::]:80"];
    assert.deepEqual(serveOptions(hosts).bind, ["localhost", "[::1]", "[::]:80"]);
  });

  it("takes the last of --access-log FILE and --no-access-log", () => {
    const last = (argv: string[]) => serveOptions(["serve", "app.ts", ...argv]).accessLog;
    assert.equal(last(["--access-log", "-", "--no-access-log"]), false);
    assert.equal(last(["--no-access-log", "--access-log", "a.log"]), "a.log");
    assert.equal(last(["--no-access-log"]), false);
    assert.equal(serveOptions(["serve", "a.ts"], { TSGI_ACCESS_LOG: "on" }).accessLog, "-");
    assert.equal(serveOptions(["serve", "a.ts"], { TSGI_ACCESS_LOG: "-" }).accessLog, "-");
    assert.equal(serveOptions(["serve", "a.ts"], { TSGI_ACCESS_LOG: "No" }).accessLog, false);
  });

  it("takes a function as a log sink from the config module", () => {
    const sink = (line: string) => void line;
    const options = serveOptions(["serve", "a.ts"], {}, { accessLog: sink, errorLog: sink });
    assert.equal(options.accessLog, sink);
    assert.equal(options.errorLog, sink);
  });

  it("treats an empty environment variable as unset", () => {
    const env = { PORT: "", HOST: "", TSGI_SERVER: "", TSGI_WORKERS: "", TSGI_DEV: "" };
    const options = serveOptions(["serve", "app.ts"], env);
    assert.equal(options.port, 8000);
    assert.equal(options.host, "127.0.0.1");
    assert.equal(options.server, "node");
    assert.equal(options.workers, undefined);
    assert.equal(options.dev, false);
  });

  it("accepts the spellings of a boolean in the environment", () => {
    for (const word of ["1", "true", "YES", "on"]) {
      assert.equal(serveOptions(["serve", "a.ts"], { TSGI_DEV: word }).dev, true);
    }
    for (const word of ["0", "false", "No", "off"]) {
      assert.equal(serveOptions(["serve", "a.ts"], { TSGI_DEV: word }).dev, false);
    }
  });

  it("reads sizes with binary suffixes and durations with decimals", () => {
    const size = (text: string) =>
      serveOptions(["serve", "a.ts", "--max-body-size", text]).maxBodySize;
    assert.equal(size("1"), 1);
    assert.equal(size("1.5kb"), 1536);
    assert.equal(size("10 MB"), 10 * 1024 ** 2);
    assert.equal(size("2GiB"), 2 * 1024 ** 3);
    const timeout = (text: string) =>
      serveOptions(["serve", "a.ts", "--timeout", text]).workerTimeout;
    assert.equal(timeout("0"), 0);
    assert.equal(timeout("0.25"), 250);
    assert.equal(timeout("90"), 90_000);
  });

  it("turns dev mode on with --reload, unless dev mode is set explicitly", () => {
    assert.equal(serveOptions(["serve", "a.ts", "--reload"]).dev, true);
    assert.equal(serveOptions(["serve", "a.ts"], { TSGI_RELOAD: "1" }).dev, true);
    assert.equal(serveOptions(["serve", "a.ts"], {}, { reload: true }).dev, true);
    assert.equal(serveOptions(["serve", "a.ts", "--reload", "--no-dev"]).dev, false);
    assert.equal(serveOptions(["serve", "a.ts", "--reload"], { TSGI_DEV: "0" }).dev, false);
    assert.equal(serveOptions(["serve", "a.ts", "--reload", "--no-reload"]).reload, false);
  });

  it("wants --certfile and --keyfile together, and only on a TLS-capable server", () => {
    const tls = ["--certfile", "c.pem", "--keyfile", "k.pem"];
    assert.equal(serveOptions(["serve", "a.ts", "--server", "http2", ...tls]).certfile, "c.pem");
    assert.equal(
      errorCode(["serve", "a.ts", "--server", "http2", "--certfile", "c.pem"]),
      "TSGI_E_CLI_TLS",
    );
    assert.match(
      failure(["serve", "a.ts", "--server", "http2"], { TSGI_KEYFILE: "k.pem" }).message,
      /--keyfile \(from TSGI_KEYFILE\) needs --certfile too/,
    );
    assert.match(failure(["serve", "a.ts", ...tls]).message, /need the http2 server/);
    assert.equal(errorCode(["serve", "a.ts", "--server", "cluster", ...tls]), "TSGI_E_CLI_TLS");
  });

  it("warns about options the chosen server ignores, when given on purpose", () => {
    assert.deepEqual(serveOptions(["serve", "a.ts", "--workers", "4"]).warnings, [
      "--workers applies to the cluster server only; the node server ignores it",
    ]);
    assert.deepEqual(
      serveOptions(["serve", "a.ts", "--config", "c.ts"], {}, { maxRequests: 5 }).warnings,
      ["maxRequests (from c.ts) applies to the cluster server only; the node server ignores it"],
    );
    // The environment is ambient: a deployment may set TSGI_WORKERS for every service.
    assert.deepEqual(serveOptions(["serve", "a.ts"], { TSGI_WORKERS: "4" }).warnings, []);
    assert.deepEqual(
      serveOptions(["serve", "a.ts", "--server", "cluster", "--workers", "4"]).warnings,
      [],
    );
    // Servers the CLI does not know (express, fastify, …) decide for themselves.
    const custom = parseCommandLine(["serve", "a.ts", "--server", "x", "--workers", "2"], {}, [
      "x",
    ]);
    assert.equal(custom.name === "serve" && custom.options.warnings.length, 0);
  });

  it("lets --bind replace --host/--port, and says so when both were given", () => {
    const options = serveOptions(["serve", "a.ts", "--bind", ":9000", "--port", "1"], {
      HOST: "::",
    });
    assert.deepEqual(options.bind, [":9000"]);
    assert.deepEqual(options.warnings, ["--bind replaces --host/--port; ignoring HOST, --port"]);
  });

  it("passes the config module's hooks through, and records its name", () => {
    const whenReady = () => {};
    const postRequest = () => {};
    const options = serveOptions(
      ["serve", "a.ts", "--config", "tsgi.config.ts"],
      {},
      {
        workers: 2,
        whenReady,
        postRequest,
      },
    );
    assert.deepEqual(options.hooks, { whenReady, postRequest });
    assert.equal(options.config, "tsgi.config.ts");
    assert.equal(options.sources.workers, "tsgi.config.ts");
  });

  it("rejects unknown config keys, suggesting the right one", () => {
    const wrong = (config: object) => failure(["serve", "a.ts"], {}, config as TsgiConfig);
    assert.equal(wrong({ wokers: 2 }).code, "TSGI_E_CLI_CONFIG_KEY");
    assert.match(
      wrong({ wokers: 2 }).message,
      /^unknown key "wokers" in config "config": did you mean "workers"\? \(valid keys: server, host, .*onStarting, whenReady/,
    );
    assert.match(wrong({ timeout: 30 }).message, /did you mean "workerTimeout"/);
    assert.match(wrong({ keepalive: 5 }).message, /did you mean "keepAliveTimeout"/);
    assert.match(wrong({ on_starting() {} }).message, /did you mean "onStarting"/);
    assert.doesNotMatch(wrong({ zzzzzz: 1 }).message, /did you mean/);
    assert.equal(wrong({ whenReady: 1 }).code, "TSGI_E_CLI_CONFIG");
    assert.equal(wrong([] as unknown as object).code, "TSGI_E_CLI_CONFIG");
  });

  it("accepts only the registry's servers, from any source", () => {
    assert.equal(errorCode(["serve", "a.ts", "--server", "gunicorn"]), "TSGI_E_UNKNOWN_SERVER");
    assert.equal(errorCode(["serve", "a.ts"], { TSGI_SERVER: "x" }), "TSGI_E_UNKNOWN_SERVER");
    assert.equal(errorCode(["serve", "a.ts"], {}, { server: "x" }), "TSGI_E_UNKNOWN_SERVER");
    assert.throws(() => parseCommandLine(["serve", "a.ts"], { TSGI_SERVER: "x" }, ["node"]), {
      message: 'unknown server "x" (choose one of: node)',
    });
  });

  it("rejects unknown options, missing values and bad commands", () => {
    assert.equal(errorCode(["serve", "a.ts", "--bogus"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "--port"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "--access-log"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "--dev=yes"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "--no-workers"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "--config", ""]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode([]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["run", "a.ts"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve"]), "TSGI_E_CLI_USAGE");
    assert.equal(errorCode(["serve", "a.ts", "b.ts"]), "TSGI_E_CLI_USAGE");
  });

  it("says which option is unknown, in one short line", () => {
    assert.throws(() => parseCommandLine(["serve", "--bogus"], {}, SERVERS), {
      message: "unknown option '--bogus' (see tsgi --help)",
    });
    assert.throws(() => parseCommandLine(["serve", "a.ts", "--bind", "--dev"], {}, SERVERS), {
      message: "option '--bind' argument is ambiguous (see tsgi --help)",
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

describe("configModuleOf", () => {
  it("takes --config, else TSGI_CONFIG, else none", () => {
    const request = (argv: string[]) => {
      const command = readCommandLine(["serve", "a.ts", ...argv]);
      assert.equal(command.name, "serve");
      return command.request;
    };
    assert.equal(
      configModuleOf(request(["--config", "a.config.ts"]), { TSGI_CONFIG: "b.ts" }),
      "a.config.ts",
    );
    assert.equal(configModuleOf(request([]), { TSGI_CONFIG: "b.ts" }), "b.ts");
    assert.equal(configModuleOf(request([]), { TSGI_CONFIG: "" }), undefined);
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
