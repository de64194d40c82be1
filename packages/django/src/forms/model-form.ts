// ModelForm: a form whose fields come from a model's fields, which validates by reusing the
// model's own validation (fullClean without re-checking what the form checked, then the
// unique checks) and saves the instance.
import {
  BooleanField as DbBooleanField,
  CharField as DbCharField,
  DateField as DbDateField,
  DateTimeField as DbDateTimeField,
  EmailField as DbEmailField,
  FloatField as DbFloatField,
  ForeignKey,
  IntegerField as DbIntegerField,
  TextField as DbTextField,
  type Field as DbField,
  type Model,
  type ModelClass,
} from "../db/index.ts";
import { FormError } from "./errors.ts";
import { ChoiceField } from "./choice-field.ts";
import { DateField, DateTimeField } from "./date-fields.ts";
import {
  BooleanField,
  CharField,
  EmailField,
  FloatField,
  IntegerField,
  type Field,
  type FieldOptions,
} from "./fields.ts";
import { BaseForm, type FormOptions } from "./form.ts";
import type { FormInput } from "./data.ts";
import { ModelChoiceField } from "./model-choice-field.ts";
import { capfirst, prettyName } from "./utils.ts";
import { Textarea, type Widget } from "./widgets.ts";

/**
 * `static meta` of a ModelForm (Django's `class Meta`).
 *
 * @example
 * static override meta: ModelFormMeta = { model: Choice, fields: "__all__", labels: { votes: "Count" } };
 */
export interface ModelFormMeta {
  model: ModelClass;
  /** Field names to include, or `"__all__"`; give this or `exclude`. */
  fields?: readonly string[] | "__all__";
  exclude?: readonly string[];
  widgets?: Record<string, Widget>;
  labels?: Record<string, string>;
  helpTexts?: Record<string, string>;
  errorMessages?: Record<string, Record<string, string>>;
}

/**
 * The form field Django would build for a model field, or undefined for non-editable ones
 * (AutoField, auto timestamps). Throws FormError for a field type forms do not know.
 *
 * @example
 * formfieldFor(Question.getMeta().getField("questionText")!); // CharField({ maxLength: 200 })
 */
export function formfieldFor(
  dbField: DbField,
  overrides: {
    widget?: Widget;
    label?: string;
    helpText?: string;
    errorMessages?: Record<string, string>;
  } = {},
): Field | undefined {
  if (!dbField.editable || dbField.isAuto) return undefined;
  const options: FieldOptions = {
    required: !dbField.blank,
    label: overrides.label ?? capfirst(dbField.verboseName ?? prettyName(dbField.name)),
    helpText: overrides.helpText ?? dbField.helpText,
    widget: overrides.widget,
    errorMessages: overrides.errorMessages,
  };
  if (dbField.hasDefault()) options.initial = () => dbField.getDefault();
  const emptyValue = dbField.null ? null : "";
  if (dbField.choices !== undefined) {
    const includeBlank = dbField.blank || !dbField.hasDefault();
    const choices = dbField.choices.map(([value, label]) => [value, label] as const);
    return new ChoiceField({
      ...options,
      choices: includeBlank ? [["", "---------"], ...choices] : choices,
      coerce: (value) => dbField.toPython(value),
      emptyValue: dbField.null ? null : dbField.internalType.endsWith("CharField") ? "" : null,
    });
  }
  if (dbField instanceof ForeignKey) {
    const related = dbField.relatedModel();
    return new ModelChoiceField(related.objects.all(), options);
  }
  if (dbField instanceof DbEmailField) {
    return new EmailField({ ...options, maxLength: dbField.maxLength, emptyValue });
  }
  if (dbField instanceof DbCharField) {
    return new CharField({ ...options, maxLength: dbField.maxLength, emptyValue });
  }
  if (dbField instanceof DbTextField) {
    return new CharField({ ...options, widget: options.widget ?? new Textarea(), emptyValue });
  }
  if (dbField instanceof DbBooleanField) {
    // Django: a checkbox cannot express "required", so model booleans are optional in forms.
    return new BooleanField({ ...options, required: false });
  }
  if (dbField instanceof DbFloatField) return new FloatField(options);
  if (dbField instanceof DbIntegerField) return new IntegerField(options);
  if (dbField instanceof DbDateTimeField) return new DateTimeField(options);
  if (dbField instanceof DbDateField) return new DateField(options);
  throw new FormError(
    "DJANGO_E_FORMS_CONFIG",
    `No form field for model field "${dbField.name}" (${dbField.constructor.name}); declare it in the form's static fields`,
  );
}

