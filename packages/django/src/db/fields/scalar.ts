// The scalar fields: AutoField, IntegerField, CharField, TextField, BooleanField, FloatField.
import { ValidationError } from "../errors.ts";
import { Field, type FieldOptions, type FieldSpec } from "./field.ts";

function toInteger(value: unknown): number | null {
  if (value === null || value === undefined || value === "") return null;
  const number =
    typeof value === "number"
      ? value
      : typeof value === "bigint"
        ? Number(value)
        : typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)
          ? Number(value)
          : NaN;
  if (!Number.isSafeInteger(number)) {
    throw new ValidationError(`"${String(value)}" value must be an integer.`, {
      code: "invalid",
      params: { value },
    });
  }
  return number;
}

/**
 * An integer (64-bit in the database, safe-integer range in JS).
 *
 * @example
 * static fields = { votes: new IntegerField({ default: 0 }) };
 */
export class IntegerField extends Field<number> {
  readonly internalType: string = "IntegerField";
  override toPython(value: unknown): number | null {
    return toInteger(value);
  }
}

/**
 * The integer primary key the database assigns. Every model gets `id = new AutoField()`
 * unless a field says `primaryKey: true`.
 *
 * @example
 * static fields = { id: new AutoField() }; // what the implicit primary key is
 */
export class AutoField extends IntegerField {
  override readonly internalType: string = "AutoField";
  constructor(options: Omit<FieldOptions<number>, "primaryKey"> = {}) {
    super({ ...options, primaryKey: true, blank: true, editable: false });
  }
  override get isAuto(): boolean {
    return true;
  }
  override validate(): void {
    // The database assigns the value, so an unsaved instance's null is fine.
  }
  override deconstruct(): FieldSpec {
    const spec = super.deconstruct();
    delete spec.primaryKey;
    delete spec.blank;
    return spec;
  }
}

/**
 * A floating-point number.
 *
 * @example
 * static fields = { rating: new FloatField({ null: true }) };
 */
export class FloatField extends Field<number> {
  readonly internalType = "FloatField";
  override toPython(value: unknown): number | null {
    if (value === null || value === undefined || value === "") return null;
    const number = typeof value === "string" ? Number(value.trim()) : Number(value);
    if (typeof value === "boolean" || !Number.isFinite(number)) {
      throw new ValidationError(`"${String(value)}" value must be a float.`, { code: "invalid" });
    }
    return number;
  }
}

/** Options of {@link CharField}. */
export interface CharFieldOptions extends FieldOptions<string> {
  maxLength: number;
}

/**
 * A short string with a required `maxLength` (validated by `fullClean()`; the column is
 * `varchar(maxLength)`).
 *
 * @example
 * static fields = { questionText: new CharField({ maxLength: 200 }) };
 */
export class CharField extends Field<string> {
  readonly internalType: string = "CharField";
  readonly maxLength: number;
  constructor(options: CharFieldOptions) {
    super(options);
    if (!Number.isInteger(options?.maxLength) || options.maxLength <= 0) {
      throw new TypeError("CharField needs maxLength, a positive integer");
    }
    this.maxLength = options.maxLength;
  }
  protected override emptyDefault(): string | null {
    return this.null ? null : "";
  }
  override toPython(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    return typeof value === "string" ? value : String(value);
  }
  override validate(value: string | null): void {
    super.validate(value);
    if (typeof value === "string" && [...value].length > this.maxLength) {
      throw new ValidationError(
        `Ensure this value has at most ${this.maxLength} characters (it has ${[...value].length}).`,
        { code: "max_length", params: { limitValue: this.maxLength, showValue: value.length } },
      );
    }
  }
  override deconstruct(): FieldSpec {
    return { ...super.deconstruct(), maxLength: this.maxLength };
  }
}

/**
 * A string of any length (`text` column).
 *
 * @example
 * static fields = { body: new TextField({ blank: true }) };
 */
export class TextField extends Field<string> {
  readonly internalType = "TextField";
  protected override emptyDefault(): string | null {
    return this.null ? null : "";
  }
  override toPython(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    return typeof value === "string" ? value : String(value);
  }
}

const TRUE_VALUES = new Set<unknown>([true, 1, "1", "t", "true", "True", "on"]);
const FALSE_VALUES = new Set<unknown>([false, 0, "0", "f", "false", "False", "off"]);

/**
 * true/false (stored as 0/1 on SQLite).
 *
 * @example
 * static fields = { isActive: new BooleanField({ default: true }) };
 */
export class BooleanField extends Field<boolean> {
  readonly internalType = "BooleanField";
  override toPython(value: unknown): boolean | null {
    if (value === null || value === undefined) return null;
    if (TRUE_VALUES.has(value)) return true;
    if (FALSE_VALUES.has(value)) return false;
    throw new ValidationError(`"${String(value)}" value must be either true or false.`, {
      code: "invalid",
    });
  }
  override isEmpty(value: unknown): boolean {
    return value === null || value === undefined;
  }
}

/**
 * A string validated as an e-mail address (`varchar(254)` by default).
 *
 * @example
 * static fields = { email: new EmailField({ blank: true }) };
 */
export class EmailField extends CharField {
  override readonly internalType = "CharField";
  constructor(options: Partial<CharFieldOptions> = {}) {
    super({ ...options, maxLength: options.maxLength ?? 254 });
  }
  override validate(value: string | null): void {
    super.validate(value);
    if (typeof value === "string" && value !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      throw new ValidationError("Enter a valid email address.", { code: "invalid" });
    }
  }
}
