// The project state: every model as plain data (fields as FieldSpecs), rebuilt by replaying
// migration operations. It is JSON-serialisable on purpose, so makemigrations (issue 7) can
// diff it against the models and tests can compare it with deepEqual.
import type { ColumnSpec, SqlParam, TableSpec } from "../backends/types.ts";
import { MigrationError } from "../errors.ts";
import { DateField, DateTimeField } from "../fields/datetime.ts";
import type { Field, FieldSpec } from "../fields/field.ts";
import { ForeignKey } from "../fields/related.ts";
import {
  AutoField,
  BooleanField,
  CharField,
  EmailField,
  FloatField,
  IntegerField,
  TextField,
} from "../fields/scalar.ts";
import type { ModelClass } from "../models/types.ts";

/** Model options that migrations track. */
export interface ModelOptionsSpec {
  dbTable?: string;
  ordering?: string[];
  verboseName?: string;
  verboseNamePlural?: string;
  getLatestBy?: string;
}

/** One model as plain data. */
export interface ModelState {
  app: string;
  name: string;
  fields: [string, FieldSpec][];
  options: ModelOptionsSpec;
}

/**
 * All models, keyed by lowercase `app.model`.
 *
 * @example
 * const state: ProjectState = { models: { "polls.question": { app: "polls", name: "Question", fields: [...], options: {} } } };
 */
export interface ProjectState {
  models: Record<string, ModelState>;
}

/**
 * A state with no models.
 *
 * @example
 * stateForwards(emptyState(), "polls", createModel({ name: "Question", fields: [] }));
 */
export function emptyState(): ProjectState {
  return { models: {} };
}

/**
 * The key of a model in a ProjectState.
 *
 * @example
 * modelKey("polls", "Question"); // "polls.question"
 */
export function modelKey(app: string, name: string): string {
  return `${app}.${name}`.toLowerCase();
}

/**
 * The table of a model state (Django's default `<app>_<model>`).
 *
 * @example
 * tableName(state.models["polls.question"]); // "polls_question"
 */
export function tableName(model: ModelState): string {
  return model.options.dbTable ?? `${model.app}_${model.name}`.toLowerCase();
}

/** Builds a Field from a spec (migrations only store specs). */
export type FieldFactory = (spec: FieldSpec) => Field;

function options(spec: FieldSpec): Record<string, unknown> {
  const { type: _type, to: _to, ...rest } = spec;
  return rest;
}

const fieldFactories = new Map<string, FieldFactory>([
  ["AutoField", (spec) => new AutoField(options(spec))],
  ["IntegerField", (spec) => new IntegerField(options(spec))],
  ["FloatField", (spec) => new FloatField(options(spec))],
  ["CharField", (spec) => new CharField(options(spec) as never)],
  ["EmailField", (spec) => new EmailField(options(spec))],
  ["TextField", (spec) => new TextField(options(spec))],
  ["BooleanField", (spec) => new BooleanField(options(spec))],
  ["DateTimeField", (spec) => new DateTimeField(options(spec))],
  ["DateField", (spec) => new DateField(options(spec))],
  ["ForeignKey", (spec) => new ForeignKey(String(spec.to), options(spec) as never)],
]);

/**
 * Lets migrations rebuild a custom field class from its spec (`type` is the class name).
 *
 * @example
 * registerFieldType("SlugField", (spec) => new SlugField(spec));
 */
export function registerFieldType(type: string, factory: FieldFactory): void {
  fieldFactories.set(type, factory);
}

/**
 * A Field instance (named) from a spec.
 *
 * @example
 * fieldFromSpec("questionText", { type: "CharField", maxLength: 200 }).column; // "question_text"
 */
export function fieldFromSpec(name: string, spec: FieldSpec): Field {
  const factory = fieldFactories.get(spec.type);
  if (!factory) {
    throw new MigrationError(
      `Unknown field type '${spec.type}' in migration (registerFieldType it)`,
    );
  }
  const field = factory(spec);
  field.name = name;
  return field;
}

/**
 * The state of one model class (what its CreateModel would contain).
 *
 * @example
 * modelStateFromClass(Question).fields.map(([name]) => name); // ["id", "questionText", "pubDate"]
 */
