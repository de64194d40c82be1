import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Config } from "./config.ts";

describe("Config", () => {
  test("defaults as Flask's, with SameSite=Lax", () => {
    const config = new Config();
    assert.equal(config.DEBUG, false);
    assert.equal(config.TESTING, false);
    assert.equal(config.SECRET_KEY, null);
    assert.equal(config.MAX_CONTENT_LENGTH, null);
    assert.equal(config.SESSION_COOKIE_NAME, "session");
    assert.equal(config.SESSION_COOKIE_SAMESITE, "Lax");
    assert.equal(config.PERMANENT_SESSION_LIFETIME, 31 * 24 * 3600);
  });

  test("fromObject takes UPPER_CASE keys only", () => {
    const config = new Config().fromObject({ SECRET_KEY: "dev", lower: 1, DATABASE: "x.db" });
    assert.equal(config.SECRET_KEY, "dev");
    assert.equal(config.DATABASE, "x.db");
    assert.equal(config.lower, undefined);
  });

  test("fromFile: JSON and a TS module, relative to the root; silent for missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "flask-config-"));
    try {
      await writeFile(join(dir, "config.json"), JSON.stringify({ SECRET_KEY: "json", lower: 1 }));
      await writeFile(
        join(dir, "settings.ts"),
        'export const DATABASE: string = "mod.db";\nexport const other = 1;\n',
      );
      const config = new Config({}, dir);
      assert.equal(await config.fromFile("config.json"), true);
      assert.equal(await config.fromFile("settings.ts"), true);
      assert.equal(config.SECRET_KEY, "json");
      assert.equal(config.DATABASE, "mod.db");
      assert.equal(config.other, undefined);
      assert.equal(await config.fromFile("missing.json", { silent: true }), false);
      await assert.rejects(config.fromFile("missing.json"), { code: "FLASK_E_CONFIG_FILE" });
      await writeFile(join(dir, "bad.json"), "{nope");
      await assert.rejects(config.fromFile("bad.json"), { code: "FLASK_E_CONFIG_FILE" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("fromPrefixedEnv parses JSON values and nests with __", () => {
    const config = new Config().fromPrefixedEnv("FLASK", {
      env: {
        FLASK_SECRET_KEY: "from-env",
        FLASK_DEBUG: "true",
        FLASK_MAX_CONTENT_LENGTH: "1024",
        FLASK_DB__HOST: "localhost",
        FLASK_DB__PORT: "5432",
        OTHER_THING: "ignored",
      },
    });
    assert.equal(config.SECRET_KEY, "from-env");
    assert.equal(config.DEBUG, true);
    assert.equal(config.MAX_CONTENT_LENGTH, 1024);
    assert.deepEqual(config.DB, { HOST: "localhost", PORT: 5432 });
    assert.equal(config.THING, undefined);
    assert.equal(new Config().fromEnv("APP", { env: { APP_TESTING: "true" } }).TESTING, true);
  });

  test("fromEnvvar needs the variable; getNamespace", async () => {
    await assert.rejects(new Config().fromEnvvar("TSGI_FLASK_NO_SUCH_VAR"), {
      code: "FLASK_E_CONFIG_ENV",
    });
    const config = new Config().fromObject({ IMAGE_STORE_TYPE: "fs", IMAGE_STORE_PATH: "/img" });
    assert.deepEqual(config.getNamespace("IMAGE_STORE_"), { type: "fs", path: "/img" });
  });
});
