// Migration operations as plain data (`{ type: "CreateModel", … }`), so migration files are
// plain modules and can be written by a program. Factories (`createModel({...})`) accept Field
// instances for convenience and store their specs. Applying them lives in apply.ts.
import type { SqlParam } from "../backends/types.ts";
import { Field, type FieldSpec } from "../fields/field.ts";
import type { ModelOptionsSpec } from "./state.ts";

/** A field in an operation: a spec, or a Field (stored as its spec). */
export type FieldInput = FieldSpec | Field;
/** SQL for RunSQL: one statement, or a list of statements / `[sql, params]` pairs. */
export type SqlStatements = string | readonly (string | readonly [string, readonly SqlParam[]])[];

export interface CreateModel {
  type: "CreateModel";
  name: string;
  fields: [string, FieldSpec][];
  options?: ModelOptionsSpec;
}
export interface DeleteModel {
  type: "DeleteModel";
  name: string;
}
export interface AddField {
  type: "AddField";
  modelName: string;
  name: string;
  field: FieldSpec;
}
export interface RemoveField {
  type: "RemoveField";
  modelName: string;
  name: string;
}
export interface AlterField {
  type: "AlterField";
  modelName: string;
  name: string;
  field: FieldSpec;
}
export interface RenameField {
  type: "RenameField";
  modelName: string;
  oldName: string;
  newName: string;
}
export interface AlterModelOptions {
  type: "AlterModelOptions";
  name: string;
  options: ModelOptionsSpec;
}
export interface AlterModelTable {
  type: "AlterModelTable";
  name: string;
  table: string | null;
}
export interface RunSQL {
  type: "RunSQL";
  sql: SqlStatements;
  /** SQL that undoes `sql`; without it the operation is irreversible. Use "" for a no-op. */
  reverseSql?: SqlStatements;
}

/** Every operation. */
export type Operation =
  | CreateModel
  | DeleteModel
  | AddField
  | RemoveField
  | AlterField
  | RenameField
  | AlterModelOptions
  | AlterModelTable
  | RunSQL;

function spec(field: FieldInput): FieldSpec {
  return field instanceof Field ? field.deconstruct() : { ...field };
}

/**
 * Creates a model's table.
 *
 * @example
 * createModel({ name: "Question", fields: [["id", { type: "AutoField" }], ["questionText", { type: "CharField", maxLength: 200 }]] });
 */
export function createModel(options: {
  name: string;
  fields: readonly (readonly [string, FieldInput])[] | Record<string, FieldInput>;
  options?: ModelOptionsSpec;
}): CreateModel {
  const entries = Array.isArray(options.fields)
    ? (options.fields as readonly (readonly [string, FieldInput])[])
    : Object.entries(options.fields as Record<string, FieldInput>);
  const fields = entries.map(([name, field]) => [name, spec(field)] as [string, FieldSpec]);
  if (!fields.some(([, s]) => s.primaryKey || s.type === "AutoField")) {
    fields.unshift(["id", { type: "AutoField" }]);
  }
  return {
    type: "CreateModel",
    name: options.name,
    fields,
    ...(options.options ? { options: options.options } : {}),
  };
}

/**
 * Drops a model's table.
 *
 * @example
 * deleteModel({ name: "Poll" })
 */
export function deleteModel(options: { name: string }): DeleteModel {
  return { type: "DeleteModel", name: options.name };
}

/**
 * Adds a column.
 *
 * @example
 * addField({ modelName: "Question", name: "slug", field: { type: "CharField", maxLength: 50, default: "" } })
 */
export function addField(options: {
  modelName: string;
  name: string;
  field: FieldInput;
}): AddField {
  return {
    type: "AddField",
    modelName: options.modelName,
    name: options.name,
    field: spec(options.field),
  };
}

/**
 * Drops a column.
 *
 * @example
 * removeField({ modelName: "Question", name: "slug" })
 */
export function removeField(options: { modelName: string; name: string }): RemoveField {
  return { type: "RemoveField", modelName: options.modelName, name: options.name };
}

/**
 * Changes a column.
 *
 * @example
 * alterField({ modelName: "Question", name: "questionText", field: { type: "CharField", maxLength: 300 } })
 */
export function alterField(options: {
  modelName: string;
  name: string;
  field: FieldInput;
}): AlterField {
  return {
    type: "AlterField",
    modelName: options.modelName,
    name: options.name,
    field: spec(options.field),
  };
}

/**
 * Renames a field (and its column).
 *
 * @example
 * renameField({ modelName: "Choice", oldName: "text", newName: "choiceText" })
 */
export function renameField(options: {
  modelName: string;
  oldName: string;
  newName: string;
}): RenameField {
  return { type: "RenameField", ...options };
}

/**
 * Changes options with no schema effect (ordering, verbose names).
 *
 * @example
 * alterModelOptions({ name: "Question", options: { ordering: ["-pubDate"] } })
 */
export function alterModelOptions(options: {
  name: string;
  options: ModelOptionsSpec;
}): AlterModelOptions {
  return { type: "AlterModelOptions", name: options.name, options: options.options };
}

/**
 * Renames a model's table.
 *
 * @example
 * alterModelTable({ name: "Question", table: "questions" })
 */
export function alterModelTable(options: { name: string; table: string | null }): AlterModelTable {
  return { type: "AlterModelTable", name: options.name, table: options.table };
}

/**
 * Runs raw SQL (parameters bound, never interpolated).
 *
 * @example
 * runSql({ sql: [["INSERT INTO polls_question (question_text, pub_date) VALUES (?, ?)", ["Hi?", "2026-01-01T00:00:00.000Z"]]], reverseSql: "" });
 */
export function runSql(options: { sql: SqlStatements; reverseSql?: SqlStatements }): RunSQL {
  return {
    type: "RunSQL",
    sql: options.sql,
    ...(options.reverseSql !== undefined ? { reverseSql: options.reverseSql } : {}),
  };
}
