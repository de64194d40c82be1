// Formsets: several copies of one form in one <form>, counted by a management form
// (`<prefix>-TOTAL_FORMS`, `-INITIAL_FORMS`, `-MIN_NUM_FORMS`, `-MAX_NUM_FORMS`), with extra
// blank forms and an optional DELETE checkbox per form (Django's django.forms.formsets).
import { SafeString, escapeHtml } from "../template/index.ts";
import { accessData, type DataAccessor, type FormInput } from "./data.ts";
import { ErrorDict, ErrorList, ValidationError } from "./errors.ts";
import { BooleanField } from "./fields.ts";
import type { BaseForm, FormClass, FormOptions } from "./form.ts";

/**
 * Options of {@link formsetFactory} (Django's `formset_factory` keywords).
 *
 * @example
 * formsetFactory(ItemForm, { extra: 0, minNum: 1, validateMin: true, canDelete: true });
 */
export interface FormsetFactoryOptions {
  /** Blank forms shown after the initial ones (default 1). */
  extra?: number;
  /** Add a DELETE checkbox to each form (default false). */
  canDelete?: boolean;
  /** Also on the extra forms (default true). */
  canDeleteExtra?: boolean;
  /** At most this many forms are shown (default 1000). */
  maxNum?: number;
  minNum?: number;
  /** Reject submissions with more than maxNum non-deleted forms. */
  validateMax?: boolean;
  validateMin?: boolean;
  /** Hard cap on forms read from data, against forged TOTAL_FORMS (default maxNum + 1000). */
  absoluteMax?: number;
}

/** Options of a formset's constructor. */
export interface FormsetOptions {
  files?: FormInput;
  /** HTML name prefix (default: the class's `defaultPrefix`, "form"). */
  prefix?: string;
  /** Initial values, one object per initial form. */
  initial?: Record<string, unknown>[];
  /** More options for every form. */
  formOptions?: FormOptions;
}

const DEFAULT_MAX = 1000;

/** The four management counts read from (or written to) the hidden inputs. */
export interface ManagementCounts {
  TOTAL_FORMS: number;
  INITIAL_FORMS: number;
  MIN_NUM_FORMS: number;
  MAX_NUM_FORMS: number;
}

/**
 * The machinery of every formset; build classes with {@link formsetFactory}.
 *
 * @example
 * const ArticleFormSet = formsetFactory(ArticleForm, { extra: 2, canDelete: true });
 * const formset = new ArticleFormSet(request.POST);
 * if (await formset.isValid()) for (const data of formset.cleanedData) …
 */
export class BaseFormSet<F extends BaseForm = BaseForm> extends SafeString {
  static form: FormClass;
  static extra = 1;
  static canDelete = false;
  static canDeleteExtra = true;
  static maxNum = DEFAULT_MAX;
  static minNum = 0;
  static validateMax = false;
  static validateMin = false;
  static absoluteMax = DEFAULT_MAX + DEFAULT_MAX;
  /** Prefix when none is given. */
  static defaultPrefix(): string {
    return "form";
  }

  readonly isBound: boolean;
  readonly data: FormInput | null;
  readonly files: FormInput | null;
  readonly prefix: string;
  initial: Record<string, unknown>[];
  formOptions: FormOptions;
  protected readonly dataAccessor: DataAccessor;
  private builtForms: F[] | undefined;
  private formErrors: ErrorDict[] | undefined;
  private nonFormErrorMessages: string[] = [];

  constructor(data?: FormInput | null, options: FormsetOptions = {}) {
    super("");
    // As forms: a SafeString whose markup (management form + forms) is computed on each read.
    Object.defineProperty(this, "value", {
      get: () => this.toString(),
      enumerable: false,
      configurable: true,
    });
    this.isBound = data !== undefined && data !== null;
    this.data = data ?? null;
    this.files = options.files ?? null;
    this.dataAccessor = accessData(data);
    this.prefix = options.prefix ?? (this.constructor as typeof BaseFormSet).defaultPrefix();
    this.initial = options.initial ?? [];
    this.formOptions = options.formOptions ?? {};
  }

  protected get options(): typeof BaseFormSet {
    return this.constructor as typeof BaseFormSet;
  }

  /** `prefix-name` for the management fields, `prefix-i` for form i. */
  addPrefix(index: number | string): string {
    return `${this.prefix}-${index}`;
  }

  /** Loads what the forms need (ModelChoiceField options; model formsets: the objects). */
  async prepare(): Promise<this> {
    for (const form of [...this.forms, this.emptyForm]) await form.prepare();
    return this;
  }

