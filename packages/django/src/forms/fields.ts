// Form fields: each turns submitted text into a JS value (`toPython`), checks it (`validate`,
// validators) and says how it renders (its widget). Messages are Django's defaults.
import { ValidationError } from "./errors.ts";
import { isEmptyValue, type Attrs } from "./utils.ts";
import { CheckboxInput, EmailInput, NumberInput, TextInput, type Widget } from "./widgets.ts";

/** A validator throws ValidationError for a bad (non-empty) value. */
export type FormValidator = (value: unknown) => void;

/** Options every form field takes. */
export interface FieldOptions {
  /** Empty input is an error (default true). */
  required?: boolean;
  /** The label; default from the field name (`questionText` → "Question text"). */
  label?: string;
  /** The value an unbound form shows (a function is called per form). */
  initial?: unknown;
  helpText?: string;
  widget?: Widget;
  /** Rendered disabled; submitted data is ignored in favour of the initial value. */
  disabled?: boolean;
  validators?: readonly FormValidator[];
  /** Overrides of the default messages by code (`{ required: "Tell us your name." }`). */
  errorMessages?: Record<string, string>;
}

const DEFAULT_MESSAGES: Record<string, string> = { required: "This field is required." };

/** Fills `%(name)s` placeholders the way Django's messages do. */
function format(message: string, params: Record<string, unknown>): string {
  return message.replace(/%\((\w+)\)[sd]/g, (_, key: string) => String(params[key]));
}

/**
 * Base of the form fields. Subclasses override `toPython`, `validate`, `widgetAttrs`.
 *
 * @example
 * class SlugField extends CharField {
 *   override validate(value: unknown) { super.validate(value); if (typeof value === "string" && !/^[-\w]*$/.test(value)) throw this.error("invalid"); }
 * }
 */
export class Field {
  required: boolean;
  label: string | undefined;
  initial: unknown;
  helpText: string;
  widget: Widget;
  disabled: boolean;
  validators: FormValidator[];
  errorMessages: Record<string, string>;
  /** What empty input cleans to (CharField: "", most others: null). */
  emptyValue: unknown = null;

  constructor(options: FieldOptions = {}) {
    this.required = options.required ?? true;
    this.label = options.label;
    this.initial = options.initial;
    this.helpText = options.helpText ?? "";
    this.widget = options.widget ?? this.defaultWidget();
    this.disabled = options.disabled ?? false;
    this.validators = [...(options.validators ?? [])];
    this.errorMessages = {
      ...DEFAULT_MESSAGES,
      ...this.defaultMessages(),
      ...options.errorMessages,
    };
  }

  /** The widget used when none is given. */
  protected defaultWidget(): Widget {
    return new TextInput();
  }

  /** Extra default messages of a subclass, by code. */
  protected defaultMessages(): Record<string, string> {
    return {};
  }

  /** A ValidationError with the message for `code`, placeholders filled from `params`. */
  error(code: string, params: Record<string, unknown> = {}): ValidationError {
    const template = this.errorMessages[code] ?? code;
    return new ValidationError(format(template, params), { code, params });
  }

  /** A per-form copy (forms never share field or widget state). */
  clone(): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.widget = this.widget.clone();
    copy.validators = [...this.validators];
    copy.errorMessages = { ...this.errorMessages };
    return copy;
  }

  /** Submitted input → JS value; throws ValidationError for malformed input. */
  toPython(value: unknown): unknown {
    return isEmptyValue(value) ? this.emptyValue : value;
  }

  /** Checks the converted value (required, range, choices…). */
  validate(value: unknown): void {
    if (this.required && isEmptyValue(value)) throw this.error("required");
  }

  /** Runs the validators on a non-empty value, collecting every message. */
  runValidators(value: unknown): void {
    if (isEmptyValue(value)) return;
    const messages: string[] = [];
    for (const validator of this.validators) {
      try {
        validator(value);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        messages.push(...error.messages);
      }
    }
    if (messages.length > 0) throw new ValidationError(messages);
  }

  /** `toPython`, `validate`, `runValidators`; async so fields may query the database. */
  async clean(value: unknown): Promise<unknown> {
    const converted = this.toPython(value);
    this.validate(converted);
    this.runValidators(converted);
    return converted;
  }

  /** Attributes the field adds to its widget (`maxlength`, `min`…). */
  widgetAttrs(_widget: Widget): Attrs {
    return {};
  }

  /** The value a widget shows for a JS value (ModelChoiceField: a pk). */
  prepareValue(value: unknown): unknown {
    return value;
  }

  /** Whether submitted `data` differs from `initial` (compared as the widget shows them). */
  hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    let converted: unknown;
    try {
      converted = this.toPython(data);
    } catch {
      return true;
    }
    const shown = (v: unknown) => this.widget.formatValue(this.prepareValue(v)) ?? "";
    return shown(initial) !== shown(converted);
  }
}

/** Options of {@link CharField}. */
export interface CharFieldOptions extends FieldOptions {
  maxLength?: number;
  minLength?: number;
  /** Trim surrounding whitespace (default true). */
  strip?: boolean;
  /** What empty input becomes (default ""; ModelForm uses null for `null: true` columns). */
  emptyValue?: unknown;
}

const plural = (n: number) => (n === 1 ? "" : "s");

