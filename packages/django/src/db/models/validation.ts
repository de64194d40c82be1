// Model validation (Django's full_clean): per-field cleaning, the model's clean() hook and the
// unique checks, gathered into one ValidationError keyed by field name.
import { ValidationError, type ValidationErrorDict } from "../errors.ts";
import { Expression } from "../query/expressions.ts";
import { QuerySet } from "../query/queryset.ts";
import type { FullCleanOptions, Model } from "./model.ts";
import { instanceState } from "./related-descriptors.ts";
import type { ModelClass } from "./types.ts";

function record(instance: Model): Record<string, unknown> {
  return instance as unknown as Record<string, unknown>;
}

/** Internal: `instance.fullClean(options)`. */
export async function fullCleanInstance(instance: Model, options: FullCleanOptions): Promise<void> {
  const exclude = options.exclude ?? [];
  const errors: ValidationErrorDict = {};
  const collect = (error: unknown) => {
    if (!(error instanceof ValidationError)) throw error;
    const dict = error.errorDict ?? { __all__: error.messages };
    for (const [name, messages] of Object.entries(dict)) (errors[name] ??= []).push(...messages);
  };
  try {
    instance.cleanFields(exclude);
  } catch (error) {
    collect(error);
  }
  try {
    await instance.clean();
  } catch (error) {
    collect(error);
  }
  if (options.validateUnique ?? true) {
    try {
      await instance.validateUnique(Object.keys(errors).concat(exclude));
    } catch (error) {
      collect(error);
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

/** Internal: `instance.cleanFields(exclude)`. */
export function cleanInstanceFields(instance: Model, exclude: readonly string[]): void {
  const meta = (instance.constructor as ModelClass).getMeta();
  const errors: ValidationErrorDict = {};
  for (const field of meta.fields) {
    if (exclude.includes(field.name)) continue;
    const raw = record(instance)[field.attname];
    if (field.blank && field.isEmpty(raw)) continue;
    if (raw instanceof Expression) continue;
    try {
      record(instance)[field.attname] = field.clean(raw);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors[field.name] = error.messages;
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

/** Internal: `instance.validateUnique(exclude)`. */
export async function validateInstanceUnique(
  instance: Model,
  exclude: readonly string[],
): Promise<void> {
  const model = instance.constructor as ModelClass;
  const meta = model.getMeta();
  const state = instanceState(instance);
  const errors: ValidationErrorDict = {};
  for (const field of meta.fields) {
    if (!field.unique || exclude.includes(field.name)) continue;
    const value = record(instance)[field.attname];
    if (value === null || value === undefined || value instanceof Expression) continue;
    if (field.primaryKey && state.adding === false) continue;
    let query = new QuerySet(model).using(state.db ?? "default").filter({ [field.attname]: value });
    if (!state.adding && instance.pk != null) query = query.exclude({ pk: instance.pk });
    if (await query.exists()) {
      const label =
        field.verboseName ?? field.name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
      const name = meta.verboseName.charAt(0).toUpperCase() + meta.verboseName.slice(1);
      errors[field.name] = [`${name} with this ${label} already exists.`];
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}
