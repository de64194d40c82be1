/** The tutorial's tests/test_factory.py. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createApp } from "../src/flaskr/index.ts";
import { makeFixture, type Fixture } from "./_flaskr.ts";

describe("factory", () => {
  it("is not in testing mode without a test config, and is with one", () => {
    // Without a test config the app reads FLASKR_* variables: point its database elsewhere.
    const dir = mkdtempSync(join(tmpdir(), "flaskr-factory-"));
    const saved = process.env.FLASKR_DATABASE;
    process.env.FLASKR_DATABASE = join(dir, "flaskr.sqlite");
    try {
      const app = createApp();
      assert.equal(app.testing, false);
      assert.equal(app.config.DATABASE, join(dir, "flaskr.sqlite"));
      assert.equal(app.config.SECRET_KEY, "dev");
      assert.equal(createApp({ TESTING: true, DATABASE: join(dir, "test.sqlite") }).testing, true);
    } finally {
      if (saved === undefined) delete process.env.FLASKR_DATABASE;
      else process.env.FLASKR_DATABASE = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("with a client", () => {
    let fixture: Fixture;
    beforeEach(async () => (fixture = await makeFixture()));
    afterEach(() => fixture.cleanup());

    it("says hello", async () => {
      const response = await fixture.client.get("/hello");
      assert.equal(response.text, "Hello, World!");
    });

    it("answers /health with JSON", async () => {
      const response = await fixture.client.get("/health");
      assert.equal(response.status, 200);
      assert.deepEqual(response.json(), { app: "flask-blog", ok: true });
    });
  });
});
