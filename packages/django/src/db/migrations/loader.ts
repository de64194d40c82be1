// Loads each app's migrations (from a record of modules or a directory of plain modules) and
// orders them: explicit dependencies plus the previous migration of the same app, sorted
// topologically with ties broken by app order and name, so the plan is deterministic.
import { readdir } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AppConfig, MigrationModule } from "../apps.ts";
import { MigrationError } from "../errors.ts";
import type { LoadedMigration, Migration } from "./types.ts";

const MIGRATION_FILE = /^(\d{4}_[A-Za-z0-9_]+)\.(ts|mts|js|mjs)$/;

function unwrap(module: MigrationModule, where: string): Migration {
  const candidate = (
    module && typeof module === "object" && "default" in module ? module.default : module
  ) as Migration;
  if (!candidate || typeof candidate !== "object" || !Array.isArray(candidate.operations)) {
    throw new MigrationError(
      `${where} is not a migration (expected a default export with operations)`,
    );
  }
  for (const dependency of candidate.dependencies ?? []) {
    if (!Array.isArray(dependency) || dependency.length !== 2) {
      throw new MigrationError(`${where}: each dependency must be [app, name]`);
    }
  }
  return candidate;
}

async function loadDirectory(
  app: string,
  location: string | URL,
): Promise<Record<string, Migration>> {
  const directory =
    location instanceof URL || location.startsWith("file:")
      ? fileURLToPath(location)
      : isAbsolute(location)
        ? location
        : resolve(location);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    throw new MigrationError(
      `Cannot read migrations directory ${directory} of app '${app}': ${String(error)}`,
    );
  }
  const result: Record<string, Migration> = {};
  for (const file of names.sort()) {
    const match = MIGRATION_FILE.exec(file);
    if (!match || file.includes(".test.")) continue;
    const name = match[1] as string;
    if (result[name])
      throw new MigrationError(`App '${app}' has two migration files named ${name}`);
    const module = (await import(pathToFileURL(join(directory, file)).href)) as MigrationModule;
    result[name] = unwrap(module, `${app}/${file}`);
  }
  return result;
}

/**
 * Every migration of the apps, in an order where each comes after its dependencies.
 *
 * @example
 * const plan = await loadMigrations([pollsApp]); // [{ key: "polls.0001_initial", … }, …]
 */
export async function loadMigrations(apps: readonly AppConfig[]): Promise<LoadedMigration[]> {
  return (await loadMigrationGraph(apps)).ordered;
}

/** The loaded migrations in order, and each one's direct dependencies. */
export interface MigrationGraph {
  ordered: LoadedMigration[];
  dependencies: Map<string, LoadedMigration[]>;
}

/**
 * Loads the apps' migrations and their dependency graph.
 *
 * @example
 * const { ordered, dependencies } = await loadMigrationGraph([pollsApp]);
 */
export async function loadMigrationGraph(apps: readonly AppConfig[]): Promise<MigrationGraph> {
  const byApp = new Map<string, LoadedMigration[]>();
  for (const app of apps) {
    if (byApp.has(app.label)) throw new MigrationError(`App '${app.label}' is listed twice`);
    const source = app.migrations;
    const migrations =
      source === undefined
        ? {}
        : typeof source === "string" || source instanceof URL
          ? await loadDirectory(app.label, source)
          : Object.fromEntries(
              (Array.isArray(source)
                ? (source as readonly (readonly [string, MigrationModule])[])
                : Object.entries(source as Record<string, MigrationModule>)
              ).map(([name, module]) => [name, unwrap(module, `${app.label}.${name}`)]),
            );
    const loaded = Object.keys(migrations)
      .sort()
      .map((name) => ({
        app: app.label,
        name,
        key: `${app.label}.${name}`,
        migration: migrations[name] as Migration,
      }));
    byApp.set(app.label, loaded);
  }
  const dependencies = dependenciesOf(byApp);
  return { ordered: orderMigrations(byApp, dependencies), dependencies };
}

function resolveDependency(
  byApp: Map<string, LoadedMigration[]>,
  from: LoadedMigration,
  app: string,
  name: string,
): LoadedMigration | undefined {
  const list = byApp.get(app);
  if (!list) {
    throw new MigrationError(
      `Migration ${from.key} depends on app '${app}', which is not installed`,
      "DJANGO_E_DB_NODE_NOT_FOUND",
    );
  }
  if (name === "__first__") return list[0];
  if (name === "__latest__") return list[list.length - 1];
  const found = list.find((migration) => migration.name === name);
  if (!found) {
    throw new MigrationError(
      `Migration ${from.key} depends on ${app}.${name}, which does not exist`,
      "DJANGO_E_DB_NODE_NOT_FOUND",
    );
  }
  return found;
}

/** Internal: dependencies of each migration (explicit ones plus the previous migration of its app). */
export function dependenciesOf(
  byApp: Map<string, LoadedMigration[]>,
): Map<string, LoadedMigration[]> {
  const result = new Map<string, LoadedMigration[]>();
  for (const list of byApp.values()) {
    list.forEach((migration, index) => {
      const deps: LoadedMigration[] = [];
      if (index > 0) deps.push(list[index - 1] as LoadedMigration);
      for (const [app, name] of migration.migration.dependencies ?? []) {
        const dependency = resolveDependency(byApp, migration, app, name);
        if (dependency && dependency !== migration && !deps.includes(dependency))
          deps.push(dependency);
      }
      result.set(migration.key, deps);
    });
  }
  return result;
}

function orderMigrations(
  byApp: Map<string, LoadedMigration[]>,
  dependencies: Map<string, LoadedMigration[]>,
): LoadedMigration[] {
  const ordered: LoadedMigration[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (migration: LoadedMigration, path: string[]) => {
    if (done.has(migration.key)) return;
    if (visiting.has(migration.key)) {
      throw new MigrationError(
        `Circular migration dependency: ${[...path, migration.key].join(" → ")}`,
      );
    }
    visiting.add(migration.key);
    for (const dependency of dependencies.get(migration.key) ?? [])
      visit(dependency, [...path, migration.key]);
    visiting.delete(migration.key);
    done.add(migration.key);
    ordered.push(migration);
  };
  for (const list of byApp.values()) for (const migration of list) visit(migration, []);
  return ordered;
}
