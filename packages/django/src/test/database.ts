/**
 * The test database of one test case, on the ORM's test-database helpers: every alias of
 * `DATABASES` is swapped for its test twin (SQLite: a private in-memory database unless
 * `TEST.NAME`; other engines: `TEST.NAME` or `test_<NAME>`) and every installed app is
 * migrated into it; each test runs in a transaction that is always rolled back; at the end
 * the test databases are destroyed and the real settings restored.
 */
import type { Settings } from "../conf/index.ts";
import {
  configureDatabases,
  createTestDatabase,
  destroyTestDatabase,
  withRollback,
  type AppConfig as DbAppConfig,
} from "../db/index.ts";
import { installedApps } from "../management/apps.ts";

/** A test case's databases. */
export interface TestDatabase {
  /** Runs `fn` in a transaction on the default database that is rolled back afterwards. */
  runRolledBack<T>(fn: () => Promise<T>): Promise<T>;
  /** Destroys the test databases and restores the configured ones. */
  tearDown(): Promise<void>;
}

/**
 * Creates and migrates the test databases for `settings`.
 *
 * @example
 * const database = await setUpTestDatabase(settings);
 * await database.runRolledBack(() => Question.objects.create({ questionText: "?", pubDate: new Date() }));
 * await database.tearDown();
 */
export async function setUpTestDatabase(settings: Settings): Promise<TestDatabase> {
  const databases = settings.DATABASES;
  const aliases = Object.keys(databases);
  const apps = installedApps(settings) as unknown as DbAppConfig[];
  // The real settings first: createTestDatabase derives each test database from them.
  if (aliases.length > 0) configureDatabases(databases);
  const created: string[] = [];
  try {
    for (const alias of aliases.length > 0 ? aliases : ["default"]) {
      await createTestDatabase({ apps, alias });
      created.push(alias);
    }
  } catch (error) {
    for (const alias of created) await destroyTestDatabase({ alias });
    throw error;
  }
  return {
    runRolledBack: (fn) => withRollback(fn),
    async tearDown() {
      for (const alias of created) await destroyTestDatabase({ alias });
    },
  };
}
