// Inlines (Django's InlineModelAdmin): rows of a related model edited on the parent's page,
// e.g. a Question's Choices. The rows are a formset: a management form (`<prefix>-TOTAL_FORMS`,
// `<prefix>-INITIAL_FORMS`) and one prefixed form per row (`<prefix>-<i>-<field>`), with
// `<prefix>-<i>-id` for existing rows and `<prefix>-<i>-DELETE` to remove them.
import type { ForeignKey } from "../../db/index.ts";
import { type Model, type ModelClass, type ReverseRelation } from "../../db/index.ts";
import { capfirst, metaOf } from "./_util.ts";
import { AdminModelForm, type FormData } from "./model-form.ts";

/** The most rows one submission may carry (Django's DEFAULT_MAX_NUM). */
const MAX_FORMS = 1000;

/**
 * Options of an inline, shared by {@link TabularInline} and {@link StackedInline}.
 *
 * @example
 * class ChoiceInline extends TabularInline { model = Choice; extra = 3; }
 */
export abstract class InlineModelAdmin {
  /** The related model (it has a ForeignKey to the parent). */
  abstract model: ModelClass;
  /** How many empty rows to offer. */
  extra = 3;
  /** Fields to edit (default: every editable field but the ForeignKey to the parent). */
  fields: readonly string[] | undefined = undefined;
  /** The ForeignKey to the parent, when the model has several. */
  fkName: string | undefined = undefined;
  /** Whether rows can be deleted. */
  canDelete = true;
  /** Template of the inline: "admin/edit_inline/tabular.html" or "…/stacked.html". */
  abstract readonly template: string;
}

/** Rows as a table, one line per object (Django's TabularInline). */
export abstract class TabularInline extends InlineModelAdmin {
  readonly template = "admin/edit_inline/tabular.html";
}

/** Rows as stacked fieldsets, one block per object (Django's StackedInline). */
export abstract class StackedInline extends InlineModelAdmin {
  readonly template = "admin/edit_inline/stacked.html";
}

/** A concrete inline class, as `inlines` lists them. */
export type InlineClass = new () => InlineModelAdmin;

/** The ForeignKey of `inline.model` that points at `parent`. */
export function inlineRelation(inline: InlineModelAdmin, parent: ModelClass): ReverseRelation {
  const candidates = metaOf(parent).relatedObjects.filter(
    (relation) =>
      relation.model === inline.model &&
      (inline.fkName === undefined || relation.field.name === inline.fkName),
  );
  if (candidates.length !== 1) {
    throw new TypeError(
      candidates.length === 0
        ? `${inline.model.name} has no ForeignKey to ${parent.name}${inline.fkName === undefined ? "" : ` named "${inline.fkName}"`}`
        : `${inline.model.name} has several ForeignKeys to ${parent.name}: set fkName on the inline`,
    );
  }
  return candidates[0]!;
}

/** A formset error a client caused: a missing or broken management form. */
export class ManagementFormError extends Error {
  readonly code = "DJANGO_E_ADMIN_MANAGEMENT_FORM";
}

function count(data: FormData, key: string): number {
  const text = data.get(key);
  if (text === undefined || !/^\d+$/.test(text)) {
    throw new ManagementFormError(
      `ManagementForm data is missing or has been tampered with: ${key} is ${text === undefined ? "missing" : `"${text}"`}`,
    );
  }
  return Number(text);
}

/** One row of an inline formset. */
export interface InlineRow {
  form: AdminModelForm;
  /** `choiceSet-0`: the prefix of this row's inputs. */
  prefix: string;
  /** The primary key of an existing row. */
  pk: unknown;
  deleted: boolean;
}

/**
 * The rows of one inline for one parent object: existing rows, then `extra` empty ones; when
 * bound, exactly the rows the management form announces.
 *
 * @example
 * const formset = new InlineFormSet(new ChoiceInline(), Question, question, request.POST);
 * await formset.build();
 * if (await formset.isValid()) await formset.save(question);
 */
export class InlineFormSet {
  readonly relation: ReverseRelation;
  readonly prefix: string;
  readonly fieldNames: readonly string[];
  rows: InlineRow[] = [];
  initialForms = 0;
  nonFormErrors: string[] = [];

  constructor(
    readonly inline: InlineModelAdmin,
    readonly parentModel: ModelClass,
    readonly parent: Model | undefined,
    readonly data?: FormData,
  ) {
    this.relation = inlineRelation(inline, parentModel);
    this.prefix = this.relation.accessorName;
    const fk = this.relation.field;
    this.fieldNames =
      inline.fields ??
      metaOf(inline.model)
        .fields.filter((field) => field.editable && !field.primaryKey && field !== fk)
        .map((field) => field.name);
  }

