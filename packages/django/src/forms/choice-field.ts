// ChoiceField: one value out of fixed choices, rendered as a <select>.
import { Field, type FieldOptions } from "./fields.ts";
import { isEmptyValue } from "./utils.ts";
import { Select, type SelectChoice } from "./widgets.ts";

/** Options of {@link ChoiceField}. */
export interface ChoiceFieldOptions extends FieldOptions {
  choices: readonly SelectChoice[];
  /** Converts the submitted string (TypedChoiceField's `coerce`), e.g. `Number`. */
  coerce?: (value: string) => unknown;
  /** What empty input cleans to (default ""; ModelForm uses null for nullable columns). */
  emptyValue?: unknown;
}

/**
 * One of `choices` (`[value, label]` pairs), as a `<select>`:
 * "Select a valid choice. X is not one of the available choices."
 *
 * @example
 * static fields = { size: new ChoiceField({ choices: [["s", "Small"], ["l", "Large"]] }) };
 */
export class ChoiceField extends Field {
  private choiceList: readonly SelectChoice[] = [];
  coerce: ((value: string) => unknown) | undefined;
  constructor(options: ChoiceFieldOptions) {
    super({ ...options, widget: options.widget ?? new Select() });
    this.coerce = options.coerce;
    this.choices = options.choices;
    this.emptyValue = "emptyValue" in options ? options.emptyValue : "";
  }
  protected override defaultMessages(): Record<string, string> {
    return {
      invalid_choice: "Select a valid choice. %(value)s is not one of the available choices.",
    };
  }
  get choices(): readonly SelectChoice[] {
    return this.choiceList;
  }
  /** Setting choices also updates the Select widget. */
  set choices(choices: readonly SelectChoice[]) {
    this.choiceList = [...choices];
    if (this.widget instanceof Select) this.widget.choices = this.choiceList;
  }
  override clone(): this {
    const copy = super.clone();
    copy.choices = this.choiceList;
    return copy;
  }
  override toPython(value: unknown): unknown {
    return isEmptyValue(value) ? "" : String(value);
  }
  override validate(value: unknown): void {
    super.validate(value);
    if (value !== "" && !this.choiceList.some(([choice]) => String(choice) === value)) {
      throw this.error("invalid_choice", { value });
    }
  }
  override async clean(value: unknown): Promise<unknown> {
    const text = await super.clean(value);
    if (text === "") return this.emptyValue;
    return this.coerce ? this.coerce(text as string) : text;
  }
  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
    return text(initial) !== text(data);
  }
}
