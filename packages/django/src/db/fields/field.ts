// The Field base class: one column of a model, its Python-ish value conversions, validation and
// the plain-data description (`FieldSpec`) that migrations store.
import { ValidationError } from "../errors.ts";
import { snakeCase } from "../naming.ts";

/** One `[value, label]` choice; `choices` also accepts grouped options flattened by the user. */
export type Choice<T> = readonly [T, string];

/**
 * A validator throws {@link ValidationError} when the value is not acceptable. (Declared with
 * method syntax so a `Field<number>` still counts as a `Field<unknown>`.)
 */
export type Validator<T> = { check(value: T): void }["check"];

/**
 * Options every field accepts (Django's `Field.__init__` keywords, camelCased).
 *
 * @example
 * new CharField({ maxLength: 20, blank: true, default: "", choices: [["s", "Small"], ["l", "Large"]] });
 */
export interface FieldOptions<T> {
  /** NULL allowed in the database (default false). */
  null?: boolean;
  /** Empty value allowed by validation (default false). */
  blank?: boolean;
  /** A value or a function returning one, used when an instance is created without it. */
  default?: T | null | (() => T | null);
  unique?: boolean;
  choices?: readonly Choice<T>[];
  /** Create an index on the column. */
  dbIndex?: boolean;
  /** Column name; default is the snake_case attribute name. */
  dbColumn?: string;
  primaryKey?: boolean;
  verboseName?: string;
  helpText?: string;
  /** Forms skip fields that are not editable (auto timestamps, AutoField). */
  editable?: boolean;
  validators?: readonly Validator<T>[];
}

/**
 * The serialisable description of a field as migrations store it: the class name in `type`
 * plus the options that matter to the schema. JSON-safe by construction.
 *
 * @example
 * const spec: FieldSpec = { type: "CharField", maxLength: 200 };
 */
export interface FieldSpec {
  type: string;
  [option: string]: unknown;
}

const NOT_PROVIDED = Symbol("NOT_PROVIDED");

/**
 * Base class of all fields. Subclasses set `internalType` and override `toPython` (input →
 * JS value), `fromDb`/`toDb` when the stored form differs, and `deconstruct` for their options.
 *
 * @example
 * class UpperCharField extends CharField {
 *   override toPython(value: unknown) { const v = super.toPython(value); return v === null ? v : v.toUpperCase(); }
 * }
 */
export abstract class Field<T = unknown> {
  /** Django's `get_internal_type()`: the name backends map to a column type. */
  abstract readonly internalType: string;
  /** Attribute name on the model; set when the model is prepared. */
  name = "";
  readonly null: boolean;
  readonly blank: boolean;
  readonly unique: boolean;
  readonly dbIndex: boolean;
  readonly primaryKey: boolean;
  readonly dbColumn: string | undefined;
  readonly verboseName: string | undefined;
  readonly helpText: string;
  readonly choices: readonly Choice<T>[] | undefined;
  readonly editable: boolean;
  readonly validators: readonly Validator<T>[];
  private readonly defaultValue: T | null | (() => T | null) | typeof NOT_PROVIDED;

  constructor(options: FieldOptions<T> = {}) {
    this.null = options.null ?? false;
    this.blank = options.blank ?? false;
    this.primaryKey = options.primaryKey ?? false;
    this.unique = (options.unique ?? false) || this.primaryKey;
    this.dbIndex = options.dbIndex ?? false;
    this.dbColumn = options.dbColumn;
    this.verboseName = options.verboseName;
    this.helpText = options.helpText ?? "";
    this.choices = options.choices;
    this.editable = options.editable ?? true;
    this.validators = options.validators ?? [];
    this.defaultValue = "default" in options ? (options.default as T | null) : NOT_PROVIDED;
  }

  /** The instance property holding the value (a ForeignKey's is `<name>Id`). */
  get attname(): string {
    return this.name;
  }

  /** The database column. */
  get column(): string {
    return this.dbColumn ?? snakeCase(this.attname);
  }

  /** True for relation fields (ForeignKey). */
  get isRelation(): boolean {
    return false;
  }

  /** True when the database generates the value (AutoField). */
  get isAuto(): boolean {
    return false;
  }

