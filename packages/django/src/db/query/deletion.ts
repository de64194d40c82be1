// Deleting with `onDelete` semantics (Django's Collector): find everything that references the
// rows being deleted, cascade, refuse on PROTECT/RESTRICT, null out SET_NULL keys, then delete
// children before parents, all in one transaction.
import type { SqlParam } from "../backends/types.ts";
import { connections } from "../connections.ts";
import { ProtectedError, RestrictedError } from "../errors.ts";
import type { ForeignKey } from "../fields/related.ts";
import type { ModelClass } from "../models/types.ts";
import { QuerySet } from "./queryset.ts";

/** `[total rows deleted, rows per model label]`, as Django's `delete()` returns. */
export type DeleteResult = [number, Record<string, number>];

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) result.push(items.slice(i, i + CHUNK));
  return result;
}

async function referencing(
  model: ModelClass,
  field: ForeignKey,
  keys: readonly unknown[],
  db: string,
): Promise<unknown[]> {
  const found: unknown[] = [];
  for (const chunk of chunks(keys)) {
    const rows = await new QuerySet(model)
      .using(db)
      .filter({ [`${field.name}__in`]: chunk })
      .orderBy()
      .valuesList("pk", { flat: true });
    found.push(...rows);
  }
  return found;
}

interface FieldUpdate {
  model: ModelClass;
  field: ForeignKey;
  pks: unknown[];
  value: unknown;
}

/**
 * Deletes rows of `model` by primary key, following `onDelete` across ForeignKeys.
 *
 * @example
 * await deleteByPks(Question, [1, 2], "default"); // [5, { "polls.Question": 2, "polls.Choice": 3 }]
 */
export async function deleteByPks(
  model: ModelClass,
  pks: readonly unknown[],
  db: string,
): Promise<DeleteResult> {
  if (pks.length === 0) return [0, {}];
  const backend = connections.get(db);
  return backend.atomic(async () => {
    const toDelete = new Map<ModelClass, Set<unknown>>();
    const order: ModelClass[] = [];
    const updates: FieldUpdate[] = [];
    const restricted: { model: ModelClass; field: ForeignKey; pks: unknown[] }[] = [];
    const queue: [ModelClass, unknown[]][] = [[model, [...pks]]];
    while (queue.length > 0) {
      const [current, keys] = queue.shift() as [ModelClass, unknown[]];
      let known = toDelete.get(current);
      if (!known) {
        known = new Set();
        toDelete.set(current, known);
      }
      const fresh = keys.filter((key) => !known.has(key));
      if (fresh.length === 0) continue;
      for (const key of fresh) known.add(key);
      order.push(current);
      for (const relation of current.getMeta().relatedObjects) {
        const { field } = relation;
        if (field.onDelete === "DO_NOTHING") continue;
        const refs = await referencing(relation.model, field, fresh, db);
        if (refs.length === 0) continue;
        switch (field.onDelete) {
          case "CASCADE":
            queue.push([relation.model, refs]);
            break;
          case "PROTECT": {
            const objects = await new QuerySet(relation.model)
              .using(db)
              .filter({ pk__in: refs.slice(0, 100) });
            throw new ProtectedError(
              `Cannot delete some instances of model '${current.getMeta().objectName}' because they are referenced through protected foreign keys: '${relation.model.getMeta().objectName}.${field.name}'.`,
              objects,
            );
          }
          case "RESTRICT":
            restricted.push({ model: relation.model, field, pks: refs });
            break;
          case "SET_NULL":
            updates.push({ model: relation.model, field, pks: refs, value: null });
            break;
          case "SET_DEFAULT":
            updates.push({ model: relation.model, field, pks: refs, value: field.getDefault() });
            break;
        }
      }
    }
    // RESTRICT allows the delete when the referencing rows go too (reached by CASCADE).
    for (const entry of restricted) {
      const deleting = toDelete.get(entry.model);
      const blocking = entry.pks.filter((pk) => !deleting?.has(pk));
      if (blocking.length > 0) {
        const objects = await new QuerySet(entry.model)
          .using(db)
          .filter({ pk__in: blocking.slice(0, 100) });
        throw new RestrictedError(
          `Cannot delete some instances of model '${model.getMeta().objectName}' because they are referenced through restricted foreign keys: '${entry.model.getMeta().objectName}.${entry.field.name}'.`,
          objects,
        );
      }
    }
    const q = (name: string) => backend.ops.quoteName(name);
    const bindList = (count: number, offset: number) =>
      Array.from({ length: count }, (_, i) => backend.ops.placeholder(offset + i + 1)).join(", ");
    for (const update of updates) {
      const meta = update.model.getMeta();
      const remaining = update.pks.filter((pk) => !toDelete.get(update.model)?.has(pk));
      for (const chunk of chunks(remaining)) {
        const value = update.field.getPrepValue(update.value) as SqlParam;
        await backend.execute(
          `UPDATE ${q(meta.dbTable)} SET ${q(update.field.column)} = ${backend.ops.placeholder(1)} WHERE ${q(meta.pk.column)} IN (${bindList(chunk.length, 1)})`,
          [value, ...(chunk as SqlParam[])],
        );
      }
    }
    const counts: Record<string, number> = {};
    let total = 0;
    const seen = new Set<ModelClass>();
    for (const current of [...order].reverse()) {
      if (seen.has(current)) continue;
      seen.add(current);
      const meta = current.getMeta();
      const keys = [...(toDelete.get(current) ?? [])];
      let deleted = 0;
      for (const chunk of chunks(keys)) {
        const result = await backend.execute(
          `DELETE FROM ${q(meta.dbTable)} WHERE ${q(meta.pk.column)} IN (${bindList(chunk.length, 0)})`,
          chunk as SqlParam[],
        );
        deleted += result.changes;
      }
      if (deleted > 0) counts[meta.label] = deleted;
      total += deleted;
    }
    return [total, counts] as DeleteResult;
  });
}
