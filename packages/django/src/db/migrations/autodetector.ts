// Compares two project states and lists the operations between them: the start of
// makemigrations (issue 7 builds the command on it). `autodetectInitialOperations` is the
// common case: an app's first migration from its models.
import { MigrationError } from "../errors.ts";
import type { FieldSpec } from "../fields/field.ts";
import type { ModelClass } from "../models/types.ts";
import {
  addField,
  alterField,
  alterModelOptions,
  alterModelTable,
  deleteModel,
  removeField,
  type CreateModel,
  type Operation,
} from "./operations.ts";
import {
  emptyState,
  modelKey,
  stateFromModels,
  type ModelState,
  type ProjectState,
} from "./state.ts";
import type { Migration } from "./types.ts";

function targetKey(model: ModelState, spec: FieldSpec): string | undefined {
  if (spec.type !== "ForeignKey") return undefined;
  const to = String(spec.to);
  if (to === "self") return modelKey(model.app, model.name);
  return to.includes(".") ? to.toLowerCase() : modelKey(model.app, to);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Options that only live in the state (everything but dbTable). */
function plainOptions(model: ModelState): Record<string, unknown> {
  const { dbTable: _dbTable, ...rest } = model.options;
  return rest;
}

/**
 * Operations turning `from` into `to`, per app label. New models come in an order where
 * ForeignKey targets are created first; ForeignKeys that cannot be ordered (cycles, self) are
 * added afterwards with AddField.
 *
 * @example
 * autodetectChanges(stateAfterMigrations, stateFromModels([Question, Choice])); // { polls: [addField(...)] }
 */
export function autodetectChanges(
  from: ProjectState,
  to: ProjectState,
): Record<string, Operation[]> {
  const result: Record<string, Operation[]> = {};
  const push = (app: string, operation: Operation) => (result[app] ??= []).push(operation);
  const added = Object.keys(to.models).filter((key) => !from.models[key]);
  const created = new Set<string>();
  const deferred: [ModelState, string, FieldSpec][] = [];
  const pending = new Set(added);
  while (pending.size > 0) {
    // Prefer a model whose ForeignKey targets all exist already; otherwise take the first and defer.
    const ready =
      [...pending].find((key) =>
        (to.models[key] as ModelState).fields.every(([, spec]) => {
          const target = targetKey(to.models[key] as ModelState, spec);
          return !target || target === key || !pending.has(target);
        }),
      ) ?? ([...pending][0] as string);
    pending.delete(ready);
    const model = to.models[ready] as ModelState;
    const fields: [string, FieldSpec][] = [];
    for (const [name, spec] of model.fields) {
      const target = targetKey(model, spec);
      if (target && (target === ready || (pending.has(target) && !created.has(target)))) {
        deferred.push([model, name, spec]);
      } else {
        fields.push([name, structuredClone(spec)]);
      }
    }
    const operation: CreateModel = { type: "CreateModel", name: model.name, fields };
    if (Object.keys(model.options).length > 0) operation.options = structuredClone(model.options);
    push(model.app, operation);
    created.add(ready);
  }
  for (const [model, name, spec] of deferred)
    push(model.app, addField({ modelName: model.name, name, field: spec }));
  for (const key of Object.keys(from.models)) {
    if (to.models[key]) continue;
    const model = from.models[key] as ModelState;
    push(model.app, deleteModel({ name: model.name }));
  }
  for (const key of Object.keys(to.models)) {
    const before = from.models[key];
    const after = to.models[key] as ModelState;
    if (!before) continue;
    const beforeFields = new Map(before.fields);
    const afterFields = new Map(after.fields);
    for (const [name, spec] of after.fields) {
      const old = beforeFields.get(name);
      if (!old) push(after.app, addField({ modelName: after.name, name, field: spec }));
      else if (!sameJson(old, spec))
        push(after.app, alterField({ modelName: after.name, name, field: spec }));
    }
    for (const [name] of before.fields) {
      if (!afterFields.has(name)) push(after.app, removeField({ modelName: after.name, name }));
    }
    if (before.options.dbTable !== after.options.dbTable) {
      push(after.app, alterModelTable({ name: after.name, table: after.options.dbTable ?? null }));
    }
    if (!sameJson(plainOptions(before), plainOptions(after))) {
      push(after.app, alterModelOptions({ name: after.name, options: plainOptions(after) }));
    }
  }
  return result;
}

/**
 * The operations of an app's first migration: CreateModel for each model.
 *
 * @example
 * const operations = autodetectInitialOperations([Question, Choice]);
 */
export function autodetectInitialOperations(models: readonly ModelClass[]): Operation[] {
  const apps = new Set(models.map((model) => model.getMeta().appLabel));
  if (apps.size > 1)
    throw new MigrationError(`Models of several apps given: ${[...apps].join(", ")}`);
  return Object.values(autodetectChanges(emptyState(), stateFromModels(models))).flat();
}

/**
 * An initial migration for one app's models, with dependencies on the other apps its
 * ForeignKeys point to.
 *
 * @example
 * const migration = makeInitialMigration([Question, Choice]);
 * await writeFile("polls/migrations/0001_initial.ts", serializeMigration(migration));
 */
export function makeInitialMigration(models: readonly ModelClass[]): Migration {
  const operations = autodetectInitialOperations(models);
  const app = models[0]?.getMeta().appLabel;
  const dependencies = new Set<string>();
  for (const model of models) {
    for (const field of model.getMeta().foreignKeys) {
      const other = field.relatedModel().getMeta().appLabel;
      if (other !== app) dependencies.add(other);
    }
  }
  return {
    initial: true,
    dependencies: [...dependencies].sort().map((other) => [other, "__first__"] as const),
    operations,
  };
}

/**
 * The source of a migration module (plain data, so JSON is exact).
 *
 * @example
 * serializeMigration({ dependencies: [], operations: [] });
 * // import type { Migration } from "@tsgi/django/db"; … export default migration;
 */
export function serializeMigration(migration: Migration): string {
  const body = JSON.stringify(migration, null, 2);
  return [
    "// Generated by @tsgi/django. Migrations are plain data; edit with care.",
    'import type { Migration } from "@tsgi/django/db";',
    "",
    `const migration: Migration = ${body};`,
    "",
    "export default migration;",
    "",
  ].join("\n");
}
