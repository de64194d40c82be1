// The `django_migrations` table: which migrations are applied, and when.
import type { DatabaseBackend } from "../backends/types.ts";

const TABLE = "django_migrations";

/**
 * Reads and writes the applied-migrations table.
 *
 * @example
 * const recorder = new MigrationRecorder(connections.get());
 * await recorder.ensureSchema();
 * (await recorder.appliedMigrations()).has("polls.0001_initial");
 */
export class MigrationRecorder {
  constructor(private readonly backend: DatabaseBackend) {}

  private q(name: string): string {
    return this.backend.ops.quoteName(name);
  }

  /** True if the table exists. */
  async hasTable(): Promise<boolean> {
    return (await this.backend.tableNames()).includes(TABLE);
  }

  /** Creates the table if missing. */
  async ensureSchema(): Promise<void> {
    if (await this.hasTable()) return;
    await this.backend.schemaEditor((editor) =>
      editor.createTable({
        name: TABLE,
        columns: [
          { name: "id", type: "AutoField", primaryKey: true },
          { name: "app", type: "CharField", maxLength: 255 },
          { name: "name", type: "CharField", maxLength: 255 },
          { name: "applied", type: "DateTimeField" },
        ],
      }),
    );
  }

  /** Applied migrations: `"app.name"` → when. */
  async appliedMigrations(): Promise<Map<string, Date>> {
    if (!(await this.hasTable())) return new Map();
    const { rows } = await this.backend.query(
      `SELECT ${this.q("app")}, ${this.q("name")}, ${this.q("applied")} FROM ${this.q(TABLE)}`,
    );
    return new Map(
      rows.map(([app, name, applied]) => [
        `${String(app)}.${String(name)}`,
        new Date(String(applied)),
      ]),
    );
  }

  async recordApplied(app: string, name: string): Promise<void> {
    const p = (i: number) => this.backend.ops.placeholder(i);
    await this.backend.execute(
      `INSERT INTO ${this.q(TABLE)} (${this.q("app")}, ${this.q("name")}, ${this.q("applied")}) VALUES (${p(1)}, ${p(2)}, ${p(3)})`,
      [app, name, new Date()],
    );
  }

  async recordUnapplied(app: string, name: string): Promise<void> {
    const p = (i: number) => this.backend.ops.placeholder(i);
    await this.backend.execute(
      `DELETE FROM ${this.q(TABLE)} WHERE ${this.q("app")} = ${p(1)} AND ${this.q("name")} = ${p(2)}`,
      [app, name],
    );
  }
}
