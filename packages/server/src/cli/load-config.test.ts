import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { CliError } from "./errors.ts";
import { checkConfig, CONFIG_KEYS, loadConfig } from "./load-config.ts";
import { OPTION_KEYS } from "./option-table.ts";

const configs = fileURLToPath(new URL("./fixtures/config/", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "tsgi-load-config-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function loadFailure(module: string, cwd = configs): Promise<CliError> {
  try {
    await loadConfig(module, cwd);
  } catch (error) {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.doesNotMatch(error.message, /\n/, "one line");
    return error;
  }
  assert.fail(`expected ${module} to fail`);
}

describe("loadConfig", () => {
  it("loads the default export: options unchecked, hooks apart", async () => {
    const config = await loadConfig("good.config.ts", configs);
    assert.equal(config.path, "good.config.ts");
    assert.deepEqual(config.options, {
      workers: 2,
      gracefulTimeout: 5_000,
      maxBodySize: "1mb",
      bind: ["127.0.0.1:0"],
      forwardedAllowIps: "10.0.0.0/8",
    });
    assert.deepEqual(Object.keys(config.hooks ?? {}), ["whenReady", "preRequest"]);
    assert.equal(typeof config.hooks?.whenReady, "function");
  });

  it("loads a `config` export, by an absolute path too", async () => {
    const config = await loadConfig(join(configs, "named.config.ts"), "/");
    assert.deepEqual(config.options, { keepAliveTimeout: 90_000, dev: true });
    assert.equal(config.hooks, undefined);
  });

  it("names an unknown key, a guess, and the valid keys", async () => {
    const error = await loadFailure("unknown-key.config.ts");
    assert.equal(error.code, "TSGI_E_CLI_CONFIG_KEY");
    assert.match(
      error.message,
      /^unknown key "wokers" in config "unknown-key\.config\.ts": did you mean "workers"\?/,
    );
    for (const key of CONFIG_KEYS) assert.ok(error.message.includes(key), key);
  });

  it("reports a module that throws while loading, with its message", async () => {
    const error = await loadFailure("throws.config.ts");
    assert.equal(error.code, "TSGI_E_CLI_CONFIG");
    assert.match(
      error.message,
      /^loading config "throws\.config\.ts" failed: SECRET_KEY is not set$/,
    );
  });

  it("reports a syntax error in one line", async () => {
    writeFileSync(join(scratch, "broken.config.ts"), "export default { workers: ;\n");
    const error = await loadFailure("broken.config.ts", scratch);
    assert.match(
      error.message,
      /^loading config "broken\.config\.ts" failed: .*broken\.config\.ts:1/,
    );
  });

  it("reports missing files, other file types, missing exports, bad shapes", async () => {
    assert.match(
      (await loadFailure("nope.config.ts")).message,
      /cannot find config module "nope\.config\.ts"/,
    );
    writeFileSync(join(scratch, "tsgi.json"), "{}");
    assert.match(
      (await loadFailure("tsgi.json", scratch)).message,
      /must be a \.ts, \.mts, \.js, \.mjs module/,
    );
    assert.match(
      (await loadFailure("no-export.config.ts")).message,
      /has no default or `config` export \(its exports: workers\)/,
    );
    assert.match(
      (await loadFailure("bad-hook.config.ts")).message,
      /hook whenReady .* must be a function, not a string/,
    );
    assert.match(
      (await loadFailure("not-an-object.config.ts")).message,
      /must export an object of options, not a number \(42\)/,
    );
  });
});

describe("checkConfig", () => {
  it("knows every option of the table and the five hooks", () => {
    assert.deepEqual(CONFIG_KEYS, [
      ...OPTION_KEYS,
      "onStarting",
      "whenReady",
      "preRequest",
      "postRequest",
      "workerExit",
    ]);
  });

  it("treats undefined values as unset", () => {
    const config = checkConfig({ workers: undefined, onStarting: undefined }, "c.ts");
    assert.deepEqual(config.options, {});
    assert.equal(config.hooks, undefined);
  });

  it("suggests keys for flag names, other cases and gunicorn's names", () => {
    const guess = (key: string) => {
      try {
        checkConfig({ [key]: 1 }, "c.ts");
      } catch (error) {
        return /did you mean "([^"]+)"/.exec((error as Error).message)?.[1];
      }
      return undefined;
    };
    assert.equal(guess("max-body-size"), "maxBodySize");
    assert.equal(guess("max_requests_jitter"), "maxRequestsJitter");
    assert.equal(guess("keep-alive"), "keepAliveTimeout");
    assert.equal(guess("max-concurrent"), "maxConcurrentRequests");
    assert.equal(guess("limit_request_fields"), "maxHeaderCount");
    assert.equal(guess("when_ready"), "whenReady");
    assert.equal(guess("graceful_timout"), "gracefulTimeout");
    assert.equal(guess("database"), undefined);
  });
});
