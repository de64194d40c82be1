// The option table, option by option: precedence of the four sources, and refused values.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TsgiConfig } from "./config.ts";
import { CliError } from "./errors.ts";
import { OPTION_KEYS, OPTIONS, type OptionKey } from "./option-table.ts";
import { DEFAULTS, parseCommandLine, type Env } from "./options.ts";

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

/**
 * One sample per option: a flag value, an environment value and a config value, each with
 * the value it resolves to. The three differ, so precedence shows in the result.
 */
type Sample = [
  flag: [text: unknown, expected: unknown],
  env: [text: unknown, expected: unknown],
  config: [value: unknown, expected: unknown],
];

const SAMPLES: Record<OptionKey, Sample> = {
  server: [
    ["cluster", "cluster"],
    ["http2", "http2"],
    ["node", "node"],
  ],
  host: [
    ["::1", "::1"],
    ["0.0.0.0", "0.0.0.0"],
    ["localhost", "localhost"],
  ],
  port: [
    ["9000", 9000],
    ["8123", 8123],
    [7000, 7000],
  ],
  bind: [
    ["[::1]:9000", ["[::1]:9000"]],
    [":8000, unix:/tmp/a.sock", [":8000", "unix:/tmp/a.sock"]],
    ["127.0.0.1:7000", ["127.0.0.1:7000"]],
  ],
  workers: [
    ["4", 4],
    ["2", 2],
    [8, 8],
  ],
  maxRequests: [
    ["1000", 1000],
    ["0", 0],
    [50, 50],
  ],
  maxRequestsJitter: [
    ["50", 50],
    ["10", 10],
    [5, 5],
  ],
  workerTimeout: [
    ["10", 10_000],
    ["0.5", 500],
    [20_000, 20_000],
  ],
  gracefulTimeout: [
    ["5", 5_000],
    ["0", 0],
    [1_500, 1_500],
  ],
  maxBodySize: [
    ["10mb", 10 * 1024 ** 2],
    ["1g", 1024 ** 3],
    ["512kb", 512 * 1024],
  ],
  maxRequestLineSize: [
    ["8190", 8190],
    ["2kb", 2048],
    [1024, 1024],
  ],
  maxHeaderFieldSize: [
    ["16k", 16_384],
    ["4096", 4096],
    ["8kb", 8192],
  ],
  maxHeaderCount: [
    ["50", 50],
    ["200", 200],
    [30, 30],
  ],
  maxConcurrentRequests: [
    ["100", 100],
    ["0", 0],
    [10, 10],
  ],
  headersTimeout: [
    ["10", 10_000],
    ["2.5", 2_500],
    [30_000, 30_000],
  ],
  requestTimeout: [
    ["60", 60_000],
    ["0", 0],
    [120_000, 120_000],
  ],
  keepAliveTimeout: [
    ["120", 120_000],
    ["65", 65_000],
    [90_000, 90_000],
  ],
  forwardedAllowIps: [
    ["10.0.0.0/8,::1", ["10.0.0.0/8", "::1"]],
    ["*", ["*"]],
    [
      ["192.168.1.1", "fd00::/8"],
      ["192.168.1.1", "fd00::/8"],
    ],
  ],
  certfile: [
    ["cert.pem", "cert.pem"],
    ["env.pem", "env.pem"],
    ["config.pem", "config.pem"],
  ],
  keyfile: [
    ["key.pem", "key.pem"],
    ["env-key.pem", "env-key.pem"],
    ["c.pem", "c.pem"],
  ],
  accessLog: [
    ["access.log", "access.log"],
    ["off", false],
    [true, "-"],
  ],
  accessLogFormat: [
    ["%(h)s %(r)s", "%(h)s %(r)s"],
    ["%(s)s", "%(s)s"],
    ["%(M)s", "%(M)s"],
  ],
  errorLog: [
    ["errors.log", "errors.log"],
    ["-", "-"],
    ["config.log", "config.log"],
  ],
  reload: [
    [true, true],
    ["0", false],
    [true, true],
  ],
  dev: [
    [true, true],
    ["0", false],
    [true, true],
  ],
};

// Options that only make sense together with another one.
const COMPANIONS: Partial<Record<OptionKey, { flags: string[]; config: TsgiConfig }>> = {
  certfile: { flags: ["--server", "http2", "--keyfile", "k.pem"], config: { keyfile: "k.pem" } },
  keyfile: { flags: ["--server", "http2", "--certfile", "c.pem"], config: { certfile: "c.pem" } },
};

function flagArgs(key: OptionKey, value: unknown): string[] {
  const flag = `--${OPTIONS[key].flag}`;
  if (value === true) return [flag];
  if (value === false) return [`--no-${OPTIONS[key].flag}`];
  return [flag, String(value)];
}

