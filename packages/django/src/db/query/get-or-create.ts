// getOrCreate / updateOrCreate: look up with the QuerySet's own filters (so a related
// manager's `question.choiceSet.getOrCreate(...)` stays within the question), create in a
// savepoint, and on a unique-constraint race fall back to the row the other writer made.
import { connections } from "../connections.ts";
import { IntegrityError, ObjectDoesNotExist } from "../errors.ts";
import type { Model } from "../models/model.ts";
import type { ModelValues } from "../models/types.ts";
import type { Lookups } from "./q.ts";
import type { QuerySet } from "./queryset.ts";

function evaluate(value: unknown): unknown {
  return typeof value === "function" ? (value as () => unknown)() : value;
}

/** Internal: `QuerySet.getOrCreate`. */
export async function getOrCreate<M extends Model>(
  query: QuerySet<M, M>,
  lookups: Lookups,
  defaults: Lookups,
): Promise<[M, boolean]> {
  try {
    return [await query.get(lookups), false];
  } catch (error) {
    if (!(error instanceof ObjectDoesNotExist)) throw error;
  }
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(lookups)) if (!key.includes("__")) values[key] = value;
  for (const [key, value] of Object.entries(defaults)) values[key] = evaluate(value);
  try {
    const created = await connections
      .get(query.db)
      .atomic(() => query.create(values as ModelValues<M>));
    return [created, true];
  } catch (error) {
    if (!(error instanceof IntegrityError)) throw error;
    try {
      return [await query.get(lookups), false];
    } catch {
      throw error;
    }
  }
}

/** Internal: `QuerySet.updateOrCreate`. */
export async function updateOrCreate<M extends Model>(
  query: QuerySet<M, M>,
  lookups: Lookups,
  defaults: Lookups,
): Promise<[M, boolean]> {
  return connections.get(query.db).atomic(async () => {
    const found = await query.filter(lookups).slice(0, 2);
    if (found.length > 1) {
      throw new query.model.MultipleObjectsReturned(
        `get() returned more than one ${query.model.getMeta().objectName}`,
      );
    }
    const instance = found[0];
    if (!instance) return getOrCreate(query, lookups, defaults);
    const record = instance as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(defaults)) record[key] = evaluate(value);
    await instance.save({ using: query.db });
    return [instance, false] as [M, boolean];
  });
}
