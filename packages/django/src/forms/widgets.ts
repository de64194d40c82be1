// Widgets: how a field renders as HTML and reads its value back from submitted data
// (Django's django.forms.widgets, markup as Django 5 renders it).
import { escapeHtml } from "../template/index.ts";
import type { DataAccessor } from "./data.ts";
import { flatAttrs, formatDateTime, type Attrs } from "./utils.ts";

/** One `[value, label]` option of a Select. */
export type SelectChoice = readonly [unknown, string];

/** Options every widget takes. */
export interface WidgetOptions {
  /** Extra HTML attributes (`{ class: "wide", placeholder: "…" }`). */
  attrs?: Attrs;
}

/**
 * Base of all widgets: `render(name, value, attrs)` returns HTML; `valueFromData` reads the
 * submitted value.
 *
 * @example
 * class ColorInput extends Input { override inputType = "color"; }
 */
export abstract class Widget {
  attrs: Attrs;
  /** True for widgets that render no visible control (HiddenInput). */
  readonly isHidden: boolean = false;
  constructor(options: WidgetOptions = {}) {
    this.attrs = { ...(options.attrs ?? {}) };
  }
  /** A copy, so forms can change attrs per instance. */
  clone(): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.attrs = { ...this.attrs };
    return copy;
  }
  /** Whether to emit `required` (CheckboxInput/Select override). */
  useRequiredAttribute(): boolean {
    return !this.isHidden;
  }
  /** The value as the widget shows it (dates formatted, null → undefined). */
  formatValue(value: unknown): string | undefined {
    if (value === null || value === undefined || value === "") return undefined;
    if (value instanceof Date) return formatDateTime(value);
    return String(value);
  }
  /** The submitted value for `name` (undefined when absent). */
  valueFromData(data: DataAccessor, name: string): unknown {
    return data.get(name);
  }
  /** True when the data does not mention the field at all (used by ModelForm for defaults). */
  valueOmittedFromData(data: DataAccessor, name: string): boolean {
    return !data.has(name);
  }
  /** The HTML for the widget; `attrs` are added after the widget's own. */
  abstract render(name: string, value: unknown, attrs?: Attrs): string;
}

/**
 * An `<input>` of some type.
 *
 * @example
 * new TextInput({ attrs: { size: 10 } }).render("q", "hi"); // '<input type="text" name="q" value="hi" size="10">'
 */
export abstract class Input extends Widget {
  abstract readonly inputType: string;
  render(name: string, value: unknown, attrs: Attrs = {}): string {
    const shown = this.formatValue(value);
    const valueAttr = shown === undefined ? "" : ` value="${escapeHtml(shown)}"`;
    return `<input type="${this.inputType}" name="${escapeHtml(name)}"${valueAttr}${flatAttrs({ ...this.attrs, ...attrs })}>`;
  }
}

/**
 * `<input type="text">`, CharField's widget.
 *
 * @example
 * new CharField({ widget: new TextInput({ attrs: { placeholder: "Name" } }) });
 */
export class TextInput extends Input {
  readonly inputType: string = "text";
}

/**
 * `<input type="number">`, IntegerField's widget.
 *
 * @example
 * new IntegerField({ widget: new NumberInput({ attrs: { step: 5 } }) });
 */
export class NumberInput extends Input {
  readonly inputType: string = "number";
}

/**
 * `<input type="email">`, EmailField's widget.
 *
 * @example
 * new EmailField({ widget: new EmailInput() });
 */
export class EmailInput extends Input {
  readonly inputType: string = "email";
}

/**
 * `<input type="password">`; the value is not rendered back unless `renderValue: true`.
 *
 * @example
 * new CharField({ widget: new PasswordInput() });
 */
export class PasswordInput extends Input {
  readonly inputType: string = "password";
  readonly renderValue: boolean;
  constructor(options: WidgetOptions & { renderValue?: boolean } = {}) {
    super(options);
    this.renderValue = options.renderValue ?? false;
  }
  override render(name: string, value: unknown, attrs: Attrs = {}): string {
    return super.render(name, this.renderValue ? value : undefined, attrs);
  }
}

/**
 * `<input type="hidden">`.
 *
 * @example
 * new IntegerField({ widget: new HiddenInput() });
 */
export class HiddenInput extends Input {
  readonly inputType: string = "hidden";
  override readonly isHidden: boolean = true;
}