/**
 * The form fields for a model's fields, honouring `fields`/`exclude` and the per-field
 * overrides of {@link ModelFormMeta}.
 *
 * @example
 * Object.keys(fieldsForModel({ model: Choice, fields: ["choiceText", "votes"] })); // ["choiceText", "votes"]
 */
export function fieldsForModel(meta: ModelFormMeta): Record<string, Field> {
  const modelMeta = meta.model.getMeta();
  const names =
    meta.fields === undefined || meta.fields === "__all__"
      ? modelMeta.fields.map((f) => f.name)
      : [...meta.fields];
  const fields: Record<string, Field> = {};
  for (const name of names) {
    if (meta.exclude?.includes(name)) continue;
    const dbField = modelMeta.getField(name);
    if (!dbField) {
      if (Array.isArray(meta.fields)) {
        throw new FormError(
          "DJANGO_E_FORMS_UNKNOWN_FIELD",
          `Unknown field (${name}) specified for ${meta.model.name}`,
        );
      }
      continue;
    }
    const field = formfieldFor(dbField, {
      widget: meta.widgets?.[name],
      label: meta.labels?.[name],
      helpText: meta.helpTexts?.[name],
      errorMessages: meta.errorMessages?.[name],
    });
    if (field) fields[name] = field;
  }
  return fields;
}

/**
 * A model instance's values for the form's initial data (foreign keys as their key).
 *
 * @example
 * modelToDict(choice, ["question", "choiceText"]); // { question: 1, choiceText: "Not much" }
 */
export function modelToDict(instance: Model, names: readonly string[]): Record<string, unknown> {
  const meta = (instance.constructor as ModelClass).getMeta();
  const record = instance as unknown as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const field = meta.getField(name);
    if (field) values[name] = record[field.attname];
  }
  return values;
}

const fieldCache = new WeakMap<typeof BaseModelForm, Record<string, Field>>();

/**
 * The machinery of {@link ModelForm} (factories and the admin build on it).
 *
 * @example
 * function isModelForm(form: BaseForm): form is BaseModelForm { return form instanceof BaseModelForm; }
 */
export class BaseModelForm<M extends Model = Model> extends BaseForm {
  /** Which model and fields (required on every ModelForm class). */
  static meta: ModelFormMeta | undefined;

  /** The model's fields (per `meta`) then the class's declared `static fields`. */
  static override baseFields(): Record<string, Field> {
    let cached = fieldCache.get(this);
    if (!cached) {
      const meta = this.meta;
      if (!meta?.model) {
        throw new FormError(
          "DJANGO_E_FORMS_CONFIG",
          `${this.name} needs static meta = { model, fields }`,
        );
      }
      if (meta.fields === undefined && meta.exclude === undefined) {
        throw new FormError(
          "DJANGO_E_FORMS_CONFIG",
          `Creating a ModelForm without either meta.fields or meta.exclude is prohibited; ${this.name} needs one`,
        );
      }
      cached = { ...fieldsForModel(meta), ...super.baseFields() };
      fieldCache.set(this, cached);
    }
    return cached;
  }

  /** The instance being created or edited (a new one when none is given). */
  instance: M;

  constructor(data?: FormInput | null, options: FormOptions = {}) {
    const ctor = new.target as unknown as typeof BaseModelForm;
    const model = ctor.meta?.model;
    const instance = (options.instance ?? (model ? new model() : undefined)) as M | undefined;
    const names = model ? model.getMeta().fields.map((f) => f.name) : [];
    const objectData = options.instance ? modelToDict(options.instance, names) : {};
    super(data, { ...options, initial: { ...objectData, ...(options.initial ?? {}) } });
    if (!instance)
      throw new FormError("DJANGO_E_FORMS_CONFIG", `${ctor.name} needs static meta.model`);
    this.instance = instance;
  }

