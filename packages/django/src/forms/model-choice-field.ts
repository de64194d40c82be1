// ModelChoiceField: a <select> over a QuerySet. Choices come from the database, so they are
// loaded asynchronously (`loadChoices()`, called by `form.prepare()` and `form.isValid()`)
// before the form renders.
import type { Model, QuerySet } from "../db/index.ts";
import { FormError } from "./errors.ts";
import { Field, type FieldOptions } from "./fields.ts";
import { isEmptyValue } from "./utils.ts";
import { Select, type SelectChoice, type Widget } from "./widgets.ts";

/** Options of {@link ModelChoiceField}. */
export interface ModelChoiceFieldOptions extends FieldOptions {
  /** The label of the empty option (default "---------"; null for none). */
  emptyLabel?: string | null;
  /** How an object is labelled (default `String(object)`). */
  labelFromInstance?: (object: Model) => string;
}

/**
 * One object of `queryset`, submitted as its primary key; cleans to the model instance.
 * "Select a valid choice. That choice is not one of the available choices."
 *
 * @example
 * static fields = { question: new ModelChoiceField(Question.objects.all()) };
 * await form.prepare(); // loads the <option>s before rendering
 */
export class ModelChoiceField extends Field {
  queryset: QuerySet<Model>;
  emptyLabel: string | null;
  labelFromInstance: (object: Model) => string;
  private loaded: SelectChoice[] | undefined;

  constructor(queryset: QuerySet<Model>, options: ModelChoiceFieldOptions = {}) {
    super(options);
    this.queryset = queryset;
    this.emptyLabel = options.emptyLabel === undefined ? "---------" : options.emptyLabel;
    this.labelFromInstance = options.labelFromInstance ?? ((object) => String(object));
  }
  protected override defaultWidget(): Widget {
    return new Select();
  }
  protected override defaultMessages(): Record<string, string> {
    return {
      invalid_choice: "Select a valid choice. That choice is not one of the available choices.",
    };
  }
  override clone(): this {
    const copy = super.clone();
    copy.loaded = undefined;
    return copy;
  }

  /** Queries the objects for the `<option>`s (call again after changing `queryset`). */
  async loadChoices(): Promise<readonly SelectChoice[]> {
    const objects = await this.queryset.all();
    const choices: SelectChoice[] = objects.map((o) => [o.pk, this.labelFromInstance(o)]);
    if (this.emptyLabel !== null) choices.unshift(["", this.emptyLabel]);
    this.loaded = choices;
    if (this.widget instanceof Select) this.widget.choices = choices;
    return choices;
  }

  /** Whether `loadChoices()` has run (rendering needs it). */
  get choicesLoaded(): boolean {
    return this.loaded !== undefined || !(this.widget instanceof Select);
  }

  /** The loaded choices; throws a FormError naming the fix when they are not loaded yet. */
  get choices(): readonly SelectChoice[] {
    if (!this.loaded) {
      throw new FormError(
        "DJANGO_E_FORMS_NOT_PREPARED",
        "ModelChoiceField choices are not loaded: call `await form.prepare()` (or `isValid()`) before rendering the form",
      );
    }
    return this.loaded;
  }

  override prepareValue(value: unknown): unknown {
    if (value !== null && typeof value === "object" && "pk" in value) return (value as Model).pk;
    return value;
  }

  override toPython(value: unknown): unknown {
    return isEmptyValue(value) ? null : this.prepareValue(value);
  }

  override async clean(value: unknown): Promise<unknown> {
    const key = this.toPython(value);
    this.validate(key);
    if (key === null) return null;
    if (typeof key === "string" && !/^\s*[+-]?\d+\s*$/.test(key)) {
      // Non-numeric keys cannot match an integer pk; the ORM would raise a different error.
      const pkField = this.queryset.model.getMeta().pk;
      if (pkField.internalType.endsWith("AutoField") || pkField.internalType === "IntegerField") {
        throw this.error("invalid_choice", { value: key });
      }
    }
    let object: Model | undefined;
    try {
      object = await this.queryset.filter({ pk: key }).first();
    } catch {
      object = undefined;
    }
    if (!object) throw this.error("invalid_choice", { value: key });
    this.runValidators(object);
    return object;
  }

  override hasChanged(initial: unknown, data: unknown): boolean {
    if (this.disabled) return false;
    const text = (v: unknown) => {
      const key = this.prepareValue(v);
      return key === null || key === undefined ? "" : String(key);
    };
    return text(initial) !== text(data);
  }
}

/** True for fields whose choices come from the database. */
export function needsChoices(field: Field): field is ModelChoiceField {
  return field instanceof ModelChoiceField;
}
