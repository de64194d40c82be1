// The backend contract: everything the ORM and migrations need from a database, and nothing
// vendor-specific above it. SQLite implements it in backends/sqlite; issue 7's PostgreSQL
// backend implements the same interface (every method is async for that reason).

/** A value bound to a `?`/`$n` placeholder. Backends adapt Date and boolean for their driver. */
export type SqlParam = string | number | bigint | boolean | null | Date | Uint8Array;

/** Rows as positional arrays (so joined columns with equal names never collide). */
export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

/** What a write reported. */
export interface ExecuteResult {
  changes: number;
}

/** One `DATABASES` entry, named as in Django. */
export interface DatabaseSettings {
  /** `"sqlite"` (also `"sqlite3"`, `"django.db.backends.sqlite3"`) or a registered engine. */
  ENGINE: string;
  /** SQLite: a file path or `":memory:"`; PostgreSQL: the database name. */
  NAME: string;
  USER?: string;
  PASSWORD?: string;
  HOST?: string;
  PORT?: string | number;
  OPTIONS?: Record<string, unknown>;
  /** Test database settings (`NAME` of the test database; SQLite defaults to in-memory). */
  TEST?: { NAME?: string };
}

/** The `DATABASES` setting: alias → settings; `default` is required. */
export type DatabasesSetting = Record<string, DatabaseSettings>;

/** Parts of datetime lookups (`pubDate__year`, `__month`, `__day`, …). */
export type DatePart = "year" | "month" | "day" | "hour" | "minute" | "second";

/** Pattern lookups the dialect renders (case-sensitive ones must really be case-sensitive). */
export type PatternLookup =
  "iexact" | "contains" | "icontains" | "startswith" | "istartswith" | "endswith" | "iendswith";

/**
 * SQL dialect details: quoting, placeholders, LIMIT, pattern lookups, date extraction and
 * column types. Pure functions, no I/O.
 *
 * @example
 * ops.quoteName("polls_question"); // "\"polls_question\""
 */
export interface SqlDialect {
  readonly vendor: string;
  /** Quotes an identifier (doubling embedded quotes). */
  quoteName(name: string): string;
  /** The placeholder for the n-th (1-based) parameter: `?` or `$n`. */
  placeholder(index: number): string;
  /** `LIMIT … OFFSET …` using `bind` for the numbers; "" when neither applies. */
  limitOffset(limit: number | undefined, offset: number, bind: (value: SqlParam) => string): string;
  /** A pattern lookup on `lhs` (already SQL) against `value`, bound through `bind`. */
  patternLookup(
    lookup: PatternLookup,
    lhs: string,
    value: string,
    bind: (value: SqlParam) => string,
  ): string;
  /** An integer-valued SQL expression extracting `part` (UTC) from a datetime column. */
  extract(part: DatePart, lhs: string): string;
  /** ORDER BY expression for `orderBy("?")`. */
  readonly randomFunction: string;
  /** SQL to start a top-level transaction. */
  readonly beginTransactionSql: string;
  /** The SQL type for a column (`varchar(200)`, `integer`, …). */
  columnType(column: ColumnSpec): string;
}

/**
 * A column as the schema editor sees it (derived from a FieldSpec in the migration state).
 *
 * @example
 * const col: ColumnSpec = { name: "question_text", type: "CharField", maxLength: 200 };
 */
export interface ColumnSpec {
  name: string;
  /** The field's internal type: AutoField, CharField, TextField, IntegerField, BooleanField, … */
  type: string;
  maxLength?: number;
  primaryKey?: boolean;
  null?: boolean;
  unique?: boolean;
  dbIndex?: boolean;
  /** Literal used to fill existing rows when the column is added (not kept as a DB default, as in Django). */
  default?: SqlParam;
  /** Foreign-key constraint target. */
  references?: { table: string; column: string };
}

/** A table as the schema editor sees it. */
export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
}

/**
 * Schema changes (Django's SchemaEditor). Each method gets full table descriptions, so a
 * backend that must rebuild tables (SQLite) has what it needs.
 *
 * @example
 * await backend.schemaEditor(async (editor) => editor.createTable({ name: "t", columns: [...] }));
 */
export interface SchemaEditor {
  createTable(table: TableSpec): Promise<void>;
  deleteTable(name: string): Promise<void>;
  renameTable(oldName: string, newName: string): Promise<void>;
  /** `table` is the table after the change and contains `column`. */
  addColumn(table: TableSpec, column: ColumnSpec): Promise<void>;
  removeColumn(before: TableSpec, columnName: string): Promise<void>;
  /** Changes (and possibly renames) one column; `after` is the whole table after the change. */
  alterColumn(
    before: TableSpec,
    after: TableSpec,
    oldColumn: string,
    newColumn: string,
  ): Promise<void>;
  execute(sql: string, params?: readonly SqlParam[]): Promise<void>;
}

/** Options of {@link DatabaseBackend.atomic}. */
export interface AtomicOptions {
  /** Inside another atomic block, create a savepoint (default true). */
  savepoint?: boolean;
}

/**
 * One database connection (per alias). Implementations: the SQLite backend here, PostgreSQL in
 * issue 7. Queries from other async contexts wait while a transaction runs, so a transaction
 * never picks up unrelated statements.
 *
 * @example
 * const db = connections.get();
 * const { rows } = await db.query("SELECT count(*) FROM polls_question WHERE id > ?", [1]);
 */
export interface DatabaseBackend {
  readonly alias: string;
  readonly vendor: string;
  readonly settings: DatabaseSettings;
  readonly ops: SqlDialect;
  /** Runs a statement that returns no rows. */
  execute(sql: string, params?: readonly SqlParam[]): Promise<ExecuteResult>;
  /** Runs a statement that returns rows (SELECT, INSERT … RETURNING). */
  query(sql: string, params?: readonly SqlParam[]): Promise<QueryResult>;
  /** Runs `fn` in a transaction (a savepoint when nested); rolls back if it throws. */
  atomic<T>(fn: () => Promise<T>, options?: AtomicOptions): Promise<T>;
  /** True inside an atomic block of this connection (in the current async context). */
  inAtomicBlock(): boolean;
  /** Runs `fn` after the outermost transaction commits (now, outside a transaction). */
  onCommit(fn: () => void | Promise<void>): Promise<void>;
  /** Runs `fn` with a schema editor inside one transaction (with the vendor's DDL care). */
  schemaEditor<T>(fn: (editor: SchemaEditor) => Promise<T>): Promise<T>;
  /** Names of the tables in the database (introspection). */
  tableNames(): Promise<string[]>;
  /** Column names of a table, in order (introspection). */
  columnNames(table: string): Promise<string[]>;
  close(): Promise<void>;
}
