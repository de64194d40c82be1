// The PostgreSQL backend on `pg`. Statements outside transactions use any client of a pool;
// an atomic block pins one pool client for its whole life (BEGIN … savepoints … COMMIT), found
// through the async context, while BaseDatabaseBackend's lock keeps other contexts out of it.
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { DatabaseError, DbConfigError, IntegrityError } from "../../errors.ts";
import { BaseDatabaseBackend } from "../base.ts";
import type {
  AtomicOptions,
  DatabaseSettings,
  ExecuteResult,
  QueryResult,
  SchemaEditor,
  SqlParam,
} from "../types.ts";
import { postgresDialect } from "./dialect.ts";
import { PostgresSchemaEditor } from "./schema.ts";

// int8 (COUNT(*), bigint ids) and numeric as JS numbers, dates as "YYYY-MM-DD" text (pg would
// turn them into local-midnight Dates); timestamptz stays a Date.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20) return (text: string) => Number(text);
    if (oid === 1700) return (text: string) => Number(text);
    if (oid === 1082) return (text: string) => text;
    return pg.types.getTypeParser(oid, format as "text");
  },
};

/** Where a settings entry points, for error messages. */
export function describeTarget(settings: DatabaseSettings): string {
  const host = settings.HOST || "localhost";
  const port = settings.PORT || 5432;
  const user = settings.USER ? ` as user "${settings.USER}"` : "";
  return `PostgreSQL at ${host}:${port}, database "${settings.NAME}"${user}`;
}

/** Connection options for `pg` from a DATABASES entry. */
export function clientConfig(settings: DatabaseSettings, database = settings.NAME): pg.PoolConfig {
  const options = settings.OPTIONS ?? {};
  return {
    host: settings.HOST || "localhost",
    port: settings.PORT === undefined || settings.PORT === "" ? 5432 : Number(settings.PORT),
    user: settings.USER || undefined,
    password: settings.PASSWORD || undefined,
    database,
    max: typeof options.max === "number" ? options.max : 10,
    connectionTimeoutMillis:
      typeof options.connect_timeout === "number" ? options.connect_timeout * 1000 : 10_000,
    // UTC sessions: EXTRACT and date parts mean the same as on SQLite.
    options: "-c TimeZone=UTC",
    types,
  };
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT"]);

/** Internal: a pg error as the ORM's error, naming the target for connection failures. */
export function translatePgError(error: unknown, sql: string, settings: DatabaseSettings): Error {
  const err = error as { code?: string; message?: string };
  const code = typeof err?.code === "string" ? err.code : "";
  const message = error instanceof Error ? error.message : String(error);
  const connectionFailure =
    CONNECTION_CODES.has(code) ||
    code.startsWith("28") || // invalid authorization
    code === "3D000" || // database does not exist
    /timeout exceeded when trying to connect|Connection terminated/i.test(message);
  if (connectionFailure) {
    return new DatabaseError(`Cannot connect to ${describeTarget(settings)}: ${message}`, {
      cause: error,
    });
  }
  if (code.startsWith("23")) {
    return new IntegrityError(`${message} (SQL: ${sql})`, { cause: error });
  }
  return new DatabaseError(`${message} (SQL: ${sql})`, { cause: error });
}

function adapt(value: SqlParam | undefined): unknown {
  if (value === undefined) return null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  return value;
}

/** The pool client pinned by one outermost atomic block. */
interface Pinned {
  client?: pg.PoolClient;
  done: boolean;
}

/**
 * The PostgreSQL backend: `ENGINE: "postgresql"` (or `"django.db.backends.postgresql"`), `NAME`
 * (the database), `USER`, `PASSWORD`, `HOST`, `PORT`; `OPTIONS.max` (pool size, default 10) and
 * `OPTIONS.connect_timeout` (seconds, default 10). Sessions run in UTC.
 *
 * @example
 * const db = new PostgresBackend("default", { ENGINE: "postgresql", NAME: "polls", HOST: "127.0.0.1" });
 * const { rows } = await db.query("SELECT $1::int + 1", [1]); // [[2]]
 */
export class PostgresBackend extends BaseDatabaseBackend {
  readonly vendor = "postgresql";
  readonly ops = postgresDialect;
  private readonly pool: pg.Pool;
  private readonly pinned = new AsyncLocalStorage<Pinned>();

  constructor(alias: string, settings: DatabaseSettings) {
    super(alias, settings);
    if (!settings.NAME) throw new DbConfigError(`DATABASES['${alias}'].NAME must name a database`);
    if (settings.PORT !== undefined && settings.PORT !== "" && !(Number(settings.PORT) > 0)) {
      throw new DbConfigError(`DATABASES['${alias}'].PORT must be a port number`);
    }
    this.pool = new pg.Pool(clientConfig(settings));
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on("error", () => undefined);
  }

  override async atomic<T>(fn: () => Promise<T>, options?: AtomicOptions): Promise<T> {
    const current = this.pinned.getStore();
    if (current && !current.done) return super.atomic(fn, options);
    const pin: Pinned = { done: false };
    return this.pinned.run(pin, async () => {
      try {
        return await super.atomic(fn, options);
      } finally {
        pin.done = true;
        const client = pin.client;
        pin.client = undefined;
        client?.release();
      }
    });
  }

  private async run(sql: string, params: readonly SqlParam[]): Promise<pg.QueryResult> {
    const pin = this.pinned.getStore();
    try {
      if (pin && !pin.done) {
        pin.client ??= await this.pool.connect();
        return await pin.client.query({ text: sql, values: params.map(adapt), rowMode: "array" });
      }
      return await this.pool.query({ text: sql, values: params.map(adapt), rowMode: "array" });
    } catch (error) {
      throw translatePgError(error, sql, this.settings);
    }
  }

  protected async runExecute(sql: string, params: readonly SqlParam[]): Promise<ExecuteResult> {
    const result = await this.run(sql, params);
    return { changes: result.rowCount ?? 0 };
  }

  protected async runQuery(sql: string, params: readonly SqlParam[]): Promise<QueryResult> {
    const result = await this.run(sql, params);
    return {
      columns: (result.fields ?? []).map((field) => field.name),
      rows: (result.rows ?? []) as unknown[][],
    };
  }

  protected createSchemaEditor(): SchemaEditor {
    return new PostgresSchemaEditor(
      {
        execute: (sql, params = []) => this.execute(sql, params),
        query: (sql, params = []) => this.query(sql, params),
      },
      this.ops,
    );
  }

  async tableNames(): Promise<string[]> {
    const { rows } = await this.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    );
    return rows.map((row) => String(row[0]));
  }

  async columnNames(table: string): Promise<string[]> {
    const { rows } = await this.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    return rows.map((row) => String(row[0]));
  }

  protected async closeConnection(): Promise<void> {
    await this.pool.end();
  }
}