describe("every option: flag > environment variable > config module > default", () => {
  it("has a sample for each option in the table", () => {
    assert.deepEqual(Object.keys(SAMPLES).sort(), [...OPTION_KEYS].sort());
  });

  for (const key of OPTION_KEYS) {
    const [[flagText, fromFlag], [envText, fromEnv], [configValue, fromConfig]] = SAMPLES[key];
    it(`${key}: --${OPTIONS[key].flag}, ${OPTIONS[key].env.join("/")}, config`, () => {
      const companion = COMPANIONS[key];
      const base = ["serve", "app.ts", ...(companion?.flags ?? [])];
      const env = { [OPTIONS[key].env[0] as string]: String(envText) };
      const config = { ...companion?.config, [key]: configValue } as TsgiConfig;
      // http2 from the environment so the TLS companions are accepted in every case.
      const tlsEnv = companion === undefined ? {} : { TSGI_SERVER: "http2" };

      const all = serveOptions(
        [...base, ...flagArgs(key, flagText)],
        { ...tlsEnv, ...env },
        config,
      );
      assert.deepEqual(all[key], fromFlag, "the flag wins");
      assert.equal(all.sources[key], `--${OPTIONS[key].flag}`);

      const envAndConfig = serveOptions(base, { ...tlsEnv, ...env }, config);
      assert.deepEqual(envAndConfig[key], fromEnv, "then the environment variable");
      assert.equal(envAndConfig.sources[key], OPTIONS[key].env[0]);

      const configOnly = serveOptions(base, tlsEnv, config);
      assert.deepEqual(configOnly[key], fromConfig, "then the config module");
      assert.equal(configOnly.sources[key], "config");

      if (companion === undefined) {
        const none = serveOptions(["serve", "app.ts"]);
        assert.deepEqual(none[key], DEFAULTS[key], "then the default");
        assert.equal(none.sources[key], "default");
      }
    });
  }
});

/** Values each option refuses, from the flag and from the environment alike. */
const BAD_TEXT: Partial<Record<OptionKey, string[]>> = {
  port: ["65536", "-1", "80.5", "1e3", "abc", " 80", "0x50", "123456"],
  host: ["a b"],
  bind: ["8000", "::1:8000", "[::1", "unix:", "[zz]:80", "host:99999", "a b:80", "[::1]x"],
  workers: ["0", "-2", "two", "1.5", "1e2"],
  maxRequests: ["-1", "x"],
  maxRequestsJitter: ["-1", "1.5"],
  workerTimeout: ["-1", "1e3", "ten", "1s"],
  gracefulTimeout: ["-0.5", "x"],
  headersTimeout: ["0", "-1"],
  keepAliveTimeout: ["0", "soon"],
  requestTimeout: ["-1"],
  maxBodySize: ["0", "10xb", "mb", "-5", "1.5.2mb", "0.0001kb"],
  maxRequestLineSize: ["0", "big"],
  maxHeaderFieldSize: ["0", "8tb"],
  maxHeaderCount: ["0", "many"],
  maxConcurrentRequests: ["-1", "lots"],
  forwardedAllowIps: ["example.com", "10.0.0.0/33", "::1/129", "10.0.0.1/x"],
  accessLogFormat: [" "],
};

describe("bad values: one line naming the value and where it came from, exit 2", () => {
  it("covers every option that takes a checked value", () => {
    for (const key of OPTION_KEYS) {
      const free = ["server", "certfile", "keyfile", "accessLog", "errorLog", "reload", "dev"];
      if (!free.includes(key)) assert.ok(BAD_TEXT[key] !== undefined, `bad values for ${key}`);
    }
  });

  for (const [key, values] of Object.entries(BAD_TEXT) as [OptionKey, string[]][]) {
    it(`${key} refuses ${values.map((value) => JSON.stringify(value)).join(", ")}`, () => {
      const flag = `--${OPTIONS[key].flag}`;
      const env = OPTIONS[key].env[0] as string;
      for (const value of values) {
        const fromFlag = failure(["serve", "a.ts", `${flag}=${value}`]);
        assert.match(fromFlag.message, new RegExp(`\\(from ${flag}\\): expected `), value);
        assert.ok(fromFlag.message.includes(JSON.stringify(value)), fromFlag.message);
        if (value.trim() !== "") {
          const fromEnv = failure(["serve", "a.ts"], { [env]: value });
          assert.match(fromEnv.message, new RegExp(`\\(from ${env}\\)`), value);
        }
      }
    });
  }

  it("uses stable codes", () => {
    assert.equal(errorCode(["serve", "a.ts", "--port", "x"]), "TSGI_E_CLI_BAD_PORT");
    assert.equal(errorCode(["serve", "a.ts", "--host="]), "TSGI_E_CLI_BAD_HOST");
    assert.equal(errorCode(["serve", "a.ts"], { TSGI_DEV: "maybe" }), "TSGI_E_CLI_BAD_BOOLEAN");
    assert.equal(errorCode(["serve", "a.ts", "--workers", "0"]), "TSGI_E_CLI_BAD_VALUE");
  });

  it("names the config module and the key for a bad config value, in config units", () => {
    const error = failure(["serve", "a.ts", "--config", "tsgi.config.ts"], {}, {
      gracefulTimeout: "30",
    } as unknown as TsgiConfig);
    assert.equal(error.code, "TSGI_E_CLI_BAD_VALUE");
    assert.equal(
      error.message,
      'invalid gracefulTimeout "30" (from tsgi.config.ts): expected milliseconds ≥ 0 (a number, e.g. 30000)',
    );
    assert.match(failure(["serve", "a.ts"], {}, { workers: 0 }).message, /invalid workers 0/);
    assert.match(
      failure(["serve", "a.ts"], {}, { bind: [] }).message,
      /invalid bind \(an array of 0 items\)/,
    );
    assert.match(
      failure(["serve", "a.ts"], {}, { accessLog: 3 } as unknown as TsgiConfig).message,
      /invalid accessLog 3/,
    );
  });

  it("says where a bad port came from", () => {
    assert.throws(() => parseCommandLine(["serve", "a.ts"], { PORT: "x" }, SERVERS), {
      message: 'invalid port "x" (from PORT): expected an integer from 0 to 65535',
    });
    assert.throws(() => parseCommandLine(["serve", "a.ts", "--port", "x"], {}, SERVERS), /--port/);
  });
});
