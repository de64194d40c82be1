/**
 * `npm run init-db` and `npm run routes`: the package.json scripts' commands run as processes,
 * as npm runs them, against a temporary database.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { APP_DIR, cleanEnv, scriptCommand } from "./_blog-server.ts";

describe("the package.json commands", () => {
  let dir: string;
  let database: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "flaskr-commands-"));
    database = join(dir, "flaskr.sqlite");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (script: string) =>
    spawnSync(process.execPath, scriptCommand(script), {
      cwd: APP_DIR,
      env: cleanEnv({ FLASKR_DATABASE: database }),
      encoding: "utf8",
      timeout: 30_000,
    });

  it("init-db clears the database and says so", () => {
    const seeded = new Database(database);
    seeded.exec("CREATE TABLE user (id INTEGER PRIMARY KEY, username TEXT, password TEXT)");
    seeded.exec("INSERT INTO user (username, password) VALUES ('old', 'x')");
    seeded.close();

    const result = run("init-db");
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, "Initialized the database.\n");

    const db = new Database(database, { readonly: true });
    try {
      assert.deepEqual(db.prepare("SELECT COUNT(*) AS n FROM user").get(), { n: 0 });
      assert.deepEqual(db.prepare("SELECT COUNT(*) AS n FROM post").get(), { n: 0 });
    } finally {
      db.close();
    }
  });

  it("routes lists the tutorial's URLs", () => {
    const result = run("routes");
    assert.equal(result.status, 0, result.stderr);
    for (const [endpoint, methods, rule] of [
      ["auth.register", "GET, POST", "/auth/register"],
      ["auth.login", "GET, POST", "/auth/login"],
      ["auth.logout", "GET", "/auth/logout"],
      ["blog.index", "GET", "/"],
      ["blog.create", "GET, POST", "/create"],
      ["blog.update", "GET, POST", "/<int:id>/update"],
      ["blog.delete", "POST", "/<int:id>/delete"],
      ["index", "GET", "/"],
    ] as const) {
      assert.match(result.stdout, new RegExp(`^${endpoint} +${methods} +${escape(rule)}$`, "m"));
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
