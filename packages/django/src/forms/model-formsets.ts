// Model formsets: a formset over a QuerySet (one form per object plus extra blank forms) that
// saves, updates and deletes objects; inline formsets tie them to a parent object through a
// ForeignKey (the admin's inlines: Choices under a Question).
import { ForeignKey, type Model, type ModelClass, type QuerySet } from "../db/index.ts";
import type { FormInput } from "./data.ts";
import { FormError } from "./errors.ts";
import { IntegerField } from "./fields.ts";
import type { FormOptions } from "./form.ts";
import {
  type ModelForm,
  modelformFactory,
  type BaseModelForm,
  type ModelFormMeta,
} from "./model-form.ts";
import {
  BaseFormSet,
  formsetFactory,
  type FormsetFactoryOptions,
  type FormsetOptions,
} from "./formsets.ts";
import { HiddenInput } from "./widgets.ts";

/** Options of a model formset's constructor. */
export interface ModelFormsetOptions extends FormsetOptions {
  /** The objects to edit (default: every object of the model, by primary key). */
  queryset?: QuerySet<Model>;
}

/**
 * A formset of ModelForms over a QuerySet; build classes with {@link modelformsetFactory}.
 * Call `await formset.prepare()` (or `isValid()`) before reading `forms`.
 *
 * @example
 * const formset = await new ChoiceFormSet(request.POST).prepare();
 * if (await formset.isValid()) await formset.save();
 */
export class BaseModelFormSet<M extends Model = Model> extends BaseFormSet<BaseModelForm<M>> {
  static model: ModelClass;
  queryset: QuerySet<Model> | undefined;
  private objects: M[] | undefined;
  /** After `save()`: the objects created, changed (with the changed field names) and deleted. */
  newObjects: M[] = [];
  changedObjects: [M, string[]][] = [];
  deletedObjects: M[] = [];

  constructor(data?: FormInput | null, options: ModelFormsetOptions = {}) {
    super(data, options);
    this.queryset = options.queryset;
  }

  protected get model(): ModelClass {
    return (this.constructor as typeof BaseModelFormSet).model;
  }

  /** The objects the initial forms edit (default queryset: all, ordered by pk). */
  getQueryset(): QuerySet<Model> {
    const queryset = this.queryset ?? this.model.objects.all();
    return queryset.ordered ? queryset : queryset.orderBy("pk");
  }

  override async prepare(): Promise<this> {
    this.objects ??= (await this.getQueryset()) as M[];
    return super.prepare();
  }

  private get loadedObjects(): M[] {
    if (!this.objects) {
      throw new FormError(
        "DJANGO_E_FORMS_NOT_PREPARED",
        "A model formset loads its objects asynchronously: call `await formset.prepare()` (or `isValid()`) first",
      );
    }
    return this.objects;
  }

  override initialFormCount(): number {
    if (this.isBound) return super.initialFormCount();
    return this.loadedObjects.length;
  }

  /** The object edited by form `index`: by submitted pk when bound, by position otherwise. */
  private existingObject(index: number): M | undefined {
    if (!this.isBound) return this.loadedObjects[index];
    const pkName = this.model.getMeta().pk.name;
    const raw = this.dataAccessor.get(`${this.addPrefix(index)}-${pkName}`);
    if (raw === undefined || raw === null || raw === "") return undefined;
    return this.loadedObjects.find((object) => String(object.pk) === String(raw));
  }

  protected override formOptionsFor(index: number): FormOptions {
    const options = super.formOptionsFor(index);
    if (index < this.initialFormCount()) {
      const object = this.existingObject(index);
      if (object) options.instance = object;
      else if (this.isBound) options.instance = undefined;
    }
    return options;
  }

  override addFields(form: BaseModelForm<M>, index: number | null): void {
    super.addFields(form, index);
    // The primary key travels in a hidden input so a bound form finds its object again.
    const pkName = this.model.getMeta().pk.name;
    form.fields[pkName] = new IntegerField({ required: false, widget: new HiddenInput() });
    if (form.instance.pk != null && !(pkName in form.initial))
      form.initial[pkName] = form.instance.pk;
  }

