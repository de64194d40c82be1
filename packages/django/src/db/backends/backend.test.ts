import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConnectionHandler, registerBackend } from "../connections.ts";
import { sqliteDialect } from "./sqlite/dialect.ts";
import { SqliteBackend } from "./sqlite/backend.ts";

const memory = () => new SqliteBackend("default", { ENGINE: "sqlite", NAME: ":memory:" });

describe("SQLite backend", () => {
  test("binds Dates as ISO-8601 UTC text and booleans as 0/1", async () => {
    const db = memory();
    await db.execute("CREATE TABLE t (d datetime, b bool, n integer)");
    await db.execute("INSERT INTO t VALUES (?, ?, ?)", [
      new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      true,
      null,
    ]);
    const { columns, rows } = await db.query("SELECT d, b, n FROM t");
    assert.deepEqual(columns, ["d", "b", "n"]);
    assert.deepEqual(rows, [["2026-01-02T03:04:05.000Z", 1, null]]);
    await db.close();
  });

  test("reports constraint failures as IntegrityError and bad SQL as DatabaseError", async () => {
    const db = memory();
    await db.execute("CREATE TABLE t (x integer NOT NULL UNIQUE)");
    await db.execute("INSERT INTO t VALUES (1)");
    await assert.rejects(db.execute("INSERT INTO t VALUES (1)"), { code: "DJANGO_E_DB_INTEGRITY" });
    await assert.rejects(db.query("SELEC 1"), { code: "DJANGO_E_DB_DATABASE" });
    await db.close();
    await assert.rejects(db.query("SELECT 1"), { code: "DJANGO_E_DB_TRANSACTION" });
  });

  test("OPTIONS: init_command runs on connect; a bad timeout is refused", async () => {
    const db = new SqliteBackend("default", {
      ENGINE: "sqlite",
      NAME: ":memory:",
      OPTIONS: { timeout: 1, init_command: "CREATE TABLE made_on_connect (x integer)" },
    });
    assert.deepEqual(await db.tableNames(), ["made_on_connect"]);
    await db.close();
    assert.throws(
      () =>
        new SqliteBackend("default", {
          ENGINE: "sqlite",
          NAME: ":memory:",
          OPTIONS: { timeout: "x" },
        }),
      { code: "DJANGO_E_DB_CONFIG" },
    );
  });

  test("quotes identifiers, doubling embedded quotes", () => {
    assert.equal(sqliteDialect.quoteName('we"ird'), '"we""ird"');
  });

  test("schema editor creates tables with constraints and indexes", async () => {
    const db = memory();
    await db.schemaEditor(async (editor) => {
      await editor.createTable({
        name: "p",
        columns: [{ name: "id", type: "AutoField", primaryKey: true }],
      });
      await editor.createTable({
        name: "c",
        columns: [
          { name: "id", type: "AutoField", primaryKey: true },
          { name: "p_id", type: "IntegerField", references: { table: "p", column: "id" } },
          { name: "code", type: "CharField", maxLength: 4, unique: true },
        ],
      });
    });
    const { rows } = await db.query(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'c'",
    );
    assert.equal(
      rows.some(([name]) => String(name).startsWith("c_p_id_")),
      true,
    );
    await assert.rejects(
      db.atomic(() => db.execute("INSERT INTO c (p_id, code) VALUES (?, ?)", [42, "x"])),
      { code: "DJANGO_E_DB_INTEGRITY" },
    );
    await db.close();
  });
});

describe("connections", () => {
  test("configuration errors are clear", () => {
    const handler = new ConnectionHandler();
    assert.throws(() => handler.get(), /configureDatabases/);
    assert.throws(() => handler.configure({} as never), /'default'/);
    assert.throws(
      () => handler.configure({ default: { ENGINE: "oracle", NAME: "x" } }),
      /ENGINE 'oracle'/,
    );
    handler.configure({ default: { ENGINE: "django.db.backends.sqlite3", NAME: ":memory:" } });
    assert.throws(() => handler.get("other"), /doesn't exist/);
    assert.equal(handler.get().vendor, "sqlite");
    assert.equal(handler.get(), handler.get(), "one connection per alias");
  });

  test("registerBackend adds an engine", async () => {
    registerBackend(
      "fake",
      (alias, settings) => new SqliteBackend(alias, { ...settings, NAME: ":memory:" }),
    );
    const handler = new ConnectionHandler();
    handler.configure({ default: { ENGINE: "fake", NAME: "ignored" } });
    assert.deepEqual((await handler.get().query("SELECT 1 + 1")).rows, [[2]]);
    await handler.closeAll();
  });
});
