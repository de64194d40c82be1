import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ConnectionHandler } from "../../connections.ts";
import { PostgresBackend } from "./backend.ts";
import { dropPostgresDatabase, recreatePostgresDatabase } from "./database.ts";
import { postgresDialect } from "./dialect.ts";
import { postgresSettingsFromUrl, testDatabaseServer } from "./url.ts";
import type { DatabaseSettings } from "../types.ts";

const server = testDatabaseServer();
// Each test is skipped (not the suite), so the skips appear in the totals.
const skip = server ? false : "TSGI_TEST_DATABASE_URL is not set (start one: .ci/postgres.sh)";

describe("PostgreSQL dialect (no server needed)", () => {
  const binder = () => {
    const params: unknown[] = [];
    return {
      params,
      bind: (value: unknown) => {
        params.push(value);
        return postgresDialect.placeholder(params.length);
      },
    };
  };

  test("numbered placeholders, quoting, LIMIT/OFFSET", () => {
    assert.equal(postgresDialect.placeholder(3), "$3");
    assert.equal(postgresDialect.quoteName('we"ird'), '"we""ird"');
    const { bind, params } = binder();
    assert.equal(postgresDialect.limitOffset(5, 10, bind), "LIMIT $1 OFFSET $2");
    assert.equal(postgresDialect.limitOffset(undefined, 3, bind), "OFFSET $3");
    assert.equal(postgresDialect.limitOffset(undefined, 0, bind), "");
    assert.deepEqual(params, [5, 10, 3]);
  });

  test("pattern lookups escape %, _ and \\ as the SQLite backend does", () => {
    const { bind, params } = binder();
    assert.equal(
      postgresDialect.patternLookup("contains", '"t"."x"', "50%_a\\", bind),
      `"t"."x"::text LIKE $1 ESCAPE '\\'`,
    );
    assert.equal(
      postgresDialect.patternLookup("istartswith", '"t"."x"', "ab", bind),
      `"t"."x"::text ILIKE $2 ESCAPE '\\'`,
    );
    assert.deepEqual(params, ["%50\\%\\_a\\\\%", "ab%"]);
  });

  test("URLs become settings; other schemes are refused", () => {
    assert.deepEqual(postgresSettingsFromUrl("postgres://u:p%40ss@db.example:5433/polls"), {
      ENGINE: "postgresql",
      NAME: "polls",
      USER: "u",
      PASSWORD: "p@ss",
      HOST: "db.example",
      PORT: "5433",
    });
    assert.throws(() => postgresSettingsFromUrl("mysql://x/y"), { code: "DJANGO_E_DB_CONFIG" });
  });

  test("DATABASES with ENGINE django.db.backends.postgresql selects this backend", async () => {
    const handler = new ConnectionHandler();
    handler.configure({
      default: { ENGINE: "django.db.backends.postgresql", NAME: "x", HOST: "127.0.0.1" },
    });
    assert.ok(handler.get() instanceof PostgresBackend);
    await handler.closeAll();
  });

  test("connection failures name host, port and database", async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const db = new PostgresBackend("default", {
      ENGINE: "postgresql",
      NAME: "nowhere",
      HOST: "127.0.0.1",
      PORT: 1,
    });
    await assert.rejects(db.query("SELECT 1"), (error: Error & { code?: string }) => {
      assert.equal(error.code, "DJANGO_E_DB_DATABASE");
      assert.match(error.message, /127\.0\.0\.1:1, database "nowhere"/);
      return true;
    });
    await db.close();
  });
});

