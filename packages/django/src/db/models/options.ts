// Model metadata (Django's `Model._meta`): table name, fields, primary key, ordering and the
// reverse relations, computed once per class when the class is first used.
import { DbConfigError } from "../errors.ts";
import type { Field } from "../fields/field.ts";
import { ForeignKey } from "../fields/related.ts";
import { AutoField } from "../fields/scalar.ts";
import { lowerFirst } from "../naming.ts";
import { registerModelClass, getModels, registryVersion } from "./registry.ts";
import type { ModelClass } from "./types.ts";

/**
 * The `static meta` of a model.
 *
 * @example
 * static meta = { appLabel: "polls", ordering: ["-pubDate"], dbTable: "polls_question" };
 */
export interface ModelMetaOptions {
  /** The app the model belongs to (required for concrete models). */
  appLabel?: string;
  /** Table name; default `<appLabel>_<lowercase model name>`, as Django. */
  dbTable?: string;
  /** Default ordering, e.g. `["-pubDate", "id"]`. */
  ordering?: readonly string[];
  verboseName?: string;
  verboseNamePlural?: string;
  /** An abstract model only contributes fields to its subclasses; it has no table. */
  abstract?: boolean;
  /** Field `latest()`/`earliest()` use when called without arguments. */
  getLatestBy?: string;
}

/** A ForeignKey seen from its target: `question.choiceSet`, `filter({ choice__… })`. */
export interface ReverseRelation {
  /** The ForeignKey field (on `model`). */
  field: ForeignKey;
  /** The model that declares the ForeignKey (Choice). */
  model: ModelClass;
  /** Instance accessor on the target (`choiceSet`). */
  accessorName: string;
  /** Lookup name on the target (`choice`). */
  queryName: string;
}

/**
 * Metadata of one model class; `Question.getMeta()` returns it.
 *
 * @example
 * Question.getMeta().dbTable; // "polls_question"
 * Question.getMeta().getField("pubDate")?.column; // "pub_date"
 */
export class Options {
  readonly objectName: string;
  readonly modelName: string;
  readonly appLabel: string;
  readonly label: string;
  readonly labelLower: string;
  readonly dbTable: string;
  readonly ordering: readonly string[];
  readonly verboseName: string;
  readonly verboseNamePlural: string;
  readonly getLatestBy: string | undefined;
  readonly fields: readonly Field[];
  readonly pk: Field;
  private readonly byName = new Map<string, Field>();
  private reverseCache: { version: number; relations: ReverseRelation[] } | undefined;

  constructor(
    readonly model: ModelClass,
    meta: ModelMetaOptions,
    fields: Field[],
  ) {
    if (!meta.appLabel) {
      throw new DbConfigError(
        `Model ${model.name} needs static meta = { appLabel: "…" } (the app it belongs to)`,
      );
    }
    this.objectName = model.name;
    this.modelName = model.name.toLowerCase();
    this.appLabel = meta.appLabel;
    this.label = `${this.appLabel}.${this.objectName}`;
    this.labelLower = this.label.toLowerCase();
    this.dbTable = meta.dbTable ?? `${this.appLabel}_${this.modelName}`.toLowerCase();
    this.ordering = meta.ordering ?? [];
    this.verboseName =
      meta.verboseName ?? model.name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
    this.verboseNamePlural = meta.verboseNamePlural ?? `${this.verboseName}s`;
    this.getLatestBy = meta.getLatestBy;
    const pk = fields.find((field) => field.primaryKey);
    if (!pk) throw new DbConfigError(`Model ${model.name} has no primary key`);
    this.pk = pk;
    this.fields = [pk, ...fields.filter((field) => field !== pk)];
    for (const field of this.fields) {
      this.byName.set(field.name, field);
      this.byName.set(field.attname, field);
    }
  }

  /** A field by attribute name or attname (`question` or `questionId`); `pk` is the key. */
  getField(name: string): Field | undefined {
    return name === "pk" ? this.pk : this.byName.get(name);
  }

  /** The ForeignKey fields of this model. */
  get foreignKeys(): ForeignKey[] {
    return this.fields.filter((field): field is ForeignKey => field instanceof ForeignKey);
  }

  /** Every registered ForeignKey pointing at this model. */
  get relatedObjects(): ReverseRelation[] {
    if (this.reverseCache?.version === registryVersion) return this.reverseCache.relations;
    const relations: ReverseRelation[] = [];
    for (const other of getModels()) {
      for (const field of other.getMeta().foreignKeys) {
        if (field.tryRelatedModel() !== this.model) continue;
        relations.push({
          field,
          model: other,
          accessorName: field.relatedName ?? `${lowerFirst(other.name)}Set`,
          queryName: field.relatedQueryNameOption ?? field.relatedName ?? other.name.toLowerCase(),
        });
      }
    }
    this.reverseCache = { version: registryVersion, relations };
    return relations;
  }

  /** The reverse relation a lookup names (`choice` in `choice__votes__gt`). */
  getReverse(queryName: string): ReverseRelation | undefined {
    return this.relatedObjects.find((relation) => relation.queryName === queryName);
  }
}

const metaCache = new WeakMap<ModelClass, Options>();

/** Walks from `model` up to Model, collecting fields of abstract ancestors (base first). */
function collectFields(model: ModelClass, base: ModelClass): Record<string, Field> {
  const chain: ModelClass[] = [];
  for (let cls = model; cls && cls !== base; cls = Object.getPrototypeOf(cls)) {
    chain.unshift(cls);
  }
  const fields: Record<string, Field> = {};
  for (const cls of chain) {
    if (cls !== model && Object.hasOwn(cls, "meta") && !cls.meta?.abstract) {
      throw new DbConfigError(
        `${model.name} extends the concrete model ${cls.name}: multi-table inheritance is not supported; make ${cls.name} abstract (meta.abstract) or share its fields`,
      );
    }
    if (Object.hasOwn(cls, "fields")) Object.assign(fields, cls.fields);
  }
  return fields;
}

/**
 * Internal: builds and caches `Options` for a model class, registers the model and lets the
 * caller install accessors. Abstract models cannot be prepared.
 */
export function buildOptions(
  model: ModelClass,
  base: ModelClass,
  onCreate: (options: Options) => void,
): Options {
  const cached = metaCache.get(model);
  if (cached) return cached;
  const meta: ModelMetaOptions = (Object.hasOwn(model, "meta") ? model.meta : undefined) ?? {};
  if (meta.abstract) {
    throw new DbConfigError(`${model.name} is abstract: it has no table and cannot be queried`);
  }
  const declared = collectFields(model, base);
  const fields: Field[] = [];
  for (const [name, declaredField] of Object.entries(declared)) {
    if (name === "pk")
      throw new DbConfigError(`${model.name}: "pk" is reserved for the primary key`);
    if (name.includes("__")) {
      throw new DbConfigError(`${model.name}.${name}: field names cannot contain "__"`);
    }
    const field = declaredField.clone();
    field.name = name;
    if (field instanceof ForeignKey) {
      field.owner = model;
      field.ownerAppLabel = meta.appLabel ?? "";
    }
    fields.push(field);
  }
  if (!fields.some((field) => field.primaryKey)) {
    const id = new AutoField();
    id.name = "id";
    if (fields.some((field) => field.name === "id" || field.attname === "id")) {
      throw new DbConfigError(`${model.name}.id must be the primary key (primaryKey: true)`);
    }
    fields.unshift(id);
  }
  const options = new Options(model, meta, fields);
  metaCache.set(model, options);
  onCreate(options);
  registerModelClass(options.labelLower, model);
  return options;
}