/**
 * `<input type="text">` showing a date-time as `YYYY-MM-DD HH:MM:SS` (UTC).
 *
 * @example
 * new DateTimeField({ widget: new DateTimeInput() });
 */
export class DateTimeInput extends Input {
  readonly inputType: string = "text";
}

/**
 * `<input type="text">` showing a date as `YYYY-MM-DD` (UTC).
 *
 * @example
 * new DateField({ widget: new DateInput() });
 */
export class DateInput extends Input {
  readonly inputType: string = "text";
  override formatValue(value: unknown): string | undefined {
    if (value instanceof Date) return formatDateTime(value).slice(0, 10);
    return super.formatValue(value);
  }
}

/**
 * `<textarea>` (40 columns, 10 rows by default, as Django).
 *
 * @example
 * new CharField({ widget: new Textarea({ attrs: { rows: 3 } }) });
 */
export class Textarea extends Widget {
  constructor(options: WidgetOptions = {}) {
    super({ attrs: { cols: "40", rows: "10", ...(options.attrs ?? {}) } });
  }
  render(name: string, value: unknown, attrs: Attrs = {}): string {
    const shown = this.formatValue(value) ?? "";
    return `<textarea name="${escapeHtml(name)}"${flatAttrs({ ...this.attrs, ...attrs })}>\n${escapeHtml(shown)}</textarea>`;
  }
}

const TRUE_STRINGS = new Set(["true", "True", "on", "1"]);
const FALSE_STRINGS = new Set(["false", "False", "off", "0", ""]);

/**
 * `<input type="checkbox">`; checked when the value is true. A missing key reads as false
 * (browsers do not submit unchecked boxes).
 *
 * @example
 * new BooleanField({ widget: new CheckboxInput() });
 */
export class CheckboxInput extends Widget {
  override useRequiredAttribute(): boolean {
    return true;
  }
  override formatValue(value: unknown): string | undefined {
    if (
      value === true ||
      value === false ||
      value === null ||
      value === undefined ||
      value === ""
    ) {
      return undefined;
    }
    return String(value);
  }
  render(name: string, value: unknown, attrs: Attrs = {}): string {
    const checked =
      value === true || (typeof value === "string" && TRUE_STRINGS.has(value)) || value === 1;
    const shown = this.formatValue(value);
    const valueAttr = shown === undefined || checked ? "" : ` value="${escapeHtml(shown)}"`;
    return `<input type="checkbox" name="${escapeHtml(name)}"${valueAttr}${flatAttrs({ ...this.attrs, ...attrs, checked })}>`;
  }
  override valueFromData(data: DataAccessor, name: string): unknown {
    if (!data.has(name)) return false;
    const value = data.get(name);
    if (typeof value === "string") {
      if (TRUE_STRINGS.has(value)) return true;
      if (FALSE_STRINGS.has(value)) return false;
    }
    return Boolean(value);
  }
  override valueOmittedFromData(): boolean {
    // An unchecked box is never in the data, so its absence means false, not "omitted".
    return false;
  }
}

/**
 * `<select>` with `choices`; fields set the choices (ChoiceField, ModelChoiceField).
 *
 * @example
 * new ChoiceField({ choices: [["s", "Small"]], widget: new Select({ attrs: { class: "size" } }) });
 */
export class Select extends Widget {
  choices: readonly SelectChoice[];
  constructor(options: WidgetOptions & { choices?: readonly SelectChoice[] } = {}) {
    super(options);
    this.choices = options.choices ?? [];
  }
  override useRequiredAttribute(): boolean {
    // Django: `required` on a <select> only makes sense when the first option is a placeholder.
    const first = this.choices[0];
    return first !== undefined && (first[0] === "" || first[0] === null);
  }
  render(name: string, value: unknown, attrs: Attrs = {}): string {
    const selected = value === null || value === undefined ? "" : String(value);
    const options = this.choices.map(([optionValue, label]) => {
      const text = optionValue === null || optionValue === undefined ? "" : String(optionValue);
      const isSelected = text === selected ? " selected" : "";
      return `  <option value="${escapeHtml(text)}"${isSelected}>${escapeHtml(label)}</option>`;
    });
    return `<select name="${escapeHtml(name)}"${flatAttrs({ ...this.attrs, ...attrs })}>\n${options.join("\n")}\n</select>`;
  }
}