describe("PostgreSQL backend", () => {
  let settings: DatabaseSettings;
  let db: PostgresBackend;
  const name = `test_tsgi_backend_${process.pid}`;

  before(async () => {
    if (!server) return;
    await recreatePostgresDatabase(server!, name);
    settings = { ...server!, NAME: name };
    db = new PostgresBackend("default", settings);
  });
  after(async () => {
    if (!server) return;
    await db.close();
    await dropPostgresDatabase(server!, name);
  });

  test(
    "binds Dates as timestamptz and booleans as booleans; int8 comes back as a number",
    { skip },
    async () => {
      await db.execute("CREATE TABLE t (d timestamptz, b boolean, n integer, day date)");
      const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
      await db.execute("INSERT INTO t VALUES ($1, $2, $3, $4)", [when, true, null, "2026-01-02"]);
      const { columns, rows } = await db.query("SELECT d, b, n, day, count(*) OVER () FROM t");
      assert.deepEqual(columns, ["d", "b", "n", "day", "count"]);
      assert.deepEqual(rows, [[when, true, null, "2026-01-02", 1]]);
      const year = postgresDialect.extract("year", "d");
      const hour = postgresDialect.extract("hour", "d");
      assert.deepEqual((await db.query(`SELECT ${year}, ${hour} FROM t`)).rows, [[2026, 3]]);
    },
  );

  test("constraint failures are IntegrityError, bad SQL DatabaseError", { skip }, async () => {
    await db.execute("CREATE TABLE u (x integer NOT NULL UNIQUE)");
    await db.execute("INSERT INTO u VALUES (1)");
    await assert.rejects(db.execute("INSERT INTO u VALUES (1)"), {
      code: "DJANGO_E_DB_INTEGRITY",
    });
    await assert.rejects(db.query("SELEC 1"), { code: "DJANGO_E_DB_DATABASE" });
  });

  test("atomic pins one client: savepoints roll back, other contexts wait", { skip }, async () => {
    await db.execute("CREATE TABLE a (x integer)");
    const seen: number[] = [];
    await db.atomic(async () => {
      await db.execute("INSERT INTO a VALUES (1)");
      await assert.rejects(
        db.atomic(async () => {
          await db.execute("INSERT INTO a VALUES (2)");
          throw new Error("inner");
        }),
        /inner/,
      );
      // Another context's read waits for the commit, so it sees the committed row.
      void db.query("SELECT count(*) FROM a").then(({ rows }) => seen.push(rows[0]![0] as number));
      const { rows } = await db.query("SELECT x FROM a ORDER BY x");
      assert.deepEqual(rows, [[1]]);
      const backendPid = (await db.query("SELECT pg_backend_pid()")).rows[0]![0];
      const samePid = (await db.query("SELECT pg_backend_pid()")).rows[0]![0];
      assert.equal(backendPid, samePid, "one client for the whole block");
    });
    await db.query("SELECT 1");
    assert.deepEqual(seen, [1]);
    await assert.rejects(
      db.atomic(async () => {
        await db.execute("INSERT INTO a VALUES (3)");
        throw new Error("outer");
      }),
      /outer/,
    );
    assert.deepEqual((await db.query("SELECT x FROM a")).rows, [[1]]);
  });

  test(
    "schema editor: create, add (filling rows), alter, rename and remove columns",
    { skip },
    async () => {
      const parent = { name: "p", columns: [{ name: "id", type: "AutoField", primaryKey: true }] };
      const base = [
        { name: "id", type: "AutoField", primaryKey: true },
        { name: "p_id", type: "IntegerField", references: { table: "p", column: "id" } },
      ];
      await db.schemaEditor(async (editor) => {
        await editor.createTable(parent);
        await editor.createTable({ name: "c", columns: base });
      });
      const { rows: ids } = await db.query("INSERT INTO p DEFAULT VALUES RETURNING id");
      await db.execute("INSERT INTO c (p_id) VALUES ($1)", [ids[0]![0] as number]);
      const votes = { name: "votes", type: "IntegerField", default: 7 };
      await db.schemaEditor((editor) =>
        editor.addColumn({ name: "c", columns: [...base, votes] }, votes),
      );
      assert.deepEqual((await db.query("SELECT votes FROM c")).rows, [[7]]);
      const before = { name: "c", columns: [...base, votes] };
      const renamed = { name: "score", type: "BigIntegerField", null: true, unique: true };
      const after = { name: "c", columns: [...base, renamed] };
      await db.schemaEditor((editor) => editor.alterColumn(before, after, "votes", "score"));
      assert.deepEqual(await db.columnNames("c"), ["id", "p_id", "score"]);
      await db.execute("INSERT INTO c (p_id, score) VALUES ($1, NULL)", [ids[0]![0] as number]);
      await assert.rejects(
        db.execute("INSERT INTO c (p_id, score) VALUES ($1, 7)", [ids[0]![0] as number]),
        {
          code: "DJANGO_E_DB_INTEGRITY",
        },
      );
      await db.schemaEditor((editor) => editor.removeColumn(after, "score"));
      assert.deepEqual(await db.columnNames("c"), ["id", "p_id"]);
      await assert.rejects(
        db.atomic(() => db.execute("INSERT INTO c (p_id) VALUES ($1)", [424242])),
        { code: "DJANGO_E_DB_INTEGRITY" },
      );
      assert.ok((await db.tableNames()).includes("c"));
    },
  );
});
