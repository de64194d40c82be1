/**
 * Django flags methods that change the database with `alters_data`, and its templates refuse
 * to call them: `{{ question.delete }}` in a template must never delete a row. The template
 * engine (src/template/variable.ts) honours `altersData = true` on a method; this marks the
 * ORM's own writers once, on their prototypes.
 */

/** The methods of each ORM class that write to the database. */
const WRITERS = [
  "save",
  "delete",
  "create",
  "getOrCreate",
  "updateOrCreate",
  "update",
  "bulkCreate",
  "add",
  "remove",
  "clear",
  "set",
  "refreshFromDb",
] as const;

/**
 * Flags every writer method found on `prototype` with `altersData = true`.
 *
 * @example
 * markAltersData(Model.prototype);
 * (Model.prototype.save as { altersData?: boolean }).altersData; // true
 */
export function markAltersData(prototype: object): void {
  for (const name of WRITERS) {
    const method = (prototype as Record<string, unknown>)[name];
    if (typeof method === "function") (method as { altersData?: boolean }).altersData = true;
  }
}
