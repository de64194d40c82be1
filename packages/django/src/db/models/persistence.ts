// Writing and re-reading one instance: save() as UPDATE-then-INSERT (Django's semantics), with
// F() expressions compiled into the UPDATE, and refreshFromDb().
import type { SqlParam } from "../backends/types.ts";
import { connections } from "../connections.ts";
import { DatabaseError, FieldError } from "../errors.ts";
import type { Field } from "../fields/field.ts";
import { Expression } from "../query/expressions.ts";
import { QuerySet } from "../query/queryset.ts";
import { CompileContext, Scope } from "../query/scope.ts";
import { compileExpression } from "../query/where.ts";
import type { Model, SaveOptions } from "./model.ts";
import { instanceState } from "./related-descriptors.ts";
import type { ModelClass } from "./types.ts";

function record(instance: Model): Record<string, unknown> {
  return instance as unknown as Record<string, unknown>;
}

/** Internal: `instance.save(options)`. */
export async function saveInstance(instance: Model, options: SaveOptions): Promise<void> {
  const model = instance.constructor as ModelClass;
  const meta = model.getMeta();
  const state = instanceState(instance);
  const alias = options.using ?? state.db ?? "default";
  const backend = connections.get(alias);
  const only = options.updateFields ? new Set(options.updateFields) : undefined;
  if (only) {
    for (const name of only) {
      if (!meta.getField(name)) throw new FieldError(`${meta.objectName} has no field '${name}'`);
    }
  }
  const fields = meta.fields.filter(
    (field) => !field.primaryKey && (!only || only.has(field.name) || only.has(field.attname)),
  );
  const values = fields.map(
    (field) => [field, field.preSave(record(instance), state.adding)] as const,
  );
  const pkValue = instance.pk;
  let updated = false;
  if (pkValue !== null && pkValue !== undefined && !options.forceInsert) {
    const ctx = new CompileContext(backend.ops);
    const scope = Scope.root(ctx, model);
    const sets = values.map(([field, value]) => {
      const rhs =
        value instanceof Expression
          ? compileExpression(scope, value, true)
          : ctx.bind(field.toDb(field.toPython(value)) as SqlParam);
      return `${ctx.q(field.column)} = ${rhs}`;
    });
    if (sets.length === 0) {
      updated = await new QuerySet(model).using(alias).filter({ pk: pkValue }).exists();
    } else {
      const where = `${ctx.q(meta.pk.column)} = ${ctx.bind(meta.pk.getPrepValue(pkValue) as SqlParam)}`;
      const sql = `UPDATE ${ctx.q(meta.dbTable)} SET ${sets.join(", ")} WHERE ${where}`;
      updated = (await backend.execute(sql, ctx.params)).changes > 0;
    }
    if (!updated && options.forceUpdate)
      throw new DatabaseError("Forced update did not affect any rows.");
    if (!updated && only)
      throw new DatabaseError("Save with updateFields did not affect any rows.");
  }
  if (!updated) await insertInstance(instance, model, alias, values);
  state.adding = false;
  state.db = alias;
}

async function insertInstance(
  instance: Model,
  model: ModelClass,
  alias: string,
  values: readonly (readonly [Field, unknown])[],
): Promise<void> {
  const meta = model.getMeta();
  const backend = connections.get(alias);
  const ctx = new CompileContext(backend.ops);
  const columns: string[] = [];
  const placeholders: string[] = [];
  const pkValue = instance.pk;
  const all: (readonly [Field, unknown])[] =
    pkValue === null || pkValue === undefined ? [...values] : [[meta.pk, pkValue], ...values];
  for (const [field, value] of all) {
    if (value instanceof Expression) {
      throw new FieldError(
        `F() expressions can only be used to update, not to insert (${field.name})`,
      );
    }
    columns.push(ctx.q(field.column));
    placeholders.push(ctx.bind(field.toDb(field.toPython(value)) as SqlParam));
  }
  const table = ctx.q(meta.dbTable);
  const body =
    columns.length === 0
      ? "DEFAULT VALUES"
      : `(${columns.join(", ")}) VALUES (${placeholders.join(", ")})`;
  const sql = `INSERT INTO ${table} ${body} RETURNING ${ctx.q(meta.pk.column)}`;
  const { rows } = await backend.query(sql, ctx.params);
  instance.pk = meta.pk.fromDb(rows[0]?.[0]);
}

/** Internal: `instance.refreshFromDb(options)`. */
export async function refreshInstance(
  instance: Model,
  options: { fields?: readonly string[]; using?: string },
): Promise<void> {
  const model = instance.constructor as ModelClass;
  const meta = model.getMeta();
  const state = instanceState(instance);
  const fresh = await new QuerySet(model)
    .using(options.using ?? state.db ?? "default")
    .get({ pk: instance.pk });
  for (const field of meta.fields) {
    if (
      options.fields &&
      !options.fields.includes(field.name) &&
      !options.fields.includes(field.attname)
    )
      continue;
    record(instance)[field.attname] = record(fresh)[field.attname];
    state.related.delete(field.name);
  }
}