  /** Saves an edited object (a hook: inline formsets set the parent key first). */
  protected async saveForm(form: BaseModelForm<M>, commit: boolean): Promise<M> {
    return form.save({ commit });
  }

  /**
   * Creates, updates and deletes objects per the forms; returns the created and changed
   * objects. `commit: false` deletes nothing and returns unsaved instances.
   */
  async save(options: { commit?: boolean } = {}): Promise<M[]> {
    const commit = options.commit ?? true;
    if (!(await this.isValid())) {
      throw new FormError(
        "DJANGO_E_FORMS_INVALID",
        `The ${this.model.name} formset did not validate`,
      );
    }
    this.newObjects = [];
    this.changedObjects = [];
    this.deletedObjects = [];
    const saved: M[] = [];
    for (const [index, form] of this.forms.entries()) {
      const existing = index < this.initialFormCount() && form.instance.pk != null;
      if (this.shouldDeleteForm(form)) {
        if (existing) {
          this.deletedObjects.push(form.instance);
          if (commit) await form.instance.delete();
        }
        continue;
      }
      if (!form.hasChanged()) continue;
      const changed = form.changedData.filter((name) => name !== "DELETE");
      if (existing && changed.length === 0) continue;
      const object = await this.saveForm(form, commit);
      if (existing) this.changedObjects.push([object, changed]);
      else this.newObjects.push(object);
      saved.push(object);
    }
    return saved;
  }
}

/** Options of {@link modelformsetFactory}. */
export type ModelFormsetFactoryOptions = Omit<ModelFormMeta, "model"> &
  FormsetFactoryOptions & { form?: typeof ModelForm };

/** A model formset class. */
export type ModelFormSetClass<M extends Model = Model> = (new (
  data?: FormInput | null,
  options?: ModelFormsetOptions,
) => BaseModelFormSet<M>) &
  typeof BaseModelFormSet;

/**
 * Builds a formset of ModelForms for `model` (Django's `modelformset_factory`).
 *
 * @example
 * const AuthorFormSet = modelformsetFactory(Author, { fields: ["name"], extra: 2 });
 * const formset = await new AuthorFormSet(null, { queryset: Author.objects.filter({ active: true }) }).prepare();
 */
export function modelformsetFactory<M extends Model>(
  model: ModelClass<M>,
  options: ModelFormsetFactoryOptions,
  base: typeof BaseModelFormSet = BaseModelFormSet,
): ModelFormSetClass<M> {
  const {
    extra,
    canDelete,
    canDeleteExtra,
    maxNum,
    minNum,
    validateMax,
    validateMin,
    absoluteMax,
    form,
    ...meta
  } = options;
  const FormCls = modelformFactory(model, { ...meta, form });
  const built = formsetFactory(FormCls as never, {
    extra,
    canDelete,
    canDeleteExtra,
    maxNum,
    minNum,
    validateMax,
    validateMin,
    absoluteMax,
    formset: base as unknown as typeof BaseFormSet,
  });
  Object.assign(built, { model });
  Object.defineProperty(built, "name", { value: `${model.name}FormSet` });
  return built as unknown as ModelFormSetClass<M>;
}

/** Options of an inline formset's constructor: the parent object. */
export interface InlineFormsetOptions extends ModelFormsetOptions {
  /** The parent (a new, unsaved parent has no children yet). */
  instance?: Model;
}

/**
 * A model formset of the children of one parent object; build with
 * {@link inlineformsetFactory}. New children get the parent's key on save.
 *
 * @example
 * const formset = await new ChoiceInlineFormSet(request.POST, { instance: question }).prepare();
 * if (await formset.isValid()) await formset.save();
 */
export class BaseInlineFormSet<M extends Model = Model> extends BaseModelFormSet<M> {
  static fk: ForeignKey;
  static parentModel: ModelClass;
  /** The parent object. */
  instance: Model;