export function modelStateFromClass(model: ModelClass): ModelState {
  const meta = model.getMeta();
  const own = (Object.hasOwn(model, "meta") ? model.meta : undefined) ?? {};
  const opts: ModelOptionsSpec = {};
  if (own.dbTable !== undefined) opts.dbTable = own.dbTable;
  if (meta.ordering.length > 0) opts.ordering = [...meta.ordering];
  if (own.verboseName !== undefined) opts.verboseName = own.verboseName;
  if (own.verboseNamePlural !== undefined) opts.verboseNamePlural = own.verboseNamePlural;
  if (own.getLatestBy !== undefined) opts.getLatestBy = own.getLatestBy;
  return {
    app: meta.appLabel,
    name: meta.objectName,
    fields: meta.fields.map((field) => [field.name, field.deconstruct()]),
    options: opts,
  };
}

/**
 * The state the given models describe (what the migrations should arrive at).
 *
 * @example
 * stateFromModels([Question, Choice]).models["polls.choice"].fields;
 */
export function stateFromModels(models: readonly ModelClass[]): ProjectState {
  const state = emptyState();
  for (const model of models) {
    const modelState = modelStateFromClass(model);
    state.models[modelKey(modelState.app, modelState.name)] = modelState;
  }
  return state;
}

/** Internal: the model a ForeignKey spec points to, inside a state. */
export function relatedModelState(
  state: ProjectState,
  from: ModelState,
  spec: FieldSpec,
): ModelState {
  const to = String(spec.to);
  const key =
    to === "self"
      ? modelKey(from.app, from.name)
      : to.includes(".")
        ? to.toLowerCase()
        : modelKey(from.app, to);
  const target = state.models[key];
  if (!target) {
    throw new MigrationError(
      `${from.app}.${from.name} has a ForeignKey to '${to}', which is not in the migration state (missing dependency?)`,
    );
  }
  return target;
}

function primaryKeyOf(model: ModelState): [string, FieldSpec] {
  const pk = model.fields.find(([, spec]) => spec.primaryKey || spec.type === "AutoField");
  if (!pk)
    throw new MigrationError(
      `${model.app}.${model.name} has no primary key in the migration state`,
    );
  return pk;
}

/** The literal that fills existing rows when a column is added (Django's effective_default). */
function effectiveDefault(field: Field): SqlParam | undefined {
  let value: unknown;
  if (field.hasDefault()) value = field.toDb(field.getDefault());
  else if (field instanceof DateTimeField && (field.autoNow || field.autoNowAdd))
    value = field.toDb(new Date());
  else if (!field.null && field.blank && (field instanceof CharField || field instanceof TextField))
    value = "";
  else return undefined;
  return value as SqlParam;
}

/** Internal: the column a field spec becomes. */
export function columnSpec(
  state: ProjectState,
  model: ModelState,
  name: string,
  spec: FieldSpec,
): ColumnSpec {
  const field = fieldFromSpec(name, spec);
  const column: ColumnSpec = { name: field.column, type: field.internalType };
  if (field instanceof CharField) column.maxLength = field.maxLength;
  if (field.primaryKey) column.primaryKey = true;
  if (field.null) column.null = true;
  if (field.unique && !field.primaryKey) column.unique = true;
  if (field.dbIndex) column.dbIndex = true;
  const fill = effectiveDefault(field);
  if (fill !== undefined) column.default = fill;
  if (field instanceof ForeignKey) {
    const target = relatedModelState(state, model, spec);
    const [pkName, pkSpec] = primaryKeyOf(target);
    const pkField = fieldFromSpec(pkName, pkSpec);
    column.type =
      pkField.internalType === "AutoField"
        ? "IntegerField"
        : pkField.internalType === "BigAutoField"
          ? "BigIntegerField"
          : pkField.internalType;
    if (pkField instanceof CharField) column.maxLength = pkField.maxLength;
    if (field.dbConstraint)
      column.references = { table: tableName(target), column: pkField.column };
  }
  return column;
}

/**
 * The table a model state becomes (what the schema editor creates).
 *
 * @example
 * tableSpec(stateFromModels([Question]), "polls.question").columns.map((c) => c.name);
 */
export function tableSpec(state: ProjectState, key: string): TableSpec {
  const model = state.models[key];
  if (!model) throw new MigrationError(`No model '${key}' in the migration state`);
  return {
    name: tableName(model),
    columns: model.fields.map(([name, spec]) => columnSpec(state, model, name, spec)),
  };
}
