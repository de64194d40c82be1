// migrate(): applies (or, towards a target, unapplies) migrations in dependency order, each in
// its own transaction together with its row in django_migrations, so a failing migration
// leaves neither half-made tables nor a record. Apps without migrations get their missing
// tables created from the models first (Django's --run-syncdb).
import type { AppConfig } from "../apps.ts";
import type { DatabaseBackend } from "../backends/types.ts";
import { connections } from "../connections.ts";
import { MigrationError } from "../errors.ts";
import { registerModels } from "../models/model.ts";
import { loadMigrationGraph, type MigrationGraph } from "./loader.ts";
import { databaseBackwards, databaseForwards, stateForwards } from "./apply.ts";
import { MigrationRecorder } from "./recorder.ts";
import { emptyState, modelKey, stateFromModels, tableSpec, type ProjectState } from "./state.ts";
import type { LoadedMigration } from "./types.ts";

/** One step of `migrate`, reported through `onProgress`. */
export interface MigrationEvent {
  action: "apply" | "unapply" | "syncdb";
  app: string;
  /** Migration name, or the table created for `syncdb`. */
  name: string;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  apps: readonly AppConfig[];
  /** `["polls", "0001_initial"]` (forwards or backwards to there) or `["polls", "zero"]`. */
  target?: readonly [string, string];
  /** Database alias (default "default"). */
  database?: string;
  /** Record migrations as applied/unapplied without touching the schema (Django's --fake). */
  fake?: boolean;
  /** Create missing tables of apps without migrations (default true). */
  runSyncdb?: boolean;
  onProgress?: (event: MigrationEvent) => void;
}

/** What `migrate` did. */
export interface MigrateResult {
  applied: string[];
  unapplied: string[];
  /** Tables created for apps without migrations. */
  synced: string[];
}

/** One planned step. */
export interface PlanStep {
  migration: LoadedMigration;
  backwards: boolean;
}

function baseState(apps: readonly AppConfig[]): ProjectState {
  const unmigrated = apps
    .filter((app) => app.migrations === undefined)
    .flatMap((app) => app.models ?? []);
  return unmigrated.length > 0 ? stateFromModels(unmigrated) : emptyState();
}

function descendants(graph: MigrationGraph, roots: readonly LoadedMigration[]): Set<string> {
  const result = new Set(roots.map((migration) => migration.key));
  for (const migration of graph.ordered) {
    if (graph.dependencies.get(migration.key)?.some((dependency) => result.has(dependency.key))) {
      result.add(migration.key);
    }
  }
  return result;
}

function ancestors(graph: MigrationGraph, node: LoadedMigration): Set<string> {
  const result = new Set<string>();
  const visit = (migration: LoadedMigration) => {
    if (result.has(migration.key)) return;
    result.add(migration.key);
    for (const dependency of graph.dependencies.get(migration.key) ?? []) visit(dependency);
  };
  visit(node);
  return result;
}

/**
 * Computes the steps `migrate` would take from a graph and the applied set (pure).
 *
 * @example
 * planMigrations(await loadMigrationGraph([pollsApp]), new Set(), ["polls", "0001_initial"]);
 */
export function planMigrations(
  graph: MigrationGraph,
  applied: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  target?: readonly [string, string],
): PlanStep[] {
  for (const migration of graph.ordered) {
    if (!applied.has(migration.key)) continue;
    for (const dependency of graph.dependencies.get(migration.key) ?? []) {
      if (!applied.has(dependency.key)) {
        throw new MigrationError(
          `Inconsistent migration history: ${migration.key} is applied before its dependency ${dependency.key}`,
        );
      }
    }
  }
  if (!target) {
    return graph.ordered
      .filter((m) => !applied.has(m.key))
      .map((migration) => ({ migration, backwards: false }));
  }
  const [app, name] = target;
  const appMigrations = graph.ordered.filter((migration) => migration.app === app);
  let undo: Set<string>;
  if (name === "zero") {
    undo = descendants(graph, appMigrations);
  } else {
    const node = appMigrations.find((migration) => migration.name === name);
    if (!node) {
      throw new MigrationError(
        `Cannot find a migration ${app}.${name}`,
        "DJANGO_E_DB_NODE_NOT_FOUND",
      );
    }
    if (!applied.has(node.key)) {
      const needed = ancestors(graph, node);
      return graph.ordered
        .filter((m) => needed.has(m.key) && !applied.has(m.key))
        .map((migration) => ({ migration, backwards: false }));
    }
    const later = appMigrations.filter((migration) =>
      graph.dependencies.get(migration.key)?.some((dependency) => dependency.key === node.key),
    );
    undo = descendants(graph, later);
  }
  return [...graph.ordered]
    .reverse()
    .filter((migration) => undo.has(migration.key) && applied.has(migration.key))
    .map((migration) => ({ migration, backwards: true }));
}