  private get modelMeta() {
    return (this.constructor as typeof BaseModelForm).meta!;
  }

  /** Model field names the form does not validate (not in the form, or already in error). */
  private validationExclude(): string[] {
    const meta = this.instance.constructor as ModelClass;
    const exclude: string[] = [];
    for (const field of meta.getMeta().fields) {
      const name = field.name;
      const formField = this.fields[name];
      if (!formField || this.hasError(name)) exclude.push(name);
      // Django: an optional form field left empty over a required model field is excluded, so
      // the model does not raise "cannot be blank" for a field the form chose to make optional.
      else if (!formField.required && !field.blank && field.isEmpty(this.cleanedData[name])) {
        exclude.push(name);
      }
    }
    return exclude;
  }

  /** Copies the cleaned values onto the instance (Django's `construct_instance`). */
  private constructInstance(): void {
    const meta = (this.instance.constructor as ModelClass).getMeta();
    const record = this.instance as unknown as Record<string, unknown>;
    for (const dbField of meta.fields) {
      const name = dbField.name;
      if (!dbField.editable || dbField.isAuto || !(name in this.cleanedData)) continue;
      // Leave the model default in place when the field was omitted from the data entirely.
      const formField = this.fields[name];
      if (
        formField &&
        dbField.hasDefault() &&
        formField.widget.valueOmittedFromData(this.dataAccessor, this.addPrefix(name))
      ) {
        continue;
      }
      const value = this.cleanedData[name];
      if (dbField instanceof ForeignKey) {
        record[dbField.attname] =
          value && typeof value === "object" && "pk" in value
            ? (value as Model).pk
            : (value ?? null);
      } else {
        record[dbField.attname] = value;
      }
    }
  }

  protected override async postClean(): Promise<void> {
    this.constructInstance();
    const exclude = this.validationExclude();
    await this.collect(null, () => this.instance.fullClean({ exclude, validateUnique: false }));
    await this.collect(null, () => this.instance.validateUnique(this.validationExclude()));
  }

  /**
   * Saves the instance (after a successful `isValid()`); `commit: false` returns it unsaved.
   * Throws FormError when the form is not valid.
   *
   * @example
   * const question = await form.save({ commit: false });
   * question.pubDate = new Date();
   * await question.save();
   */
  async save(options: { commit?: boolean } = {}): Promise<M> {
    if (!(await this.isValid())) {
      const meta = (this.instance.constructor as ModelClass).getMeta();
      const action = this.instance.pk == null ? "created" : "changed";
      throw new FormError(
        "DJANGO_E_FORMS_INVALID",
        `The ${meta.objectName} could not be ${action} because the data didn't validate.`,
      );
    }
    if (options.commit ?? true) await this.instance.save();
    return this.instance;
  }

  /** The model this form edits. */
  get model(): ModelClass {
    return this.modelMeta.model;
  }
}

/**
 * A form built from a model: `static meta = { model, fields | exclude }`; `instance` to edit;
 * validation reuses the model's (`fullClean`, unique checks); `await form.save()`.
 *
 * @example
 * class QuestionForm extends ModelForm<Question> {
 *   static override meta: ModelFormMeta = { model: Question, fields: ["questionText", "pubDate"] };
 * }
 * const form = new QuestionForm(request.POST, { instance: question });
 * if (await form.isValid()) await form.save();
 */
export class ModelForm<M extends Model = Model> extends BaseModelForm<M> {}

/**
 * Builds a ModelForm class at run time (Django's `modelform_factory`).
 *
 * @example
 * const ChoiceForm = modelformFactory(Choice, { fields: ["choiceText", "votes"] });
 */
export function modelformFactory<M extends Model = Model>(
  model: ModelClass<M>,
  meta: Omit<ModelFormMeta, "model"> & { form?: typeof BaseModelForm },
): typeof ModelForm<M> {
  const base = (meta.form ?? ModelForm) as typeof ModelForm<M>;
  const { form: _form, ...rest } = meta;
  const built = class extends base {
    static override meta: ModelFormMeta = { ...(base.meta ?? {}), ...rest, model };
  };
  Object.defineProperty(built, "name", { value: `${model.name}Form` });
  return built;
}
