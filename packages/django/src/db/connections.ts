// Connections from the DATABASES setting: one backend per alias, opened lazily on first use.
// Engines are pluggable (`registerBackend`), which is how issue 7 adds PostgreSQL.
import { PostgresBackend } from "./backends/postgresql/backend.ts";
import { SqliteBackend } from "./backends/sqlite/backend.ts";
import type { DatabaseBackend, DatabaseSettings, DatabasesSetting } from "./backends/types.ts";
import { DbConfigError } from "./errors.ts";

/** Creates a backend for one alias. */
export type BackendFactory = (alias: string, settings: DatabaseSettings) => DatabaseBackend;

const engines = new Map<string, BackendFactory>([
  ["sqlite", (alias, settings) => new SqliteBackend(alias, settings)],
  ["postgresql", (alias, settings) => new PostgresBackend(alias, settings)],
]);

const ENGINE_ALIASES: Record<string, string> = {
  sqlite3: "sqlite",
  "django.db.backends.sqlite3": "sqlite",
  postgres: "postgresql",
  "django.db.backends.postgresql": "postgresql",
};

/**
 * The canonical engine name.
 *
 * @example
 * normalizeEngine("django.db.backends.sqlite3"); // "sqlite"
 */
export function normalizeEngine(engine: string): string {
  return ENGINE_ALIASES[engine] ?? engine;
}

/**
 * Makes an ENGINE name available to `configureDatabases` (issue 7's PostgreSQL backend calls
 * this). Replaces an existing registration.
 *
 * @example
 * registerBackend("postgresql", (alias, settings) => new PostgresBackend(alias, settings));
 */
export function registerBackend(engine: string, factory: BackendFactory): void {
  engines.set(engine, factory);
}

/**
 * The open connections per alias (Django's `django.db.connections`).
 *
 * @example
 * const db = connections.get();       // "default"
 * const other = connections.get("replica");
 */
export class ConnectionHandler {
  private settings: DatabasesSetting | undefined;
  private readonly open = new Map<string, DatabaseBackend>();

  /** Replaces the settings. Open connections are kept until `closeAll()`. */
  configure(databases: DatabasesSetting): void {
    if (!databases || typeof databases !== "object" || !databases.default) {
      throw new DbConfigError(
        'DATABASES needs a \'default\' entry, e.g. { default: { ENGINE: "sqlite", NAME: "db.sqlite3" } }',
      );
    }
    for (const [alias, entry] of Object.entries(databases)) {
      if (!entry || typeof entry.ENGINE !== "string" || typeof entry.NAME !== "string") {
        throw new DbConfigError(`DATABASES['${alias}'] needs string ENGINE and NAME`);
      }
      if (!engines.has(normalizeEngine(entry.ENGINE))) {
        throw new DbConfigError(
          `DATABASES['${alias}'].ENGINE '${entry.ENGINE}' is not available; known engines: ${[...engines.keys()].join(", ")}`,
        );
      }
    }
    this.settings = { ...databases };
  }

  /** True once `configureDatabases` ran. */
  get configured(): boolean {
    return this.settings !== undefined;
  }

  /** The settings of an alias. */
  settingsFor(alias = "default"): DatabaseSettings {
    if (!this.settings) {
      throw new DbConfigError(
        "Databases are not configured: call configureDatabases(settings.DATABASES) first",
      );
    }
    const entry = this.settings[alias];
    if (!entry) throw new DbConfigError(`The connection '${alias}' doesn't exist`);
    return entry;
  }

  /** The backend of an alias, opened on first use. */
  get(alias = "default"): DatabaseBackend {
    const existing = this.open.get(alias);
    if (existing) return existing;
    const settings = this.settingsFor(alias);
    const factory = engines.get(normalizeEngine(settings.ENGINE));
    if (!factory) throw new DbConfigError(`Unknown ENGINE '${settings.ENGINE}'`);
    const backend = factory(alias, settings);
    this.open.set(alias, backend);
    return backend;
  }

  /** Replaces the settings of one alias and closes its open connection (test databases use it). */
  async replace(alias: string, settings: DatabaseSettings): Promise<void> {
    await this.close(alias);
    this.configure({ ...(this.settings ?? { default: settings }), [alias]: settings });
  }

  /** Closes one alias's connection (it reopens on next use). */
  async close(alias: string): Promise<void> {
    const backend = this.open.get(alias);
    this.open.delete(alias);
    if (backend) await backend.close();
  }

  /** Closes every open connection. */
  async closeAll(): Promise<void> {
    for (const alias of [...this.open.keys()]) await this.close(alias);
  }

  /** Aliases in the settings. */
  aliases(): string[] {
    return Object.keys(this.settings ?? {});
  }
}

/**
 * The process-wide connections.
 *
 * @example
 * await connections.get().query("SELECT 1");
 */
export const connections = new ConnectionHandler();

/**
 * Sets up databases from the `DATABASES` setting (names as in Django).
 *
 * @example
 * configureDatabases({ default: { ENGINE: "sqlite", NAME: "db.sqlite3" } });
 * configureDatabases({ default: { ENGINE: "sqlite", NAME: ":memory:" } });
 */
export function configureDatabases(databases: DatabasesSetting): void {
  connections.configure(databases);
}

/**
 * Closes every open connection (at shutdown, or between tests).
 *
 * @example
 * process.on("SIGTERM", () => void closeAllConnections());
 */
export async function closeAllConnections(): Promise<void> {
  await connections.closeAll();
}
