// Date and time fields. Times are UTC instants (`Date`); SQLite stores them as ISO-8601 UTC
// text (`2026-11-25T15:28:47.123Z`), which sorts correctly as text, so range lookups and
// ORDER BY work without SQL functions.
import { ValidationError } from "../errors.ts";
import { Field, type FieldOptions, type FieldSpec } from "./field.ts";

/** Options of {@link DateTimeField} and {@link DateField}. */
export interface DateTimeFieldOptions extends FieldOptions<Date> {
  /** Set to now on every save (Django's `auto_now`). */
  autoNow?: boolean;
  /** Set to now when the row is created (Django's `auto_now_add`). */
  autoNowAdd?: boolean;
}

function parseDate(value: unknown): Date {
  const date =
    value instanceof Date
      ? new Date(value.getTime())
      : typeof value === "string"
        ? new Date(/^\d{4}-\d\d-\d\d \d/.test(value) ? value.replace(" ", "T") : value)
        : typeof value === "number"
          ? new Date(value)
          : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new ValidationError(`"${String(value)}" value has an invalid date/time format.`, {
      code: "invalid",
      params: { value },
    });
  }
  return date;
}

/**
 * A point in time, as a `Date` (UTC). `autoNow`/`autoNowAdd` fill it on save.
 *
 * @example
 * static fields = { pubDate: new DateTimeField({ verboseName: "date published" }) };
 */
export class DateTimeField extends Field<Date> {
  readonly internalType: string = "DateTimeField";
  readonly autoNow: boolean;
  readonly autoNowAdd: boolean;

  constructor(options: DateTimeFieldOptions = {}) {
    const auto = Boolean(options.autoNow || options.autoNowAdd);
    super(auto ? { ...options, blank: true, editable: false } : options);
    this.autoNow = options.autoNow ?? false;
    this.autoNowAdd = options.autoNowAdd ?? false;
  }

  override toPython(value: unknown): Date | null {
    if (value === null || value === undefined || value === "") return null;
    return parseDate(value);
  }

  override preSave(instance: Record<string, unknown>, adding: boolean): unknown {
    if (this.autoNow || (this.autoNowAdd && adding)) {
      const now = this.now();
      instance[this.attname] = now;
      return now;
    }
    return instance[this.attname];
  }

  protected now(): Date {
    return new Date();
  }

  override deconstruct(): FieldSpec {
    const spec = super.deconstruct();
    if (this.autoNow) spec.autoNow = true;
    if (this.autoNowAdd) spec.autoNowAdd = true;
    if (this.autoNow || this.autoNowAdd) delete spec.blank;
    return spec;
  }
}

/**
 * A calendar date, as a `Date` at UTC midnight (stored as `YYYY-MM-DD`).
 *
 * @example
 * static fields = { birthday: new DateField({ null: true }) };
 */
export class DateField extends DateTimeField {
  override readonly internalType = "DateField";

  override toPython(value: unknown): Date | null {
    const date = super.toPython(value);
    if (date === null) return null;
    return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  }

  override toDb(value: Date | null): unknown {
    return value === null ? null : value.toISOString().slice(0, 10);
  }

  protected override now(): Date {
    return this.toPython(new Date()) as Date;
  }
}
