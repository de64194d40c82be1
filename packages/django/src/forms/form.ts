// BaseForm/Form: declared fields, binding to submitted data, the async cleaning pipeline
// (fields → clean<Field>() → clean() → postClean()), errors, and rendering.
import type { Model } from "../db/index.ts";
import { SafeString } from "../template/index.ts";
import { BoundField } from "./bound-field.ts";
import { accessData, type DataAccessor, type FormInput } from "./data.ts";
import { ErrorDict, ErrorList, FormError, ValidationError, validationMessages } from "./errors.ts";
import type { Field } from "./fields.ts";
import { needsChoices } from "./model-choice-field.ts";
import { renderDiv, renderP, renderTable, renderUl } from "./render.ts";

/**
 * Options of a form's constructor (Django's keyword arguments, camelCased).
 *
 * @example
 * new ContactForm(request.POST, { prefix: "contact", initial: { subject: "Hi" } });
 */
export interface FormOptions {
  /** Uploaded files (`request.FILES`), kept for custom fields. */
  files?: FormInput;
  /** Initial values by field name, shown by unbound forms and used by `hasChanged`. */
  initial?: Record<string, unknown>;
  /** Prefix for every HTML name (`prefix-field`), to put several forms in one `<form>`. */
  prefix?: string;
  /** The id pattern (default `"id_%s"`); false renders no ids. */
  autoId?: string | false;
  /** Appended to labels (default ":"). */
  labelSuffix?: string;
  /** Skip validation when nothing changed (extra formset forms). */
  emptyPermitted?: boolean;
  /** Emit the `required` attribute (default true). */
  useRequiredAttribute?: boolean;
  /** ModelForm: the instance to edit. */
  instance?: Model;
}

/** A form class as factories and formsets use it. */
export type FormClass<F extends BaseForm = BaseForm> = (new (
  data?: FormInput | null,
  options?: FormOptions,
) => F) &
  typeof BaseForm;