async function syncUnmigrated(
  backend: DatabaseBackend,
  apps: readonly AppConfig[],
  finalState: ProjectState,
  onProgress: MigrateOptions["onProgress"],
): Promise<string[]> {
  const existing = new Set(await backend.tableNames());
  const created: string[] = [];
  const models = apps
    .filter((app) => app.migrations === undefined)
    .flatMap((app) => app.models ?? []);
  if (models.length === 0) return created;
  await backend.schemaEditor(async (editor) => {
    for (const model of models) {
      const meta = model.getMeta();
      const table = tableSpec(finalState, modelKey(meta.appLabel, meta.objectName));
      if (existing.has(table.name)) continue;
      await editor.createTable(table);
      created.push(table.name);
      onProgress?.({ action: "syncdb", app: meta.appLabel, name: table.name });
    }
  });
  return created;
}

/** The state before each migration of `ordered` (replaying everything before it). */
function statesBefore(graph: MigrationGraph, base: ProjectState): Map<string, ProjectState> {
  const result = new Map<string, ProjectState>();
  let state = base;
  for (const migration of graph.ordered) {
    result.set(migration.key, state);
    for (const operation of migration.migration.operations) {
      state = stateForwards(state, migration.app, operation);
    }
  }
  result.set("__final__", state);
  return result;
}

/**
 * Applies the apps' unapplied migrations in dependency order (or moves to `target`), creating
 * `django_migrations` if needed. Each migration runs in a transaction with its record.
 *
 * @example
 * await migrate({ apps: [pollsApp], onProgress: (e) => console.log(`  Applying ${e.app}.${e.name}... OK`) });
 * await migrate({ apps: [pollsApp], target: ["polls", "zero"] }); // unapply all of polls
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  for (const app of options.apps) registerModels(...(app.models ?? []));
  const backend = connections.get(options.database);
  const recorder = new MigrationRecorder(backend);
  await recorder.ensureSchema();
  const graph = await loadMigrationGraph(options.apps);
  const applied = await recorder.appliedMigrations();
  const plan = planMigrations(graph, applied, options.target);
  const states = statesBefore(graph, baseState(options.apps));
  const result: MigrateResult = { applied: [], unapplied: [], synced: [] };
  if (options.runSyncdb ?? true) {
    result.synced = await syncUnmigrated(
      backend,
      options.apps,
      states.get("__final__") as ProjectState,
      options.onProgress,
    );
  }
  for (const { migration, backwards } of plan) {
    const before = states.get(migration.key) as ProjectState;
    const steps = [before];
    for (const operation of migration.migration.operations) {
      steps.push(stateForwards(steps[steps.length - 1] as ProjectState, migration.app, operation));
    }
    const operations = migration.migration.operations;
    await backend.schemaEditor(async (editor) => {
      if (!backwards) {
        if (!options.fake) {
          for (const [index, operation] of operations.entries()) {
            await databaseForwards(
              editor,
              migration.app,
              operation,
              steps[index] as ProjectState,
              steps[index + 1] as ProjectState,
            );
          }
        }
        await recorder.recordApplied(migration.app, migration.name);
      } else {
        if (!options.fake) {
          for (let index = operations.length - 1; index >= 0; index -= 1) {
            const operation = operations[index] as (typeof operations)[number];
            await databaseBackwards(
              editor,
              migration.app,
              operation,
              steps[index + 1] as ProjectState,
              steps[index] as ProjectState,
            );
          }
        }
        await recorder.recordUnapplied(migration.app, migration.name);
      }
    });
    (backwards ? result.unapplied : result.applied).push(migration.key);
    options.onProgress?.({
      action: backwards ? "unapply" : "apply",
      app: migration.app,
      name: migration.name,
    });
  }
  return result;
}

/** One row of `showMigrations`. */
export interface MigrationStatus {
  app: string;
  name: string;
  applied: boolean;
  appliedAt: Date | undefined;
}

/**
 * Every migration of the apps with its applied status, in dependency order (Django's
 * `showmigrations` data).
 *
 * @example
 * for (const m of await showMigrations({ apps: [pollsApp] })) console.log(`[${m.applied ? "X" : " "}] ${m.name}`);
 */
export async function showMigrations(options: {
  apps: readonly AppConfig[];
  database?: string;
}): Promise<MigrationStatus[]> {
  const recorder = new MigrationRecorder(connections.get(options.database));
  const graph = await loadMigrationGraph(options.apps);
  const applied = await recorder.appliedMigrations();
  return graph.ordered.map((migration) => ({
    app: migration.app,
    name: migration.name,
    applied: applied.has(migration.key),
    appliedAt: applied.get(migration.key),
  }));
}

/**
 * The steps `migrate` would take, without running them (Django's `migrate --plan`).
 *
 * @example
 * (await migrationPlan({ apps: [pollsApp] })).map((s) => s.migration.key);
 */
export async function migrationPlan(options: {
  apps: readonly AppConfig[];
  target?: readonly [string, string];
  database?: string;
}): Promise<PlanStep[]> {
  const recorder = new MigrationRecorder(connections.get(options.database));
  const graph = await loadMigrationGraph(options.apps);
  return planMigrations(graph, await recorder.appliedMigrations(), options.target);
}
