// The Model base class: instances are rows; statics hold the fields, meta options and the
// default manager. Field values live as plain own properties named after the fields
// (`questionText`, and `questionId` for a ForeignKey), so subclasses declare them with
// `declare` (no initialiser, which would overwrite the values the base constructor set).
import {
  FieldError,
  MultipleObjectsReturned,
  ObjectDoesNotExist,
  QuerySetError,
} from "../errors.ts";
import type { Field } from "../fields/field.ts";
import { ForeignKey } from "../fields/related.ts";
import { deleteByPks, type DeleteResult } from "../query/deletion.ts";
import { installAccessors, installReverseAccessors } from "./accessors.ts";
import { Manager } from "./manager.ts";
import { buildOptions, type Options } from "./options.ts";
import { refreshInstance, saveInstance } from "./persistence.ts";
import { onModelRegistered } from "./registry.ts";
import { instanceState, setRelated } from "./related-descriptors.ts";
import type { ModelClass } from "./types.ts";
import { cleanInstanceFields, fullCleanInstance, validateInstanceUnique } from "./validation.ts";
import { markAltersData } from "../alters-data.ts";

/** Options of {@link Model.save}. */
export interface SaveOptions {
  /** Always INSERT (fails if the primary key exists). */
  forceInsert?: boolean;
  /** Always UPDATE (fails if no row has the primary key). */
  forceUpdate?: boolean;
  /** Only write these fields (an UPDATE). */
  updateFields?: readonly string[];
  /** Database alias (default: where the instance came from, else "default"). */
  using?: string;
}

/** Options of {@link Model.fullClean}. */
export interface FullCleanOptions {
  /** Field names not to validate. */
  exclude?: readonly string[];
  /** Check `unique` fields against the database (default true). */
  validateUnique?: boolean;
}

let buildingFromDb = false;
const defaultManagers = new WeakMap<object, Manager>();
const doesNotExistClasses = new WeakMap<object, typeof ObjectDoesNotExist>();
const multipleClasses = new WeakMap<object, typeof MultipleObjectsReturned>();

function record(instance: Model): Record<string, unknown> {
  return instance as unknown as Record<string, unknown>;
}

/**
 * Base class of models. Declare fields in `static fields` (a record of Field instances; an `id`
 * AutoField is added unless one field says `primaryKey: true`), the app and options in
 * `static meta` ({@link ModelMetaOptions}), and the attribute types with `declare` (never with
 * initialisers, which would overwrite the values set by the constructor). Model has no
 * `fields`/`meta` members itself, so subclasses need no `override`:
 *
 * @example
 * class Question extends Model {
 *   static fields = {
 *     questionText: new CharField({ maxLength: 200 }),
 *     pubDate: new DateTimeField({ verboseName: "date published" }),
 *   };
 *   static meta = { appLabel: "polls", ordering: ["-pubDate"] };
 *   declare static objects: Manager<Question>;
 *   declare id: number;
 *   declare questionText: string;
 *   declare pubDate: Date;
 *   declare choiceSet: RelatedManager<Choice>;
 *   override toString() { return this.questionText; }
 * }
 * const q = new Question({ questionText: "What's new?", pubDate: new Date() });
 * await q.save();
 */
export class Model {
  /** The default manager (`Question.objects`); `declare static objects: Manager<Question>` types it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  declare static objects: Manager<any>;
  /** Thrown by get() when nothing matches; a subclass of ObjectDoesNotExist per model. */
  declare static DoesNotExist: typeof ObjectDoesNotExist;
  /** Thrown by get() when several rows match; per model. */
  declare static MultipleObjectsReturned: typeof MultipleObjectsReturned;

  /**
   * Metadata of the model (table, fields, ordering, relations); prepares and registers the
   * model on first call.
   *
   * @example
   * Question.getMeta().dbTable; // "polls_question"
   */
  static getMeta(this: ModelClass): Options {
    return buildOptions(this, Model as ModelClass, (options) =>
      installAccessors(options, Model.prototype),
    );
  }

  /** Internal: builds an instance from a database row (values in `getMeta().fields` order). */
  static fromDb<M extends Model>(this: ModelClass<M>, db: string, values: readonly unknown[]): M {
    const meta = this.getMeta();
    buildingFromDb = true;
    let instance: M;
    try {
      instance = new this();
    } finally {
      buildingFromDb = false;
    }
    meta.fields.forEach((field, index) => {
      record(instance)[field.attname] = field.fromDb(values[index]);
    });
    const state = instanceState(instance);
    state.adding = false;
    state.db = db;
    return instance;
  }

  constructor(values: Record<string, unknown> = {}) {
    const model = new.target as unknown as ModelClass;
    const meta = model.getMeta();
    instanceState(this);
    if (buildingFromDb) return;
    const given = new Set<Field>();
    for (const [key, value] of Object.entries(values ?? {})) {
      const field = meta.getField(key);
      if (!field) {
        if (key in this) {
          record(this)[key] = value;
          continue;
        }
        throw new FieldError(`${meta.objectName}() got an unexpected field '${key}'`);
      }
      if (field instanceof ForeignKey && key === field.name) setRelated(this, field, value);
      else record(this)[field.attname] = value;
      given.add(field);
    }
    for (const field of meta.fields) {
      if (!given.has(field)) record(this)[field.attname] = field.getDefault();
    }
  }