function hookName(name: string): string {
  return `clean${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * The machinery of every form; declare forms by extending {@link Form}.
 *
 * @example
 * const form = new ContactForm(request.POST);
 * if (await form.isValid()) send(form.cleanedData);
 */
export class BaseForm extends SafeString {
  /** The declared fields of this class (subclasses add to their parents'). */
  static fields: Record<string, Field> = {};

  /** Every declared field of `this` class and its ancestors, parents first. */
  static baseFields(): Record<string, Field> {
    const chain: (typeof BaseForm)[] = [];
    let cls: typeof BaseForm | null = Object.getPrototypeOf(this) as typeof BaseForm | null;
    chain.unshift(this);
    while (cls && cls !== BaseForm) {
      chain.unshift(cls);
      cls = Object.getPrototypeOf(cls) as typeof BaseForm | null;
    }
    const fields: Record<string, Field> = {};
    for (const level of chain)
      if (Object.hasOwn(level, "fields")) Object.assign(fields, level.fields);
    return fields;
  }

  /** This form's own copies of the fields; change them freely (labels, querysets…). */
  fields: Record<string, Field>;
  readonly isBound: boolean;
  readonly data: FormInput | null;
  readonly files: FormInput | null;
  readonly dataAccessor: DataAccessor;
  initial: Record<string, unknown>;
  prefix: string | undefined;
  autoId: string | false;
  labelSuffix: string;
  emptyPermitted: boolean;
  useRequiredAttribute: boolean;
  /** The cleaned values of the valid fields (complete once `isValid()` is true). */
  cleanedData: Record<string, unknown> = {};
  private errorMap: Map<string, string[]> | undefined;

  constructor(data?: FormInput | null, options: FormOptions = {}) {
    super("");
    // A form is a SafeString so `{{ form }}` is not escaped again; its markup follows its
    // state, so `value` (what templates insert) is computed on each read.
    Object.defineProperty(this, "value", {
      get: () => this.asDiv().value,
      enumerable: false,
      configurable: true,
    });
    this.isBound = data !== undefined && data !== null;
    this.data = data ?? null;
    this.files = options.files ?? null;
    this.dataAccessor = accessData(data);
    this.initial = { ...(options.initial ?? {}) };
    this.prefix = options.prefix;
    this.autoId = options.autoId ?? "id_%s";
    this.labelSuffix = options.labelSuffix ?? ":";
    this.emptyPermitted = options.emptyPermitted ?? false;
    this.useRequiredAttribute = options.useRequiredAttribute ?? true;
    const ctor = this.constructor as typeof BaseForm;
    this.fields = Object.fromEntries(
      Object.entries(ctor.baseFields()).map(([name, field]) => [name, field.clone()]),
    );
  }

  /** `prefix-name` when the form has a prefix. */
  addPrefix(name: string): string {
    return this.prefix ? `${this.prefix}-${name}` : name;
  }

  /** The initial value of a field: form `initial`, else the field's (functions are called). */
  getInitialForField(field: Field, name: string): unknown {
    const value = Object.hasOwn(this.initial, name) ? this.initial[name] : field.initial;
    return typeof value === "function" ? (value as () => unknown)() : value;
  }

  /** Loads what rendering needs from the database (ModelChoiceField options). */
  async prepare(): Promise<this> {
    for (const field of Object.values(this.fields)) {
      if (needsChoices(field)) await field.loadChoices();
    }
    return this;
  }

  /** Field names, as `Object.keys(form.fields)`. */
  has(name: string): boolean {
    return Object.hasOwn(this.fields, name);
  }

  /**
   * The {@link BoundField} for `name` (Django's `form["name"]`); templates reach it as
   * `{{ form.name }}`. Throws FormError for an unknown name.
   */
  get(name: string): BoundField {
    const field = this.fields[name];
    if (!field) {
      throw new FormError(
        "DJANGO_E_FORMS_UNKNOWN_FIELD",
        `Key "${name}" not found in ${this.constructor.name}. Choices are: ${Object.keys(this.fields).join(", ")}.`,
      );
    }
    return new BoundField(this, field, name);
  }

  /** Every bound field, in declaration order (`{% for field in form %}`). */
  *[Symbol.iterator](): Iterator<BoundField> {
    for (const name of Object.keys(this.fields)) yield this.get(name);
  }
  visibleFields(): BoundField[] {
    return [...this].filter((bf) => !bf.isHidden);
  }
  hiddenFields(): BoundField[] {
    return [...this].filter((bf) => bf.isHidden);
  }

  /** The errors found by the last validation; empty before `isValid()` and when unbound. */
  get errors(): ErrorDict {
    return new ErrorDict(this.errorMap ?? new Map());
  }
  /** Errors not tied to a field (from `clean()`), rendered with class `errorlist nonfield`. */
  nonFieldErrors(): ErrorList {
    return new ErrorList(this.errorMap?.get("__all__") ?? [], "nonfield");
  }
  /** True when `field` (or `__all__` for null) has an error, optionally with that code. */
  hasError(field: string | null, code?: string): boolean {
    const messages = this.errorMap?.get(field ?? "__all__") ?? [];
    if (code === undefined) return messages.length > 0;
    return (this.errorCodes.get(field ?? "__all__") ?? []).includes(code);
  }
  private errorCodes = new Map<string, string[]>();

  /**
   * Validates once (later calls reuse the result): true when bound and error-free.
   * Async because fields and hooks may query the database.
   */
  async isValid(): Promise<boolean> {
    await this.fullClean();
    return this.isBound && this.errorMap!.size === 0;
  }

  /** Runs the whole cleaning pipeline (unless it already ran). */
  async fullClean(): Promise<void> {
    if (this.validated) return;
    this.validated = true;
    // Errors added with addError() before validation are kept (a view may add its own).
    this.errorMap ??= new Map();
    await this.prepare();
    if (!this.isBound) return;
    this.cleanedData = {};
    if (this.emptyPermitted && !this.hasChanged()) return;
    await this.cleanFields();
    await this.cleanForm();
    await this.postClean();
    for (const name of this.errorMap.keys()) delete this.cleanedData[name];
  }
  private validated = false;

  /**
   * Records an error for `field` (null: non-field) and drops the field from cleanedData.
   * A ValidationError with an `errorDict` (field null) spreads over its fields.
   *
   * @example
   * override clean() { if (!this.cleanedData.a && !this.cleanedData.b) this.addError(null, "Give a or b."); }
   */
  addError(field: string | null, error: string | ValidationError): void {
    const validation = typeof error === "string" ? new ValidationError(error) : error;
    this.errorMap ??= new Map();
    for (const [name, messages] of Object.entries(validationMessages(validation, field))) {
      // Errors for names the form does not show (model fields left out) become non-field ones.
      const target = this.has(name) ? name : "__all__";
      const list = this.errorMap.get(target) ?? [];
      list.push(...messages);
      this.errorMap.set(target, list);
      if (validation.validationCode) {
        this.errorCodes.set(target, [
          ...(this.errorCodes.get(target) ?? []),
          validation.validationCode,
        ]);
      }
      delete this.cleanedData[target];
    }
  }

  /** Runs an async step, turning a thrown ValidationError into form errors. */
  protected async collect(field: string | null, step: () => unknown): Promise<boolean> {
    try {
      await step();
      return true;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.addError(field, error);
      return false;
    }
  }

  private async cleanFields(): Promise<void> {
    const hooks = this as unknown as Record<string, unknown>;
    for (const [name, field] of Object.entries(this.fields)) {
      const bound = this.get(name);
      const raw = field.disabled ? bound.initial : bound.data;
      const ok = await this.collect(name, async () => {
        this.cleanedData[name] = await field.clean(raw);
      });
      const hook = hooks[hookName(name)];
      if (ok && typeof hook === "function") {
        await this.collect(name, async () => {
          this.cleanedData[name] = await (hook as () => unknown).call(this);
        });
      }
    }
  }

  private async cleanForm(): Promise<void> {
    await this.collect(null, async () => {
      const result = await this.clean();
      if (result && typeof result === "object")
        this.cleanedData = result as Record<string, unknown>;
    });
  }

  /**
   * Cross-field validation hook (Django's `clean()`): read `this.cleanedData`, throw
   * ValidationError or call `addError`. May return a replacement cleanedData.
   */
  clean(): unknown {
    return this.cleanedData;
  }

  /** Runs after `clean()` (ModelForm validates the model instance here). */
  protected async postClean(): Promise<void> {}

  /** Names of the fields whose submitted value differs from the initial one. */
  get changedData(): string[] {
    if (!this.isBound) return [];
    return Object.entries(this.fields)
      .filter(([name, field]) => {
        const bound = this.get(name);
        return field.hasChanged(bound.initial, bound.data);
      })
      .map(([name]) => name);
  }
  /** True when any field changed. */
  hasChanged(): boolean {
    return this.changedData.length > 0;
  }

  /** Django 5's default layout: one `<div>` per field with label, errors and widget. */
  asDiv(): SafeString {
    return renderDiv(this);
  }
  asP(): SafeString {
    return renderP(this);
  }
  asTable(): SafeString {
    return renderTable(this);
  }
  asUl(): SafeString {
    return renderUl(this);
  }
  /** `{{ form }}`: the div layout. */
  override toString(): string {
    return this.asDiv().value;
  }
}

/**
 * A form: declare fields in `static fields`, hooks as methods.
 *
 * @example
 * class ContactForm extends Form {
 *   static override fields = {
 *     subject: new CharField({ maxLength: 100 }),
 *     email: new EmailField(),
 *     copy: new BooleanField({ required: false }),
 *   };
 *   cleanSubject() { return String(this.cleanedData.subject).toUpperCase(); }
 * }
 * const form = new ContactForm({ subject: "hi", email: "a@b.example" });
 * await form.isValid(); // true; form.cleanedData.subject === "HI"
 */
export class Form extends BaseForm {}