  get fk(): ForeignKey {
    return this.relation.field;
  }

  get verboseName(): string {
    return metaOf(this.inline.model).verboseName;
  }

  get verboseNamePlural(): string {
    return capfirst(metaOf(this.inline.model).verboseNamePlural);
  }

  get template(): string {
    return this.inline.template;
  }

  /** Headers for a tabular inline. */
  get headers(): string[] {
    return this.rows[0]?.form.fields.map((field) => field.label) ?? [];
  }

  /** Loads the existing rows and makes the forms. */
  async build(): Promise<void> {
    const existing =
      this.parent === undefined || this.parent.pk === null || this.parent.pk === undefined
        ? []
        : await this.inline.model.objects
            .filter({ [this.fk.attname]: this.parent.pk })
            .orderBy("pk");
    const make = (index: number, instance?: Model) =>
      new AdminModelForm(this.inline.model, this.fieldNames, {
        prefix: `${this.prefix}-${index}`,
        ...(this.data === undefined ? {} : { data: this.data }),
        ...(instance === undefined ? { emptyPermitted: true } : { instance }),
      });
    if (this.data === undefined) {
      this.initialForms = existing.length;
      this.rows = [
        ...existing.map((instance, index) => ({
          form: make(index, instance),
          prefix: `${this.prefix}-${index}`,
          pk: instance.pk,
          deleted: false,
        })),
        ...Array.from({ length: this.inline.extra }, (_, i) => ({
          form: make(existing.length + i),
          prefix: `${this.prefix}-${existing.length + i}`,
          pk: undefined,
          deleted: false,
        })),
      ];
    } else {
      const total = count(this.data, `${this.prefix}-TOTAL_FORMS`);
      const initial = count(this.data, `${this.prefix}-INITIAL_FORMS`);
      if (total > MAX_FORMS || initial > total) {
        throw new ManagementFormError(
          `ManagementForm data is invalid: ${total} forms with ${initial} initial ones`,
        );
      }
      this.initialForms = initial;
      const byPk = new Map(existing.map((instance) => [String(instance.pk), instance]));
      this.rows = [];
      for (let index = 0; index < total; index++) {
        const pkText = this.data.get(`${this.prefix}-${index}-id`);
        let instance: Model | undefined;
        if (index < initial) {
          instance = pkText === undefined ? undefined : byPk.get(pkText);
          if (instance === undefined) {
            throw new ManagementFormError(
              `${this.prefix}-${index}-id does not name a ${this.inline.model.name} of this object`,
            );
          }
        }
        this.rows.push({
          form: make(index, instance),
          prefix: `${this.prefix}-${index}`,
          pk: instance?.pk,
          deleted: this.inline.canDelete && this.data.has(`${this.prefix}-${index}-DELETE`),
        });
      }
    }
    await Promise.all(this.rows.map((row) => row.form.prepare()));
  }

  /** The rows that will be saved: changed extra rows and existing rows not deleted. */
  private active(): InlineRow[] {
    return this.rows.filter(
      (row) => !row.deleted && (row.pk !== undefined || row.form.hasChanged()),
    );
  }

  /** Validates each active row (the ForeignKey is set on save, so it is not checked here). */
  async isValid(): Promise<boolean> {
    let valid = true;
    for (const row of this.active()) {
      if (!(await row.form.isValid())) valid = false;
    }
    return valid;
  }

  /** Whether any row has errors (for the "Please correct" message). */
  get errorCount(): number {
    return this.rows.reduce((sum, row) => sum + Object.keys(row.form.errors).length, 0);
  }

  /** Saves changed rows for `parent`, deletes marked ones; returns what changed, for messages. */
  async save(parent: Model): Promise<{ added: Model[]; changed: Model[]; deleted: Model[] }> {
    const result = { added: [] as Model[], changed: [] as Model[], deleted: [] as Model[] };
    for (const row of this.rows) {
      if (row.deleted) {
        if (row.pk !== undefined) {
          await row.form.instance.delete();
          result.deleted.push(row.form.instance);
        }
        continue;
      }
      if (row.pk === undefined && !row.form.hasChanged()) continue;
      if (row.pk !== undefined && !row.form.hasChanged()) continue;
      (row.form.instance as unknown as Record<string, unknown>)[this.fk.attname] = parent.pk;
      await row.form.save();
      (row.pk === undefined ? result.added : result.changed).push(row.form.instance);
    }
    return result;
  }
}