  /** The primary key value (an alias of `id` unless another field is primary). */
  get pk(): unknown {
    const meta = (this.constructor as ModelClass).getMeta();
    return record(this)[meta.pk.attname];
  }

  set pk(value: unknown) {
    const meta = (this.constructor as ModelClass).getMeta();
    record(this)[meta.pk.attname] = value;
  }

  /**
   * INSERTs a new row or UPDATEs the existing one. Values may be F expressions
   * (`choice.votes = F("votes").add(1)`), evaluated by the database; the attribute keeps the
   * expression until `refreshFromDb()`, as in Django.
   *
   * @example
   * question.questionText = "What's up?";
   * await question.save();
   */
  async save(options: SaveOptions = {}): Promise<void> {
    await saveInstance(this, options);
  }

  /**
   * Deletes the row (following `onDelete` across ForeignKeys) and clears the primary key.
   *
   * @example
   * const [count, perModel] = await question.delete(); // perModel: { "polls.Question": 1, "polls.Choice": 3 }
   */
  async delete(options: { using?: string } = {}): Promise<DeleteResult> {
    const model = this.constructor as ModelClass;
    const pk = this.pk;
    if (pk === null || pk === undefined) {
      throw new QuerySetError(
        `${model.name} object can't be deleted because its primary key is not set`,
      );
    }
    const state = instanceState(this);
    const result = await deleteByPks(model, [pk], options.using ?? state.db ?? "default");
    this.pk = null;
    state.adding = true;
    return result;
  }

  /**
   * Reloads field values from the database (all, or `fields`).
   *
   * @example
   * await choice.refreshFromDb(); // after saving F("votes").add(1)
   */
  async refreshFromDb(options: { fields?: readonly string[]; using?: string } = {}): Promise<void> {
    await refreshInstance(this, options);
  }

  /**
   * Validates every field (Django's `clean_fields`), calls `clean()`, then checks unique
   * fields; throws one ValidationError whose `errorDict` maps field names to messages.
   *
   * @example
   * try { await question.fullClean(); } catch (e) { if (e instanceof ValidationError) e.errorDict; }
   */
  async fullClean(options: FullCleanOptions = {}): Promise<void> {
    await fullCleanInstance(this, options);
  }

  /**
   * Cleans each field's value in place; throws a ValidationError with an errorDict.
   *
   * @example
   * question.cleanFields();
   */
  cleanFields(exclude: readonly string[] = []): void {
    cleanInstanceFields(this, exclude);
  }

  /**
   * Model-wide validation hook; override and throw ValidationError. Runs in fullClean().
   *
   * @example
   * override clean() { if (this.endDate < this.startDate) throw new ValidationError("End before start"); }
   */
  clean(): void | Promise<void> {}

  /**
   * Checks `unique` fields against the database.
   *
   * @example
   * await tag.validateUnique();
   */
  async validateUnique(exclude: readonly string[] = []): Promise<void> {
    await validateInstanceUnique(this, exclude);
  }

  /**
   * The label of a field with `choices` (Django's `get_FOO_display()`).
   *
   * @example
   * shirt.getDisplay("size"); // "Large"
   */
  getDisplay(fieldName: string): string {
    const field = (this.constructor as ModelClass).getMeta().getField(fieldName);
    if (!field) throw new FieldError(`No field '${fieldName}'`);
    return field.displayFor(record(this)[field.attname]);
  }

  /** `Question object (1)`, as Django; override for templates and the shell. */
  toString(): string {
    return `${this.constructor.name} object (${String(this.pk ?? "None")})`;
  }
}

function defineStatic(name: string, get: (model: ModelClass) => unknown): void {
  Object.defineProperty(Model, name, {
    configurable: true,
    get(this: ModelClass) {
      return get(this);
    },
    set(this: ModelClass, value: unknown) {
      Object.defineProperty(this, name, {
        value,
        writable: true,
        configurable: true,
        enumerable: true,
      });
    },
  });
}

defineStatic("objects", (model) => {
  let manager = defaultManagers.get(model);
  if (!manager) {
    manager = new Manager(model);
    defaultManagers.set(model, manager);
  }
  return manager;
});

defineStatic("DoesNotExist", (model) => {
  let cls = doesNotExistClasses.get(model);
  if (!cls) {
    const parent = Object.getPrototypeOf(model) as ModelClass;
    const base =
      parent === Model || parent.meta?.abstract ? ObjectDoesNotExist : parent.DoesNotExist;
    cls = class DoesNotExist extends base {};
    Object.defineProperty(cls, "name", { value: `${model.name}.DoesNotExist` });
    doesNotExistClasses.set(model, cls);
  }
  return cls;
});

defineStatic("MultipleObjectsReturned", (model) => {
  let cls = multipleClasses.get(model);
  if (!cls) {
    cls = class extends MultipleObjectsReturned {};
    Object.defineProperty(cls, "name", { value: `${model.name}.MultipleObjectsReturned` });
    multipleClasses.set(model, cls);
  }
  return cls;
});

onModelRegistered(() => installReverseAccessors(Model.prototype));

/**
 * Prepares and registers models now, so reverse accessors (`question.choiceSet`) and reverse
 * lookups (`choice__isnull`) exist before the models that declare the ForeignKeys are used.
 * `defineApp` calls it for an app's models.
 *
 * @example
 * registerModels(Question, Choice);
 */
export function registerModels(...models: ModelClass[]): void {
  for (const model of models) model.getMeta();
}

// Templates must never call these (Django's alters_data).
markAltersData(Model.prototype);
