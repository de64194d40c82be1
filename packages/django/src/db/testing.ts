// Test-database helpers for the test runner: swap an alias to a fresh database, migrate it,
// and put the real settings back afterwards. SQLite test databases live in memory (or in
// `TEST.NAME` when given).
import { rmSync } from "node:fs";
import type { AppConfig } from "./apps.ts";
import { dropPostgresDatabase, recreatePostgresDatabase } from "./backends/postgresql/database.ts";
import { testDatabaseServer } from "./backends/postgresql/url.ts";
import type { DatabaseBackend, DatabaseSettings } from "./backends/types.ts";
import { connections, normalizeEngine } from "./connections.ts";
import { migrate } from "./migrations/executor.ts";

interface SavedDatabase {
  original: DatabaseSettings | undefined;
  test: DatabaseSettings;
  /** The settings the test database was derived from (its server, for PostgreSQL). */
  base: DatabaseSettings;
}

const saved = new Map<string, SavedDatabase>();

/** Options of {@link createTestDatabase}. */
export interface TestDatabaseOptions {
  /** The installed apps to migrate into the test database. */
  apps: readonly AppConfig[];
  /** Database alias (default "default"). */
  alias?: string;
}

/**
 * Points `alias` at a fresh test database (SQLite: in memory unless `TEST.NAME`) and migrates
 * it. Works without configureDatabases (defaults to in-memory SQLite).
 *
 * @example
 * before(() => createTestDatabase({ apps: [pollsApp] }));
 * after(() => destroyTestDatabase());
 */
export async function createTestDatabase(options: TestDatabaseOptions): Promise<DatabaseBackend> {
  const alias = options.alias ?? "default";
  if (saved.has(alias)) await destroyTestDatabase({ alias });
  const original =
    connections.configured && connections.aliases().includes(alias)
      ? connections.settingsFor(alias)
      : undefined;
  let base = original ?? { ENGINE: "sqlite", NAME: ":memory:" };
  // TSGI_TEST_DATABASE_URL sends SQLite test databases (those without TEST.NAME) to that
  // PostgreSQL server, one database per process and alias (test files run in parallel).
  const server = testDatabaseServer();
  let name: string | undefined;
  if (server && normalizeEngine(base.ENGINE) === "sqlite" && !base.TEST?.NAME) {
    base = server;
    name = `test_tsgi_${process.pid}_${alias}`.toLowerCase().slice(0, 63);
  }
  const engine = normalizeEngine(base.ENGINE);
  const sqlite = engine === "sqlite";
  name ??= base.TEST?.NAME ?? (sqlite ? ":memory:" : `test_${base.NAME}`);
  const test: DatabaseSettings = { ...base, NAME: name };
  if (sqlite && name !== ":memory:") rmSync(name, { force: true });
  if (engine === "postgresql") await recreatePostgresDatabase(base, name);
  await connections.replace(alias, test);
  saved.set(alias, { original, test, base });
  await migrate({ apps: options.apps, database: alias });
  return connections.get(alias);
}

/**
 * Closes the test database (deleting a SQLite test file) and restores the real settings.
 *
 * @example
 * await destroyTestDatabase();
 */
export async function destroyTestDatabase(options: { alias?: string } = {}): Promise<void> {
  const alias = options.alias ?? "default";
  const entry = saved.get(alias);
  if (!entry) return;
  saved.delete(alias);
  await connections.close(alias);
  const { test, original, base } = entry;
  if (normalizeEngine(test.ENGINE) === "sqlite" && test.NAME !== ":memory:")
    rmSync(test.NAME, { force: true });
  if (normalizeEngine(test.ENGINE) === "postgresql") {
    await dropPostgresDatabase(base, test.NAME);
  }
  if (original) await connections.replace(alias, original);
}

/**
 * Deletes every row of every table except `django_migrations` (Django's `flush`), in one
 * transaction.
 *
 * @example
 * afterEach(() => flushDatabase());
 */
export async function flushDatabase(options: { alias?: string } = {}): Promise<void> {
  const backend = connections.get(options.alias);
  const tables = (await backend.tableNames()).filter((table) => table !== "django_migrations");
  if (backend.vendor === "postgresql") {
    // One TRUNCATE for all tables (foreign keys between them allow no table-by-table order);
    // ids keep counting up, as after SQLite's DELETE of an AUTOINCREMENT table.
    if (tables.length === 0) return;
    const list = tables.map((table) => backend.ops.quoteName(table)).join(", ");
    await backend.execute(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
    return;
  }
  await backend.atomic(async () => {
    for (const table of tables)
      await backend.execute(`DELETE FROM ${backend.ops.quoteName(table)}`);
  });
}

class Rollback extends Error {}

/**
 * Runs `fn` in a transaction that is always rolled back (Django's TestCase isolation): the
 * test sees its own writes, the next test sees none of them.
 *
 * @example
 * test("creates a question", () => withRollback(async () => { await Question.objects.create({...}); }));
 */
export async function withRollback<T>(
  fn: () => Promise<T>,
  options: { alias?: string } = {},
): Promise<T> {
  let result: T | undefined;
  try {
    await connections.get(options.alias).atomic(async () => {
      result = await fn();
      throw new Rollback("rollback");
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}
