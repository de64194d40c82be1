// The SQLite backend on better-sqlite3. The driver is synchronous; the API is async like every
// backend's, and statements run in order on the one connection, so `transaction.atomic` and
// the connection lock in BaseDatabaseBackend keep concurrent requests apart.
import Database from "better-sqlite3";
import { DatabaseError, DbConfigError, IntegrityError } from "../../errors.ts";
import { BaseDatabaseBackend } from "../base.ts";
import type {
  DatabaseSettings,
  ExecuteResult,
  QueryResult,
  SchemaEditor,
  SqlParam,
} from "../types.ts";
import { sqliteDialect } from "./dialect.ts";
import { SqliteSchemaEditor } from "./schema.ts";

const STATEMENT_CACHE_SIZE = 200;

/** SQLite has no Date or boolean: Dates become ISO-8601 UTC text, booleans 0/1. */
function adapt(value: SqlParam | undefined): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === undefined) return null;
  return value;
}

function translateError(error: unknown, sql: string): Error {
  if (error instanceof Database.SqliteError) {
    const message = `${error.message} (SQL: ${sql})`;
    return error.code.startsWith("SQLITE_CONSTRAINT")
      ? new IntegrityError(message, { cause: error })
      : new DatabaseError(message, { cause: error });
  }
  if (error instanceof Error)
    return new DatabaseError(`${error.message} (SQL: ${sql})`, { cause: error });
  return new DatabaseError(String(error));
}

/**
 * The SQLite backend: `ENGINE: "sqlite"`, `NAME`: a file path or `":memory:"`. Foreign-key
 * constraints are on (deferred to commit, as in Django). `OPTIONS` as in Django: `timeout`
 * (seconds to wait for a locked file) and `init_command` (SQL run on connect, e.g.
 * `"PRAGMA journal_mode=WAL"` when several processes share the file).
 *
 * @example
 * const db = new SqliteBackend("default", { ENGINE: "sqlite", NAME: ":memory:" });
 * await db.execute("CREATE TABLE t (x integer)");
 */
export class SqliteBackend extends BaseDatabaseBackend {
  readonly vendor = "sqlite";
  readonly ops = sqliteDialect;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(alias: string, settings: DatabaseSettings) {
    super(alias, settings);
    const options = settings.OPTIONS ?? {};
    const timeout = options.timeout;
    if (timeout !== undefined && (typeof timeout !== "number" || !(timeout >= 0))) {
      throw new DbConfigError("DATABASES OPTIONS.timeout must be a number of seconds");
    }
    try {
      // Django's OPTIONS.timeout is in seconds; better-sqlite3 waits this long on a locked file.
      this.db = new Database(
        settings.NAME,
        timeout === undefined ? {} : { timeout: timeout * 1000 },
      );
      this.db.pragma("foreign_keys = ON");
      if (typeof options.init_command === "string") this.db.exec(options.init_command);
    } catch (error) {
      throw translateError(error, `open ${settings.NAME}`);
    }
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
      this.statements.set(sql, statement);
    }
    return statement;
  }

  protected async runExecute(sql: string, params: readonly SqlParam[]): Promise<ExecuteResult> {
    try {
      const statement = this.prepare(sql);
      if (statement.reader) {
        statement.raw(true).all(...params.map(adapt));
        return { changes: 0 };
      }
      const info = statement.run(...params.map(adapt));
      return { changes: info.changes };
    } catch (error) {
      throw translateError(error, sql);
    }
  }

  protected async runQuery(sql: string, params: readonly SqlParam[]): Promise<QueryResult> {
    try {
      const statement = this.prepare(sql);
      if (!statement.reader) {
        statement.run(...params.map(adapt));
        return { columns: [], rows: [] };
      }
      const columns = statement.columns().map((column) => column.name);
      const rows = statement.raw(true).all(...params.map(adapt)) as unknown[][];
      return { columns, rows };
    } catch (error) {
      throw translateError(error, sql);
    }
  }

  protected createSchemaEditor(): SchemaEditor {
    return new SqliteSchemaEditor(
      {
        execute: (sql, params = []) => this.execute(sql, params),
        query: (sql, params = []) => this.query(sql, params),
      },
      this.ops,
    );
  }

  /**
   * Runs `fn` with foreign-key enforcement off (SQLite cannot toggle it inside a transaction,
   * and table rebuilds need it off), then checks every constraint before committing.
   */
  override async schemaEditor<T>(fn: (editor: SchemaEditor) => Promise<T>): Promise<T> {
    if (this.inAtomicBlock()) return super.schemaEditor(fn);
    await this.execute("PRAGMA foreign_keys = OFF");
    try {
      return await this.atomic(async () => {
        const result = await fn(this.createSchemaEditor());
        const { rows } = await this.query("PRAGMA foreign_key_check");
        if (rows.length > 0) {
          const [table, rowid, parent] = rows[0] ?? [];
          throw new IntegrityError(
            `The row in table '${String(table)}' with rowid ${String(rowid)} has an invalid foreign key to '${String(parent)}'`,
          );
        }
        return result;
      });
    } finally {
      if (!this.closed) await this.execute("PRAGMA foreign_keys = ON");
    }
  }

  async tableNames(): Promise<string[]> {
    const { rows } = await this.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    return rows.map((row) => String(row[0]));
  }

  async columnNames(table: string): Promise<string[]> {
    const { rows } = await this.query("SELECT name FROM pragma_table_info(?)", [table]);
    return rows.map((row) => String(row[0]));
  }

  protected async closeConnection(): Promise<void> {
    this.statements.clear();
    this.db.close();
  }
}