  /** The management counts: from the data when bound, computed otherwise. */
  get managementCounts(): ManagementCounts {
    if (this.isBound) {
      const read = (name: string) => {
        const raw = this.dataAccessor.get(this.addPrefix(name));
        return typeof raw === "string" && /^\s*\d+\s*$/.test(raw)
          ? Number(raw)
          : typeof raw === "number" && Number.isInteger(raw) && raw >= 0
            ? raw
            : undefined;
      };
      return {
        TOTAL_FORMS: read("TOTAL_FORMS") ?? 0,
        INITIAL_FORMS: read("INITIAL_FORMS") ?? 0,
        MIN_NUM_FORMS: read("MIN_NUM_FORMS") ?? this.options.minNum,
        MAX_NUM_FORMS: read("MAX_NUM_FORMS") ?? this.options.maxNum,
      };
    }
    return {
      TOTAL_FORMS: this.totalFormCount(),
      INITIAL_FORMS: this.initialFormCount(),
      MIN_NUM_FORMS: this.options.minNum,
      MAX_NUM_FORMS: this.options.maxNum,
    };
  }

  /** The management fields that are missing or malformed in bound data. */
  protected managementProblems(): string[] {
    if (!this.isBound) return [];
    return ["TOTAL_FORMS", "INITIAL_FORMS"]
      .map((name) => this.addPrefix(name))
      .filter((name) => {
        const raw = this.dataAccessor.get(name);
        return !(typeof raw === "string" ? /^\s*\d+\s*$/.test(raw) : Number.isInteger(raw));
      });
  }

  /** How many forms there are with initial data (bound: INITIAL_FORMS). */
  initialFormCount(): number {
    if (this.isBound) {
      return this.managementProblems().length > 0 ? 0 : this.managementCounts.INITIAL_FORMS;
    }
    return this.initial.length;
  }

  /** How many forms there are in all (bound: TOTAL_FORMS, capped by absoluteMax). */
  totalFormCount(): number {
    const { absoluteMax, minNum, maxNum, extra } = this.options;
    if (this.isBound) {
      if (this.managementProblems().length > 0) return 0;
      return Math.min(this.managementCounts.TOTAL_FORMS, absoluteMax);
    }
    const initial = this.initialFormCount();
    let total = Math.max(initial, minNum) + extra;
    if (initial > maxNum && maxNum >= 0) total = initial;
    else if (total > maxNum && maxNum >= 0) total = maxNum;
    return total;
  }

  /** Options for form `index` (model formsets add the instance). */
  protected formOptionsFor(index: number): FormOptions {
    const options: FormOptions = {
      ...this.formOptions,
      prefix: this.addPrefix(index),
      autoId: this.formOptions.autoId,
      useRequiredAttribute: false,
    };
    if (index < this.initial.length) options.initial = this.initial[index];
    // Extra forms may stay blank; initial and minimum forms must validate.
    if (index >= this.initialFormCount() && index >= this.options.minNum) {
      options.emptyPermitted = true;
    }
    return options;
  }

  /** Builds form `index` (and adds the DELETE field). */
  protected constructForm(index: number): F {
    const FormCls = this.options.form as unknown as new (
      data?: FormInput | null,
      options?: FormOptions,
    ) => F;
    const form = new FormCls(this.isBound ? this.data : null, this.formOptionsFor(index));
    this.addFields(form, index);
    return form;
  }

  /** Adds the DELETE checkbox when `canDelete` (a hook for subclasses, as Django's). */
  addFields(form: F, index: number | null): void {
    const { canDelete, canDeleteExtra } = this.options;
    if (canDelete && (canDeleteExtra || (index !== null && index < this.initialFormCount()))) {
      form.fields.DELETE = new BooleanField({ required: false, label: "Delete" });
    }
  }

  /** Every form, built on first access. */
  get forms(): F[] {
    this.builtForms ??= Array.from({ length: this.totalFormCount() }, (_, i) =>
      this.constructForm(i),
    );
    return this.builtForms;
  }
  get initialForms(): F[] {
    return this.forms.slice(0, this.initialFormCount());
  }
  get extraForms(): F[] {
    return this.forms.slice(this.initialFormCount());
  }
  /** A blank form with `__prefix__` in its names, for "add another" scripts. */
  get emptyForm(): F {
    const FormCls = this.options.form as unknown as new (
      data?: FormInput | null,
      options?: FormOptions,
    ) => F;
    const form = new FormCls(null, {
      ...this.formOptions,
      prefix: this.addPrefix("__prefix__"),
      emptyPermitted: true,
      useRequiredAttribute: false,
    });
    this.addFields(form, null);
    return form;
  }
  *[Symbol.iterator](): Iterator<F> {
    yield* this.forms;
  }
  /** The number of forms. */
  override get length(): number {
    return this.forms.length;
  }

  /** True when the form's DELETE box is ticked (and deletion is allowed). */
  shouldDeleteForm(form: F): boolean {
    return Boolean(this.options.canDelete && form.has("DELETE") && form.get("DELETE").data);
  }
  /** The forms marked for deletion (after validation). */
  get deletedForms(): F[] {
    return this.forms.filter((form) => this.shouldDeleteForm(form));
  }

  /** Validates every form (deleted ones do not count), the counts, then `clean()`. */
  async isValid(): Promise<boolean> {
    await this.fullClean();
    if (!this.isBound) return false;
    return this.nonFormErrorMessages.length === 0 && this.formErrors!.every((e) => e.length === 0);
  }

