// Small helpers shared by the admin's views: labels as Django derives them, and the model
// metadata the admin reads (app label, model name, verbose names).
import type { Field, ModelClass, Options } from "../../db/index.ts";

/** "pubDate" → "pub date" (Django derives verbose names from attribute names). */
export function humanize(name: string): string {
  return name
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
}

/** First letter upper case (Django's `capfirst`). */
export function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A field's label: its `verboseName`, else its humanized name. */
export function fieldLabel(field: Field): string {
  return field.verboseName ?? humanize(field.name);
}

/** The ORM metadata of a model class. */
export function metaOf(model: ModelClass): Options {
  return model.getMeta();
}

/** `polls_question`: the prefix of a model's admin URL names. */
export function urlNamePrefix(model: ModelClass): string {
  const meta = metaOf(model);
  return `${meta.appLabel}_${meta.modelName}`;
}

/** `polls.add_question`: the permission codename Django gives an action on a model. */
export function permissionName(model: ModelClass, action: string): string {
  const meta = metaOf(model);
  return `${meta.appLabel}.${action}_${meta.modelName}`;
}

/** `"text"` wrapped in Django's curly quotes, as its admin messages write object names. */
export function quoted(text: string): string {
  return `\u201c${text}\u201d`;
}