  hasDefault(): boolean {
    return this.defaultValue !== NOT_PROVIDED;
  }

  /** The default value for a new instance: the option, else null (or "" for text fields). */
  getDefault(): T | null {
    if (this.defaultValue === NOT_PROVIDED) return this.emptyDefault();
    const value = this.defaultValue;
    return typeof value === "function" ? (value as () => T | null)() : value;
  }

  /** What a new instance holds when no default is given (Django: "" for text, else None). */
  protected emptyDefault(): T | null {
    return null;
  }

  /** Converts user or form input to the field's JS value; throws ValidationError if invalid. */
  toPython(value: unknown): T | null {
    return value as T | null;
  }

  /** Converts a value read from the database (backends return strings, 0/1, numbers…). */
  fromDb(value: unknown): T | null {
    return value === null || value === undefined ? null : this.toPython(value);
  }

  /**
   * Converts a JS value for the database. Dates and booleans stay as they are here: each
   * backend adapts them (SQLite stores ISO-8601 text and 0/1, PostgreSQL has native types).
   */
  toDb(value: T | null): unknown {
    return value;
  }

  /** Prepares a lookup's right-hand side (`filter({ votes__gt: "3" })` → 3). */
  getPrepValue(value: unknown): unknown {
    return this.toDb(this.toPython(value));
  }

  /** The value to save; auto timestamps override it. */
  preSave(instance: Record<string, unknown>, _adding: boolean): unknown {
    return instance[this.attname];
  }

  /** Whether `value` counts as empty for `blank` (Django's `empty_values`). */
  isEmpty(value: unknown): boolean {
    return value === null || value === undefined || value === "";
  }

  /**
   * Checks null, blank and choices (Django's `Field.validate`), then the validators.
   *
   * @example
   * new CharField({ maxLength: 3 }).clean("abcd"); // throws ValidationError (max_length)
   */
  validate(value: T | null): void {
    if (this.choices !== undefined && !this.isEmpty(value)) {
      if (!this.choices.some(([choice]) => choice === value)) {
        throw new ValidationError(`Value ${JSON.stringify(value)} is not a valid choice.`, {
          code: "invalid_choice",
          params: { value },
        });
      }
    }
    if ((value === null || value === undefined) && !this.null) {
      throw new ValidationError("This field cannot be null.", { code: "null" });
    }
    if (!this.blank && this.isEmpty(value) && value !== null && value !== undefined) {
      throw new ValidationError("This field cannot be blank.", { code: "blank" });
    }
  }

  /** `toPython`, `validate`, then each validator; returns the cleaned value. */
  clean(value: unknown): T | null {
    const cleaned = this.toPython(value);
    this.validate(cleaned);
    if (cleaned !== null && cleaned !== undefined) {
      for (const validator of this.validators) validator(cleaned);
    }
    return cleaned;
  }

  /** The label of a choice value (`getFooDisplay()` in Django). */
  displayFor(value: unknown): string {
    const match = this.choices?.find(([choice]) => choice === value);
    return match ? match[1] : value === null || value === undefined ? "" : String(value);
  }

  /**
   * The plain-data description migrations store (defaults only when JSON-safe: a function
   * default is not serialisable, as Django's migrations also need a literal one-off default).
   */
  deconstruct(): FieldSpec {
    const spec: FieldSpec = { type: this.constructor.name };
    if (this.null) spec.null = true;
    if (this.blank) spec.blank = true;
    if (this.primaryKey) spec.primaryKey = true;
    if (this.unique && !this.primaryKey) spec.unique = true;
    if (this.dbIndex) spec.dbIndex = true;
    if (this.dbColumn !== undefined) spec.dbColumn = this.dbColumn;
    if (this.verboseName !== undefined) spec.verboseName = this.verboseName;
    if (this.choices !== undefined) spec.choices = this.choices.map(([v, label]) => [v, label]);
    if (this.hasDefault()) {
      const value = this.defaultValue;
      if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
        spec.default = value;
      }
    }
    return spec;
  }

  /** A copy bound to another model (fields objects are shared by subclasses of abstract models). */
  clone(): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
  }
}