  async fullClean(): Promise<void> {
    if (this.formErrors) return;
    this.formErrors = [];
    this.nonFormErrorMessages = [];
    await this.prepare();
    if (!this.isBound) return;
    const missing = this.managementProblems();
    if (missing.length > 0) {
      this.nonFormErrorMessages.push(
        `ManagementForm data is missing or has been tampered with. Missing fields: ${missing.join(", ")}. You may need to file a bug report if the issue persists.`,
      );
    }
    let emptyForms = 0;
    for (const [index, form] of this.forms.entries()) {
      if (!form.hasChanged() && index >= this.initialFormCount()) emptyForms += 1;
      const deleting = this.shouldDeleteForm(form);
      await form.isValid();
      this.formErrors.push(deleting ? new ErrorDict() : form.errors);
    }
    const { validateMax, validateMin, maxNum, minNum, absoluteMax } = this.options;
    const live = this.totalFormCount() - this.deletedForms.length - emptyForms;
    if ((validateMax && live > maxNum) || this.managementCounts.TOTAL_FORMS > absoluteMax) {
      this.nonFormErrorMessages.push(
        `Please submit at most ${maxNum} form${maxNum === 1 ? "" : "s"}.`,
      );
    }
    if (validateMin && live < minNum) {
      this.nonFormErrorMessages.push(
        `Please submit at least ${minNum} form${minNum === 1 ? "" : "s"}.`,
      );
    }
    try {
      await this.clean();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.nonFormErrorMessages.push(...error.messages);
    }
  }

  /** Cross-form validation hook: throw ValidationError for a non-form error. */
  clean(): void | Promise<void> {}

  /** One ErrorDict per form (empty before validation). */
  get errors(): ErrorDict[] {
    return this.formErrors ?? [];
  }
  /** Errors of the formset itself (counts, management form, `clean()`). */
  nonFormErrors(): ErrorList {
    return new ErrorList(this.nonFormErrorMessages, "nonform");
  }
  /** Total number of errors, form and non-form. */
  totalErrorCount(): number {
    return (
      this.nonFormErrorMessages.length +
      this.errors.reduce((n, e) => n + Object.values(e.asData()).flat().length, 0)
    );
  }
  /** Each form's cleanedData, in order. */
  get cleanedData(): Record<string, unknown>[] {
    return this.forms.map((form) => form.cleanedData);
  }
  hasChanged(): boolean {
    return this.forms.some((form) => form.hasChanged());
  }

  /** The hidden management inputs. */
  get managementForm(): SafeString {
    const counts = this.managementCounts;
    const html = (Object.keys(counts) as (keyof ManagementCounts)[])
      .map((name) => {
        const full = this.addPrefix(name);
        return `<input type="hidden" name="${escapeHtml(full)}" value="${counts[name]}" id="id_${escapeHtml(full)}">`;
      })
      .join("");
    return new SafeString(html);
  }

  /** `{{ formset }}`: the management form then each form's div layout. */
  override toString(): string {
    return [this.managementForm.value, ...this.forms.map((form) => form.asDiv().value)].join("\n");
  }
  asP(): SafeString {
    return new SafeString(
      [this.managementForm.value, ...this.forms.map((f) => f.asP().value)].join("\n"),
    );
  }
  asTable(): SafeString {
    return new SafeString(
      [this.managementForm.value, ...this.forms.map((f) => f.asTable().value)].join("\n"),
    );
  }
}

/** A formset class (what the factories return). */
export type FormSetClass<F extends BaseForm = BaseForm> = (new (
  data?: FormInput | null,
  options?: FormsetOptions,
) => BaseFormSet<F>) &
  typeof BaseFormSet;

/**
 * Builds a formset class for `form` (Django's `formset_factory`).
 *
 * @example
 * const ChoiceFormSet = formsetFactory(ChoiceForm, { extra: 3, canDelete: true });
 * const formset = new ChoiceFormSet(request.POST, { prefix: "choices" });
 */
export function formsetFactory<F extends BaseForm>(
  form: FormClass<F>,
  options: FormsetFactoryOptions & { formset?: typeof BaseFormSet } = {},
): FormSetClass<F> {
  const base = options.formset ?? BaseFormSet;
  const maxNum = options.maxNum ?? DEFAULT_MAX;
  const built = class extends base {};
  Object.assign(built, {
    form,
    extra: options.extra ?? 1,
    canDelete: options.canDelete ?? false,
    canDeleteExtra: options.canDeleteExtra ?? true,
    maxNum,
    minNum: options.minNum ?? 0,
    validateMax: options.validateMax ?? false,
    validateMin: options.validateMin ?? false,
    absoluteMax: options.absoluteMax ?? maxNum + DEFAULT_MAX,
  });
  Object.defineProperty(built, "name", { value: `${form.name}FormSet` });
  return built as unknown as FormSetClass<F>;
}
