/**
 * The database, as the tutorial's `flaskr/db.py`: one SQLite connection per request (or app
 * context), kept on `g` and closed when the context ends; `initDb` runs schema.sql; the
 * `init-db` command does that from the command line.
 *
 * Two additions, so that `npm start` just works: {@link ensureDatabase} creates the tables
 * when the database is new (the tutorial asks you to run `flask init-db` first), and rows keep
 * SQLite's `created` timestamp as a `Date`, as Python's `sqlite3.PARSE_DECLTYPES` does.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { currentApp, g, type Flask } from "@tsgi/flask";

/** A connection (better-sqlite3's `Database`). */
export type Db = Database.Database;

declare module "@tsgi/flask" {
  interface AppGlobals {
    /** This context's connection, opened by {@link getDb}. */
    db?: Db;
  }
}

const SCHEMA = readFileSync(new URL("./schema.sql", import.meta.url), "utf8");

/** The app's `DATABASE` setting, checked. */
function databasePath(app: Flask): string {
  const path = app.config.DATABASE;
  if (typeof path !== "string" || path === "") {
    throw new TypeError("config.DATABASE must be the path of the SQLite database file");
  }
  return path;
}

/**
 * Opens a connection with the settings every connection of the app uses.
 *
 * @example
 * const db = connect("instance/flaskr.sqlite");
 * db.close();
 */
export function connect(path: string): Db {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // Several processes (cluster workers) may write: wait for a lock instead of failing at once.
  db.pragma("busy_timeout = 5000");
  // Foreign keys unenforced, as Python's sqlite3 leaves them (better-sqlite3 turns them on):
  // schema.sql drops `user` before `post`, which enforcement refuses while posts exist.
  db.pragma("foreign_keys = OFF");
  return db;
}

/**
 * This context's connection: opened on first use, then the same one until the context ends.
 *
 * @example
 * const user = getDb().prepare("SELECT * FROM user WHERE id = ?").get(userId);
 */
export function getDb(): Db {
  g.db ??= connect(databasePath(currentApp));
  return g.db;
}

/**
 * Closes this context's connection, if it opened one (registered with `teardownAppcontext`).
 *
 * @example
 * app.teardownAppcontext(closeDb);
 */
export function closeDb(_error?: unknown): void {
  const db = g.db;
  delete g.db;
  db?.close();
}

/**
 * Clears the existing data and creates new tables (schema.sql).
 *
 * @example
 * await app.appContext().run(() => initDb());
 */
export function initDb(): void {
  getDb().exec(SCHEMA);
}

/**
 * Creates the tables when the database has none yet — a new or empty file — and leaves an
 * existing database alone. Called by `createApp`, so the first start needs no `init-db`.
 *
 * @returns whether the tables were created.
 *
 * @example
 * ensureDatabase("instance/flaskr.sqlite"); // true the first time, then false
 */
export function ensureDatabase(path: string): boolean {
  const db = connect(path);
  try {
    const found = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'user'")
      .get();
    if (found !== undefined) return false;
    db.exec(SCHEMA);
    return true;
  } finally {
    db.close();
  }
}

/**
 * Reads SQLite's `CURRENT_TIMESTAMP` text ("2018-01-01 00:00:00", UTC) as a `Date`.
 *
 * @example
 * parseTimestamp("2018-01-01 00:00:00").toISOString(); // "2018-01-01T00:00:00.000Z"
 */
export function parseTimestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

/**
 * Registers the database with the app: connections close when a context ends, and
 * `tsgi-flask init-db` (re)creates the tables.
 *
 * @example
 * initApp(app);
 */
export function initApp(app: Flask): void {
  app.teardownAppcontext(closeDb);
  app.cli.command(
    "init-db",
    ({ out }) => {
      initDb();
      out("Initialized the database.");
    },
    { help: "Clear the existing data and create new tables." },
  );
}