/**
 * Text, optionally bounded: "Ensure this value has at most N characters (it has M)."
 *
 * @example
 * static fields = { questionText: new CharField({ maxLength: 200 }) };
 */
export class CharField extends Field {
  maxLength: number | undefined;
  minLength: number | undefined;
  strip: boolean;
  constructor(options: CharFieldOptions = {}) {
    super(options);
    this.maxLength = options.maxLength;
    this.minLength = options.minLength;
    this.strip = options.strip ?? true;
    this.emptyValue = "emptyValue" in options ? options.emptyValue : "";
  }
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined) return this.emptyValue;
    let text = String(value);
    if (this.strip) text = text.trim();
    return text === "" ? this.emptyValue : text;
  }
  override validate(value: unknown): void {
    super.validate(value);
    if (typeof value !== "string" || value === "") return;
    const length = [...value].length;
    if (this.maxLength !== undefined && length > this.maxLength) {
      throw new ValidationError(
        `Ensure this value has at most ${this.maxLength} character${plural(this.maxLength)} (it has ${length}).`,
        { code: "max_length", params: { limitValue: this.maxLength, showValue: length } },
      );
    }
    if (this.minLength !== undefined && length < this.minLength) {
      throw new ValidationError(
        `Ensure this value has at least ${this.minLength} character${plural(this.minLength)} (it has ${length}).`,
        { code: "min_length", params: { limitValue: this.minLength, showValue: length } },
      );
    }
  }
  override widgetAttrs(widget: Widget): Attrs {
    if (widget.isHidden) return {};
    const attrs: Attrs = {};
    if (this.maxLength !== undefined) attrs.maxlength = String(this.maxLength);
    if (this.minLength !== undefined) attrs.minlength = String(this.minLength);
    return attrs;
  }
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

/**
 * An e-mail address: "Enter a valid email address." (`<input type="email">`).
 *
 * @example
 * static fields = { email: new EmailField({ required: false }) };
 */
export class EmailField extends CharField {
  protected override defaultWidget(): Widget {
    return new EmailInput();
  }
  protected override defaultMessages(): Record<string, string> {
    return { invalid: "Enter a valid email address." };
  }
  override validate(value: unknown): void {
    super.validate(value);
    if (typeof value === "string" && value !== "" && !EMAIL.test(value))
      throw this.error("invalid");
  }
}

/** Options of {@link IntegerField}. */
export interface IntegerFieldOptions extends FieldOptions {
  minValue?: number;
  maxValue?: number;
}

/**
 * A whole number: "Enter a whole number." (`<input type="number">`).
 *
 * @example
 * static fields = { votes: new IntegerField({ minValue: 0 }) };
 */
export class IntegerField extends Field {
  minValue: number | undefined;
  maxValue: number | undefined;
  constructor(options: IntegerFieldOptions = {}) {
    super(options);
    this.minValue = options.minValue;
    this.maxValue = options.maxValue;
  }
  protected override defaultWidget(): Widget {
    return new NumberInput();
  }
  protected override defaultMessages(): Record<string, string> {
    return {
      invalid: "Enter a whole number.",
      min_value: "Ensure this value is greater than or equal to %(limitValue)s.",
      max_value: "Ensure this value is less than or equal to %(limitValue)s.",
    };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    if (typeof value === "number" && Number.isSafeInteger(value)) return value;
    const text = String(value).trim();
    // Django accepts "3.0" (an integral float) but not "3.5".
    if (!/^[+-]?\d+(\.0*)?$/.test(text)) throw this.error("invalid");
    const number = Number(text);
    if (!Number.isSafeInteger(number)) throw this.error("invalid");
    return number;
  }
  override validate(value: unknown): void {
    super.validate(value);
    if (typeof value !== "number") return;
    if (this.minValue !== undefined && value < this.minValue) {
      throw this.error("min_value", { limitValue: this.minValue });
    }
    if (this.maxValue !== undefined && value > this.maxValue) {
      throw this.error("max_value", { limitValue: this.maxValue });
    }
  }
  override widgetAttrs(widget: Widget): Attrs {
    if (!(widget instanceof NumberInput)) return {};
    return { min: this.minValue, max: this.maxValue };
  }
}

/**
 * A decimal number: "Enter a number."
 *
 * @example
 * static fields = { rating: new FloatField({ required: false }) };
 */
export class FloatField extends IntegerField {
  protected override defaultMessages(): Record<string, string> {
    return { ...super.defaultMessages(), invalid: "Enter a number." };
  }
  override toPython(value: unknown): unknown {
    if (isEmptyValue(value)) return null;
    const number = typeof value === "number" ? value : Number(String(value).trim());
    if (typeof value === "boolean" || !Number.isFinite(number)) throw this.error("invalid");
    return number;
  }
}

/**
 * true/false from a checkbox. `required` (the default) means it must be checked; forms for
 * optional flags pass `required: false`.
 *
 * @example
 * static fields = { agree: new BooleanField(), subscribe: new BooleanField({ required: false }) };
 */
export class BooleanField extends Field {
  protected override defaultWidget(): Widget {
    return new CheckboxInput();
  }
  override toPython(value: unknown): unknown {
    if (typeof value === "string" && ["false", "False", "0", "off", ""].includes(value))
      return false;
    return Boolean(value);
  }
  override validate(value: unknown): void {
    if (!value && this.required) throw this.error("required");
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    return this.toPython(initial) !== this.toPython(data);
  }
}
