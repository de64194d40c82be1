// SQLite schema editor. SQLite's ALTER TABLE cannot change or drop constrained columns, so
// AlterField, RemoveField and most AddFields rebuild the table the way Django does: create
// `new__<table>`, copy the rows, drop the old table, rename, recreate the indexes.
import { createHash } from "node:crypto";
import { TransactionManagementError } from "../../errors.ts";
import type { ColumnSpec, SchemaEditor, SqlDialect, SqlParam, TableSpec } from "../types.ts";

/** Runs SQL for the editor (the backend's raw execute/query inside the migration transaction). */
export interface SqliteEditorConnection {
  execute(sql: string, params?: readonly SqlParam[]): Promise<unknown>;
  query(sql: string, params?: readonly SqlParam[]): Promise<{ rows: unknown[][] }>;
}

/** Internal: index names are derived from table and column, so a rebuilt table gets the same ones back. */
export function indexName(table: string, column: string): string {
  const hash = createHash("sha256").update(`${table}.${column}`).digest("hex").slice(0, 8);
  return `${table}_${column}_${hash}`.slice(0, 55);
}

/** Internal: a column definition as it appears in CREATE TABLE. */
export function columnDefinition(ops: SqlDialect, column: ColumnSpec): string {
  const parts = [ops.quoteName(column.name), ops.columnType(column)];
  if (column.primaryKey) {
    parts.push("NOT NULL PRIMARY KEY");
    if (column.type === "AutoField" || column.type === "BigAutoField") parts.push("AUTOINCREMENT");
  } else {
    parts.push(column.null ? "NULL" : "NOT NULL");
    if (column.unique) parts.push("UNIQUE");
  }
  if (column.references) {
    const { table, column: target } = column.references;
    parts.push(
      `REFERENCES ${ops.quoteName(table)} (${ops.quoteName(target)}) DEFERRABLE INITIALLY DEFERRED`,
    );
  }
  return parts.join(" ");
}

/**
 * The SQLite SchemaEditor.
 *
 * @example
 * await backend.schemaEditor((editor) => editor.createTable(spec));
 */
export class SqliteSchemaEditor implements SchemaEditor {
  constructor(
    private readonly connection: SqliteEditorConnection,
    private readonly ops: SqlDialect,
  ) {}

  private q(name: string): string {
    return this.ops.quoteName(name);
  }

  async execute(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    await this.connection.execute(sql, params);
  }

  private async createIndexes(table: TableSpec): Promise<void> {
    for (const column of table.columns) {
      if (column.primaryKey || column.unique) continue;
      if (!column.dbIndex && !column.references) continue;
      await this.execute(
        `CREATE INDEX ${this.q(indexName(table.name, column.name))} ON ${this.q(table.name)} (${this.q(column.name)})`,
      );
    }
  }

  private async createTableOnly(table: TableSpec, name = table.name): Promise<void> {
    const columns = table.columns.map((column) => columnDefinition(this.ops, column));
    await this.execute(`CREATE TABLE ${this.q(name)} (${columns.join(", ")})`);
  }

  async createTable(table: TableSpec): Promise<void> {
    await this.createTableOnly(table);
    await this.createIndexes(table);
  }

  async deleteTable(name: string): Promise<void> {
    await this.execute(`DROP TABLE ${this.q(name)}`);
  }

  async renameTable(oldName: string, newName: string): Promise<void> {
    if (oldName === newName) return;
    await this.execute(`ALTER TABLE ${this.q(oldName)} RENAME TO ${this.q(newName)}`);
  }

  async addColumn(table: TableSpec, column: ColumnSpec): Promise<void> {
    const simple = column.null && column.default == null && !column.unique && !column.primaryKey;
    if (simple) {
      await this.execute(
        `ALTER TABLE ${this.q(table.name)} ADD COLUMN ${columnDefinition(this.ops, column)}`,
      );
      if (column.dbIndex || column.references) {
        await this.execute(
          `CREATE INDEX ${this.q(indexName(table.name, column.name))} ON ${this.q(table.name)} (${this.q(column.name)})`,
        );
      }
      return;
    }
    const before = { ...table, columns: table.columns.filter((c) => c.name !== column.name) };
    await this.remake(before, table, new Map([[column.name, { value: column.default ?? null }]]));
  }

  async removeColumn(before: TableSpec, columnName: string): Promise<void> {
    const after = { ...before, columns: before.columns.filter((c) => c.name !== columnName) };
    await this.remake(before, after, new Map());
  }

  async alterColumn(
    before: TableSpec,
    after: TableSpec,
    oldColumn: string,
    newColumn: string,
  ): Promise<void> {
    await this.remake(before, after, new Map([[newColumn, { from: oldColumn }]]));
  }

  /**
   * Rebuilds `before` as `after`. Columns of `after` are copied from the same-named column of
   * `before` unless `sources` says otherwise (another column, or a literal for new columns).
   */
  private async remake(
    before: TableSpec,
    after: TableSpec,
    sources: Map<string, { from: string } | { value: SqlParam }>,
  ): Promise<void> {
    const { rows } = await this.connection.query("PRAGMA foreign_keys");
    if (rows[0]?.[0] === 1) {
      throw new TransactionManagementError(
        "Rebuilding a SQLite table needs foreign-key checks off, which SQLite cannot do inside a transaction: run this migration outside an atomic block",
      );
    }
    const temporary = `new__${after.name}`;
    const oldColumns = new Set(before.columns.map((c) => c.name));
    const targets: string[] = [];
    const selects: string[] = [];
    const params: SqlParam[] = [];
    for (const column of after.columns) {
      const source = sources.get(column.name);
      if (source && "value" in source) {
        targets.push(this.q(column.name));
        selects.push("?");
        params.push(source.value);
      } else {
        const from = source ? source.from : column.name;
        if (!oldColumns.has(from)) continue;
        targets.push(this.q(column.name));
        selects.push(this.q(from));
      }
    }
    await this.createTableOnly(after, temporary);
    if (targets.length > 0) {
      await this.execute(
        `INSERT INTO ${this.q(temporary)} (${targets.join(", ")}) SELECT ${selects.join(", ")} FROM ${this.q(before.name)}`,
        params,
      );
    }
    await this.deleteTable(before.name);
    await this.renameTable(temporary, after.name);
    await this.createIndexes(after);
  }
}
