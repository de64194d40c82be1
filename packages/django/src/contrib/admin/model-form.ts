// The admin's form for one model instance: a ModelForm from `@tsgi/django/forms` (built with
// `modelformFactory` for the admin's fields), seen through the small view the admin's
// templates use. Inline rows use the same class with a prefix (`choiceSet-0-choiceText`).
import type { Model, ModelClass } from "../../db/index.ts";
import {
  CheckboxInput,
  modelformFactory,
  type BaseModelForm,
  type FormInput,
} from "../../forms/index.ts";
import type { SafeString } from "../../template/index.ts";
import { capfirst, metaOf } from "./_util.ts";

/** What a form reads submitted values from (`request.POST`). */
export interface FormData {
  get(key: string): string | undefined;
  has(key: string): boolean;
}

/** One field of a form, ready for a template. */
export interface BoundField {
  name: string;
  label: string;
  /** The widget's HTML id (for `<label for>`). */
  id: string;
  widget: SafeString;
  errors: string[];
  required: boolean;
  helpText: string;
  isCheckbox: boolean;
}

// One ModelForm class per model and field list, as Django's ModelAdmin.get_form builds it.
const formClasses = new WeakMap<ModelClass, Map<string, typeof BaseModelForm>>();

function formClassFor(model: ModelClass, fieldNames: readonly string[]): typeof BaseModelForm {
  let byFields = formClasses.get(model);
  if (byFields === undefined) formClasses.set(model, (byFields = new Map()));
  const key = fieldNames.join("\0");
  let formClass = byFields.get(key);
  if (formClass === undefined) {
    formClass = modelformFactory(model, { fields: [...fieldNames] }) as typeof BaseModelForm;
    byFields.set(key, formClass);
  }
  return formClass;
}

/**
 * A model form for the admin: `new AdminModelForm(Question, ["questionText", "pubDate"],
 * { data, instance, prefix })`; `await form.isValid()`, `form.errors`, `await form.save()`.
 * Extra inline rows (`emptyPermitted`) that nobody filled in are valid and never saved.
 *
 * @example
 * const form = new AdminModelForm(Question, ["questionText", "pubDate"], { data: request.POST });
 * if (await form.isValid()) await form.save();
 */
export class AdminModelForm {
  readonly form: BaseModelForm;

  constructor(
    readonly model: ModelClass,
    readonly fieldNames: readonly string[],
    readonly options: {
      data?: FormData;
      instance?: Model;
      prefix?: string;
      /** An extra row of a formset: may stay empty (Django's `empty_permitted`). */
      emptyPermitted?: boolean;
    } = {},
  ) {
    for (const name of fieldNames) {
      if (metaOf(model).getField(name) === undefined) {
        throw new TypeError(
          `the admin form of ${model.name} names "${name}", which is not a field`,
        );
      }
    }
    const FormClass = formClassFor(model, fieldNames);
    this.form = new FormClass((options.data ?? null) as FormInput | null, {
      ...(options.instance === undefined ? {} : { instance: options.instance }),
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.emptyPermitted ? { emptyPermitted: true } : {}),
      // Inline rows may be left empty, so the browser must not insist on them.
      useRequiredAttribute: options.prefix === undefined,
    });
  }

  /** The instance being added or changed. */
  get instance(): Model {
    return this.form.instance;
  }

  get isBound(): boolean {
    return this.form.isBound;
  }

  /** Loads what the widgets need from the database (ForeignKey choices). */
  async prepare(): Promise<void> {
    await this.form.prepare();
  }

  /** The fields for a template, in order. */
  get fields(): BoundField[] {
    return this.fieldNames.map((name) => {
      const bound = this.form.get(name);
      return {
        name,
        label: capfirst(bound.label),
        id: bound.idForLabel,
        widget: bound.asWidget(),
        errors: [...bound.errors.messages],
        required: bound.field.required,
        helpText: bound.helpText,
        isCheckbox: bound.field.widget instanceof CheckboxInput,
      };
    });
  }

  /** Field name → messages (`__all__` for the form's own errors); empty before validation. */
  get errors(): Record<string, string[]> {
    return this.form.isBound ? this.form.errors.asData() : {};
  }

  /** Errors that belong to no field. */
  get nonFieldErrors(): string[] {
    return [...this.form.nonFieldErrors().messages];
  }

  /** Whether the submitted data differs from the initial values (blank extra rows don't). */
  hasChanged(): boolean {
    return this.form.isBound && this.form.hasChanged();
  }

  /** Validates the fields, their hooks and the model (`fullClean`, unique checks). */
  isValid(): Promise<boolean> {
    return this.form.isValid();
  }

  /** Saves the validated instance. */
  save(): Promise<Model> {
    return this.form.save();
  }
}
