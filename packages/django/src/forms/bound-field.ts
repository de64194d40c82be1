// BoundField: a field together with its form's data — what `{{ form.questionText }}` is.
import { SafeString, escapeHtml } from "../template/index.ts";
import { ErrorList, FormError } from "./errors.ts";
import type { Field } from "./fields.ts";
import type { BaseForm } from "./form.ts";
import { ModelChoiceField } from "./model-choice-field.ts";
import { flatAttrs, prettyName, type Attrs } from "./utils.ts";
import type { Widget } from "./widgets.ts";

/**
 * One field of one form: its HTML name (with prefix), id, label, errors and current value.
 * Renders as its widget (`String(boundField)` / `{{ form.name }}`).
 *
 * @example
 * const bf = form.get("questionText");
 * bf.labelTag(); // <label for="id_questionText">Question text:</label>
 * String(bf); // <input type="text" name="questionText" maxlength="200" required id="id_questionText">
 */
export class BoundField extends SafeString {
  readonly form: BaseForm;
  readonly field: Field;
  readonly name: string;
  readonly htmlName: string;

  constructor(form: BaseForm, field: Field, name: string) {
    super("");
    this.form = form;
    this.field = field;
    this.name = name;
    this.htmlName = form.addPrefix(name);
    // The markup depends on the form's state (data, errors, loaded choices), so `value` (what
    // templates insert for a SafeString) is computed on each read instead of fixed at birth.
    Object.defineProperty(this, "value", {
      get: () => this.asWidget().value,
      enumerable: false,
      configurable: true,
    });
  }

  /** The label text. */
  get label(): string {
    return this.field.label ?? prettyName(this.name);
  }
  get helpText(): string {
    return this.field.helpText;
  }
  get isHidden(): boolean {
    return this.field.widget.isHidden;
  }
  /** The id attribute (`id_<prefixed name>`), "" when the form has `autoId: false`. */
  get autoId(): string {
    return this.form.autoId ? this.form.autoId.replace("%s", this.htmlName) : "";
  }
  /** What `<label for>` points at. */
  get idForLabel(): string {
    const id = this.field.widget.attrs.id;
    return typeof id === "string" ? id : this.autoId;
  }
  /** This field's errors (empty before validation and for unbound forms). */
  get errors(): ErrorList {
    return new ErrorList(this.form.errors.get(this.name)?.messages ?? []);
  }
  /** The raw submitted value (the widget's reading of the data). */
  get data(): unknown {
    return this.field.widget.valueFromData(this.form.dataAccessor, this.htmlName);
  }
  /** The initial value (form `initial`, then the field's `initial`). */
  get initial(): unknown {
    return this.form.getInitialForField(this.field, this.name);
  }
  /** The value the widget shows: submitted data when bound, the initial value otherwise. */
  get currentValue(): unknown {
    const value = !this.form.isBound || this.field.disabled ? this.initial : this.data;
    return this.field.prepareValue(value);
  }

  /** `<label for="…">Label:</label>` (Django's `label_tag`); `contents` replaces the text. */
  labelTag(contents?: string, attrs: Attrs = {}): SafeString {
    const suffix = this.form.labelSuffix;
    const text =
      escapeHtml(contents ?? this.label) + (suffix && !/[:?.!]$/.test(this.label) ? suffix : "");
    const id = this.idForLabel;
    const forAttr = id ? ` for="${escapeHtml(id)}"` : "";
    return new SafeString(`<label${forAttr}${flatAttrs(attrs)}>${text}</label>`);
  }

  /** Renders the field with `widget` (default: its own), adding `attrs`. */
  asWidget(widget: Widget = this.field.widget, attrs: Attrs = {}): SafeString {
    if (this.field instanceof ModelChoiceField && !this.field.choicesLoaded) {
      throw new FormError(
        "DJANGO_E_FORMS_NOT_PREPARED",
        `Field "${this.name}" is a ModelChoiceField whose choices are not loaded: call \`await form.prepare()\` before rendering`,
      );
    }
    const all: Attrs = { ...this.field.widgetAttrs(widget), ...attrs };
    if (widget.useRequiredAttribute() && this.field.required && this.form.useRequiredAttribute) {
      all.required = true;
    }
    if (this.field.disabled) all.disabled = true;
    if (!widget.isHidden && this.form.isBound && this.form.errors.has(this.name)) {
      all["aria-invalid"] = "true";
    }
    if (this.autoId && !("id" in widget.attrs)) all.id ??= this.autoId;
    return new SafeString(widget.render(this.htmlName, this.currentValue, all));
  }
  /** `<input type="hidden">` with the current value. */
  asHidden(attrs: Attrs = {}): SafeString {
    return new SafeString(
      `<input type="hidden" name="${escapeHtml(this.htmlName)}"${flatAttrs({
        value: this.field.widget.formatValue(this.currentValue),
        ...attrs,
        id: this.autoId || undefined,
      })}>`,
    );
  }
}
