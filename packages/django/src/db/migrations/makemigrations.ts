// makemigrations: the state an app's migrations build, compared with its models, becomes the
// app's next migration file (`NNNN_<name>.ts`, a plain module) in its migrations directory.
import { mkdir, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppConfig } from "../apps.ts";
import { MigrationError } from "../errors.ts";
import type { FieldSpec } from "../fields/field.ts";
import { stateForwards } from "./apply.ts";
import { autodetectChanges, serializeMigration } from "./autodetector.ts";
import { loadMigrationGraph } from "./loader.ts";
import type { Operation } from "./operations.ts";
import { emptyState, stateFromModels, type ProjectState } from "./state.ts";
import type { Migration } from "./types.ts";

/** Options of {@link makeMigrations}. */
export interface MakeMigrationsOptions {
  /** The installed apps (all of them: other apps' migrations give ForeignKey targets). */
  apps: readonly AppConfig[];
  /** Only these app labels (default: every app with a migrations directory). */
  appLabels?: readonly string[];
  /** The migration's name instead of the generated one (`--name`). */
  name?: string;
}

/** One migration makemigrations would write. */
export interface PlannedMigration {
  app: string;
  /** `"0002_question_votes"`. */
  name: string;
  /** Where the file goes. */
  path: string;
  migration: Migration;
  /** The module's source. */
  source: string;
  /** One line per operation (`Add field votes to question`). */
  descriptions: string[];
}

function directoryOf(app: AppConfig): string | undefined {
  const location = app.migrations;
  if (location instanceof URL) return fileURLToPath(location);
  if (typeof location !== "string") return undefined;
  if (location.startsWith("file:")) return fileURLToPath(location);
  return isAbsolute(location) ? location : resolve(location);
}

function fkTargetApp(spec: FieldSpec, app: string): string | undefined {
  if (spec.type !== "ForeignKey") return undefined;
  const to = String(spec.to);
  return to.includes(".") ? (to.split(".")[0] as string) : app;
}

/**
 * A line describing an operation, as Django prints it.
 *
 * @example
 * describeOperation({ type: "AddField", modelName: "Question", name: "votes", field: {...} }); // "Add field votes to question"
 */
export function describeOperation(operation: Operation): string {
  const op = operation as unknown as Record<string, unknown>;
  const model = String(op.modelName ?? op.name ?? "").toLowerCase();
  switch (operation.type) {
    case "CreateModel":
      return `Create model ${String(op.name)}`;
    case "DeleteModel":
      return `Delete model ${String(op.name)}`;
    case "AddField":
      return `Add field ${String(op.name)} to ${model}`;
    case "RemoveField":
      return `Remove field ${String(op.name)} from ${model}`;
    case "AlterField":
      return `Alter field ${String(op.name)} on ${model}`;
    default:
      return `${operation.type} ${model}`.trim();
  }
}

/** Django's generated names: `question`, `question_votes`, `remove_question_votes`, … */
function fragment(operation: Operation): string {
  const op = operation as unknown as Record<string, unknown>;
  const model = String(op.modelName ?? op.name ?? "").toLowerCase();
  const field = String(op.name ?? "").toLowerCase();
  switch (operation.type) {
    case "CreateModel":
      return model;
    case "DeleteModel":
      return `delete_${model}`;
    case "AddField":
      return `${model}_${field}`;
    case "RemoveField":
      return `remove_${model}_${field}`;
    case "AlterField":
      return `alter_${model}_${field}`;
    default:
      return operation.type.toLowerCase();
  }
}

function autoName(operations: readonly Operation[], initial: boolean): string {
  if (initial) return "initial";
  const name = operations.map(fragment).join("_");
  return name.length <= 52
    ? name
    : `auto_${new Date().toISOString().replace(/\D/g, "").slice(0, 12)}`;
}

/**
 * The migrations needed to bring each app's migrations in line with its models, without
 * writing anything (`--dry-run`, `--check`); an empty list means "No changes detected".
 *
 * @example
 * const planned = await makeMigrations({ apps: [pollsApp] });
 * for (const m of planned) await writeMigration(m);
 */
export async function makeMigrations(options: MakeMigrationsOptions): Promise<PlannedMigration[]> {
  const { apps } = options;
  if (options.name !== undefined && !/^[A-Za-z0-9_]+$/.test(options.name)) {
    throw new MigrationError(
      `The migration name "${options.name}" must be letters, digits and underscores`,
    );
  }
  for (const label of options.appLabels ?? []) {
    const app = apps.find((candidate) => candidate.label === label);
    if (!app) throw new MigrationError(`No installed app with label '${label}'.`);
    if (!directoryOf(app)) {
      throw new MigrationError(
        `App '${label}' has no migrations directory (its AppConfig.migrations must be a path or file: URL to write to)`,
      );
    }
  }
  const targets = apps.filter(
    (app) =>
      directoryOf(app) !== undefined &&
      (options.appLabels === undefined || options.appLabels.includes(app.label)),
  );
  const graph = await loadMigrationGraph(apps);
  let from: ProjectState = emptyState();
  for (const loaded of graph.ordered) {
    for (const operation of loaded.migration.operations) {
      from = stateForwards(from, loaded.app, operation);
    }
  }
  const migrated = new Set(apps.filter((app) => app.migrations !== undefined).map((a) => a.label));
  const to = stateFromModels(
    apps.filter((app) => migrated.has(app.label)).flatMap((app) => app.models ?? []),
  );
  const changes = autodetectChanges(from, to);
  const latest = new Map<string, string>();
  for (const loaded of graph.ordered) latest.set(loaded.app, loaded.name);
  const planned: PlannedMigration[] = [];
  for (const app of targets) {
    const operations = changes[app.label];
    if (!operations || operations.length === 0) continue;
    const previous = graph.ordered.filter((loaded) => loaded.app === app.label);
    const last = previous.at(-1);
    const number =
      previous.reduce((max, loaded) => Math.max(max, parseInt(loaded.name, 10) || 0), 0) + 1;
    const initial = previous.length === 0;
    const name = `${String(number).padStart(4, "0")}_${options.name ?? autoName(operations, initial)}`;
    const dependencies = new Map<string, string>();
    if (last) dependencies.set(app.label, last.name);
    for (const operation of operations) {
      const specs: FieldSpec[] =
        operation.type === "CreateModel"
          ? operation.fields.map(([, spec]) => spec as FieldSpec)
          : operation.type === "AddField" || operation.type === "AlterField"
            ? [operation.field as FieldSpec]
            : [];
      for (const spec of specs) {
        const other = fkTargetApp(spec, app.label);
        if (other && other !== app.label && latest.has(other)) {
          dependencies.set(other, latest.get(other) as string);
        }
      }
    }
    const migration: Migration = {
      ...(initial ? { initial: true } : {}),
      dependencies: [...dependencies].map(([a, n]) => [a, n] as const),
      operations,
    };
    planned.push({
      app: app.label,
      name,
      path: join(directoryOf(app) as string, `${name}.ts`),
      migration,
      source: serializeMigration(migration),
      descriptions: operations.map(describeOperation),
    });
  }
  return planned;
}

/**
 * Writes a planned migration's file (creating the directory), refusing to overwrite one.
 *
 * @example
 * await writeMigration(planned[0]);
 */
export async function writeMigration(planned: PlannedMigration): Promise<void> {
  await mkdir(join(planned.path, ".."), { recursive: true });
  try {
    await writeFile(planned.path, planned.source, { flag: "wx" });
  } catch (error) {
    throw new MigrationError(`Cannot write ${planned.path}: ${String(error)}`);
  }
}