  constructor(data?: FormInput | null, options: InlineFormsetOptions = {}) {
    super(data, options);
    const cls = this.constructor as typeof BaseInlineFormSet;
    this.instance = options.instance ?? new cls.parentModel();
  }

  /** Default prefix: the reverse accessor (`choiceSet`). */
  static override defaultPrefix(this: typeof BaseInlineFormSet): string {
    const relation = this.parentModel.getMeta().relatedObjects.find((rel) => rel.field === this.fk);
    return relation?.accessorName ?? `${this.fk.name}Set`;
  }

  private get fk(): ForeignKey {
    return (this.constructor as typeof BaseInlineFormSet).fk;
  }

  override getQueryset(): QuerySet<Model> {
    const base = super.getQueryset();
    if (this.instance.pk == null) return base.none();
    return base.filter({ [this.fk.attname]: this.instance.pk });
  }

  protected override constructForm(index: number): BaseModelForm<M> {
    const form = super.constructForm(index);
    // Set the parent key before validation so unique checks and model clean() see it.
    if (this.instance.pk != null) {
      (form.instance as unknown as Record<string, unknown>)[this.fk.attname] = this.instance.pk;
    }
    return form;
  }

  protected override async saveForm(form: BaseModelForm<M>, commit: boolean): Promise<M> {
    const object = await form.save({ commit: false });
    (object as unknown as Record<string, unknown>)[this.fk.attname] = this.instance.pk;
    if (commit) await object.save();
    return object;
  }
}

/** Options of {@link inlineformsetFactory}. */
export type InlineFormsetFactoryOptions = ModelFormsetFactoryOptions & {
  /** The ForeignKey to the parent when the child has several (its field name). */
  fkName?: string;
};

/** An inline formset class. */
export type InlineFormSetClass<M extends Model = Model> = (new (
  data?: FormInput | null,
  options?: InlineFormsetOptions,
) => BaseInlineFormSet<M>) &
  typeof BaseInlineFormSet;

/**
 * Builds a formset for the `model` children of a `parentModel` object (Django's
 * `inlineformset_factory`): extra 3 and canDelete by default, the key to the parent excluded
 * from the forms.
 *
 * @example
 * const ChoiceInlineFormSet = inlineformsetFactory(Question, Choice, { fields: ["choiceText", "votes"] });
 * const formset = await new ChoiceInlineFormSet(null, { instance: question }).prepare();
 * String(formset); // management form + 3 blank choice forms after the existing ones
 */
export function inlineformsetFactory<M extends Model>(
  parentModel: ModelClass,
  model: ModelClass<M>,
  options: InlineFormsetFactoryOptions = {},
): InlineFormSetClass<M> {
  const { fkName, ...rest } = options;
  const candidates = model
    .getMeta()
    .fields.filter(
      (f): f is ForeignKey =>
        f instanceof ForeignKey &&
        (fkName ? f.name === fkName : f.tryRelatedModel() === parentModel),
    );
  if (candidates.length !== 1) {
    throw new FormError(
      "DJANGO_E_FORMS_CONFIG",
      candidates.length === 0
        ? `${model.name} has no ForeignKey to ${parentModel.name}${fkName ? ` named "${fkName}"` : ""}`
        : `${model.name} has more than one ForeignKey to ${parentModel.name}: pass fkName`,
    );
  }
  const fk = candidates[0]!;
  const exclude = [...(rest.exclude ?? []), fk.name];
  const fields = Array.isArray(rest.fields)
    ? rest.fields.filter((n) => n !== fk.name)
    : rest.fields;
  const built = modelformsetFactory(
    model,
    {
      ...rest,
      fields: fields ?? "__all__",
      exclude,
      extra: rest.extra ?? 3,
      canDelete: rest.canDelete ?? true,
    },
    BaseInlineFormSet as unknown as typeof BaseModelFormSet,
  );
  Object.assign(built, { fk, parentModel });
  return built as unknown as InlineFormSetClass<M>;
}
