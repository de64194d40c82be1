/** The tutorial's tests/test_db.py, plus the database the app creates on first start. */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createApp } from "../src/flaskr/index.ts";
import { getDb, type Db } from "../src/flaskr/db.ts";
import { makeFixture, withDb, type Fixture } from "./_flaskr.ts";

describe("db", () => {
  let fixture: Fixture;
  beforeEach(async () => (fixture = await makeFixture()));
  afterEach(() => fixture.cleanup());

  it("gives one connection per app context and closes it at the end", async () => {
    let db: Db | undefined;
    await fixture.app.appContext().run(() => {
      db = getDb();
      assert.equal(db, getDb());
    });
    assert.ok(db);
    assert.equal(db.open, false);
    assert.throws(() => db?.prepare("SELECT 1"), /not open/);
  });

  it("init-db clears the data and says so", async () => {
    const result = await fixture.runner.invoke(["init-db"]);
    assert.equal(result.exitCode, 0);
    assert.match(result.output, /Initialized/);
    const counts = await withDb(fixture.app, (db) => [
      db.prepare("SELECT COUNT(*) AS n FROM user").get(),
      db.prepare("SELECT COUNT(*) AS n FROM post").get(),
    ]);
    assert.deepEqual(counts, [{ n: 0 }, { n: 0 }]);
  });

  it("is listed as an app command with its help", async () => {
    const result = await fixture.runner.invoke(["--help"]);
    assert.match(result.output, /^ {2}init-db +Clear the existing data and create new tables\.$/m);
  });
});

describe("the database on first start", () => {
  it("is created with its tables when missing, and left alone afterwards", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flaskr-first-"));
    const database = join(dir, "nested", "flaskr.sqlite");
    try {
      const app = createApp({ DATABASE: database });
      assert.ok(existsSync(database));
      await withDb(app, (db) =>
        db.prepare("INSERT INTO user (username, password) VALUES ('a', 'x')").run(),
      );
      const again = createApp({ DATABASE: database });
      const users = await withDb(again, (db) => db.prepare("SELECT username FROM user").all());
      assert.deepEqual(users, [{ username: "a" }], "a second start keeps the data");
      const page = await again.testClient().get("/");
      assert.equal(page.status, 200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
