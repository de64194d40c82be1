// Creating and dropping PostgreSQL databases (test databases): CREATE DATABASE cannot run in a
// transaction or on the database it creates, so these connect to the maintenance database.
import pg from "pg";
import { DbConfigError } from "../../errors.ts";
import type { DatabaseSettings } from "../types.ts";
import { clientConfig, translatePgError } from "./backend.ts";
import { postgresDialect } from "./dialect.ts";

async function withMaintenanceClient<T>(
  settings: DatabaseSettings,
  target: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  // The configured database when it exists, else `postgres` (Django does the same); never the
  // target itself, which cannot be dropped while connected to.
  const candidates = [...new Set([settings.NAME, "postgres"])].filter((name) => name !== target);
  let lastError: unknown;
  for (const database of candidates) {
    const client = new pg.Client(clientConfig(settings, database));
    try {
      await client.connect();
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      continue;
    }
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw translatePgError(lastError, "connect", settings);
}

function checkName(name: string): void {
  if (!name || name.length > 63) {
    throw new DbConfigError(`Invalid PostgreSQL database name "${name}" (1 to 63 characters)`);
  }
}

/**
 * Drops (if present) and creates the database `name` on the server of `settings`.
 *
 * @example
 * await recreatePostgresDatabase({ ENGINE: "postgresql", NAME: "polls", HOST: "127.0.0.1" }, "test_polls");
 */
export async function recreatePostgresDatabase(
  settings: DatabaseSettings,
  name: string,
): Promise<void> {
  checkName(name);
  const quoted = postgresDialect.quoteName(name);
  await withMaintenanceClient(settings, name, async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${quoted} ENCODING 'UTF8' TEMPLATE template0`);
    } catch (error) {
      throw translatePgError(error, `CREATE DATABASE ${quoted}`, settings);
    }
  });
}

/**
 * Drops the database `name` (closing other sessions on it).
 *
 * @example
 * await dropPostgresDatabase(settings, "test_polls");
 */
export async function dropPostgresDatabase(
  settings: DatabaseSettings,
  name: string,
): Promise<void> {
  checkName(name);
  const quoted = postgresDialect.quoteName(name);
  await withMaintenanceClient(settings, name, async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    } catch (error) {
      throw translatePgError(error, `DROP DATABASE ${quoted}`, settings);
    }
  });
}
