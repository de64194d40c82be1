// Django's ModelAdmin: the options of one model's admin pages and its four views
// (changelist, add, change, delete). URLs and staff checks are the AdminSite's.
import { BadRequest, PermissionDenied } from "../../core/exceptions.ts";
import { transaction, type Model, type ModelClass } from "../../db/index.ts";
import type { HttpRequest } from "../../http/index.ts";
import { HttpResponseRedirect, type HttpResponse } from "../../http/index.ts";
import { messages } from "../../messages/index.ts";
import { render } from "../../shortcuts/index.ts";
import { escapeHtml, markSafe, type SafeString } from "../../template/index.ts";
import { reverse } from "../../urls/index.ts";
import { capfirst, metaOf, permissionName, quoted, urlNamePrefix } from "./_util.ts";
import { ChangeList, ERROR_VAR, IncorrectLookupParameters } from "./changelist.ts";
import { collectDeleted, type DeletedNode } from "./deletion.ts";
import type { ListDisplayEntry } from "./display.ts";
import { InlineFormSet, ManagementFormError, type InlineClass } from "./inlines.ts";
import { AdminModelForm } from "./model-form.ts";
import type { AdminSite } from "./site.ts";

/** A fieldset of the change form: `[title | null, { fields, classes?, description? }]`. */
export type Fieldset = readonly [
  string | null,
  { fields: readonly string[]; classes?: readonly string[]; description?: string },
];

/** The actions a user may be allowed on a model. */
export type AdminAction = "view" | "add" | "change" | "delete";

/**
 * The admin options of one model (Django's `ModelAdmin`). Subclass it and set fields:
 *
 * @example
 * class QuestionAdmin extends ModelAdmin {
 *   override fieldsets = [[null, { fields: ["questionText"] }], ["Date information", { fields: ["pubDate"] }]] as const;
 *   override inlines = [ChoiceInline];
 *   override listDisplay = ["questionText", "pubDate", "wasPublishedRecently"];
 *   override listFilter = ["pubDate"];
 *   override searchFields = ["questionText"];
 * }
 * site.register(Question, QuestionAdmin);
 */
export class ModelAdmin {
  /** Columns of the changelist: field names, model or ModelAdmin method names, functions. */
  listDisplay: readonly ListDisplayEntry[] = ["__str__"];
  /** Sidebar filters: date, boolean, choice and ForeignKey field names. */
  listFilter: readonly string[] = [];
  /** Fields the search box looks in (`^f` starts with, `=f` exact, else contains). */
  searchFields: readonly string[] = [];
  /** Default ordering of the changelist (default: the model's). */
  ordering: readonly string[] | undefined = undefined;
  /** Rows per changelist page. */
  listPerPage = 100;
  /** The fields of the add/change form, in order (default: every editable field). */
  fields: readonly string[] | undefined = undefined;
  /** Grouped fields of the form; wins over `fields`. */
  fieldsets: readonly Fieldset[] | undefined = undefined;
  /** Related models edited on the same page. */
  inlines: readonly InlineClass[] = [];

  constructor(
    readonly model: ModelClass,
    readonly site: AdminSite,
  ) {}

  /** Whether `request.user` may do `action` on this model (`polls.change_question`). */
  async hasPermission(request: HttpRequest, action: AdminAction): Promise<boolean> {
    const user = request.user;
    if (!user.isActive || !user.isStaff) return false;
    if (action === "view" && (await user.hasPerm(permissionName(this.model, "change"))))
      return true;
    return Boolean(await user.hasPerm(permissionName(this.model, action)));
  }

  /** Every action's permission, for templates. */
  async permissions(request: HttpRequest): Promise<Record<AdminAction, boolean>> {
    return {
      view: await this.hasPermission(request, "view"),
      add: await this.hasPermission(request, "add"),
      change: await this.hasPermission(request, "change"),
      delete: await this.hasPermission(request, "delete"),
    };
  }

  /** The form's fields in order. */
  formFieldNames(): string[] {
    if (this.fieldsets !== undefined)
      return this.fieldsets.flatMap(([, options]) => [...options.fields]);
    if (this.fields !== undefined) return [...this.fields];
    return metaOf(this.model)
      .fields.filter((field) => field.editable && !field.primaryKey)
      .map((field) => field.name);
  }

  /** The URL of one of this model's admin views. */
  url(view: "changelist" | "add" | "change" | "delete", pk?: unknown): string {
    return reverse(`${this.site.name}:${urlNamePrefix(this.model)}_${view}`, {
      ...(pk === undefined ? {} : { args: [String(pk)] }),
    });
  }

  /** What every page of this model passes to its template. */
  protected async baseContext(
    request: HttpRequest,
    title: string,
  ): Promise<Record<string, unknown>> {
    const meta = metaOf(this.model);
    return {
      ...(await this.site.eachContext(request)),
      title,
      opts: {
        appLabel: meta.appLabel,
        modelName: meta.modelName,
        verboseName: meta.verboseName,
        verboseNamePlural: capfirst(meta.verboseNamePlural),
        appName: this.site.appVerboseName(meta.appLabel, request),
        appUrl: reverse(`${this.site.name}:app_list`, { args: [meta.appLabel] }),
        changelistUrl: this.url("changelist"),
        addUrl: this.url("add"),
      },
      perms: await this.permissions(request),
    };
  }

  private async findObject(request: HttpRequest, objectId: string): Promise<Model | undefined> {
    const pkField = metaOf(this.model).pk;
    let pk: unknown;
    try {
      pk = pkField.toPython(objectId);
    } catch {
      return undefined;
    }
    return (await this.model.objects.filter({ pk }).first()) ?? undefined;
  }

  private async missing(request: HttpRequest, objectId: string): Promise<HttpResponse> {
    messages.warning(
      request,
      `${capfirst(metaOf(this.model).verboseName)} with ID ${quoted(objectId)} doesn\u2019t exist. Perhaps it was deleted?`,
    );
    return new HttpResponseRedirect(reverse(`${this.site.name}:index`));
  }

  /** The changelist page (`/admin/polls/question/`). */
  async changelistView(request: HttpRequest): Promise<HttpResponse> {
    if (!(await this.hasPermission(request, "view"))) throw new PermissionDenied();
    const params = new URLSearchParams(request.META.QUERY_STRING ?? "");
    let cl: ChangeList;
    try {
      cl = new ChangeList(this.model, this, params);
      await cl.load();
    } catch (error) {
      if (!(error instanceof IncorrectLookupParameters)) throw error;
      if (params.has(ERROR_VAR)) throw new BadRequest(error.message);
      return new HttpResponseRedirect(`${request.path}?${ERROR_VAR}=1`);
    }
    const meta = metaOf(this.model);
    return render(request, ["admin/change_list.html"], {
      ...(await this.baseContext(request, cl.title)),
      cl,
      invalidParameters: params.has(ERROR_VAR),
      searchEnabled: this.searchFields.length > 0,
      resultRows: cl.rows.map((cells, i) => ({
        url: this.url("change", cl.results[i]!.pk),
        first: cells[0],
        rest: cells.slice(1),
      })),
      showAllUrl: `${request.path}`,
      modelName: meta.verboseNamePlural,
    });
  }

  /** The add page (`…/add/`). */
  addView(request: HttpRequest): Promise<HttpResponse> {
    return this.changeformView(request, undefined);
  }

  /** The change page (`…/<id>/change/`). */
  changeView(request: HttpRequest, objectId: string): Promise<HttpResponse> {
    return this.changeformView(request, objectId);
  }

  private async changeformView(
    request: HttpRequest,
    objectId: string | undefined,
  ): Promise<HttpResponse> {
    const adding = objectId === undefined;
    const meta = metaOf(this.model);
    let obj: Model | undefined;
    if (!adding) {
      obj = await this.findObject(request, objectId);
      if (obj === undefined) return this.missing(request, objectId);
    }
    if (!(await this.hasPermission(request, adding ? "add" : "change")))
      throw new PermissionDenied();
    const isPost = request.method === "POST";
    const data = isPost ? request.POST : undefined;
    const form = new AdminModelForm(this.model, this.formFieldNames(), {
      ...(data === undefined ? {} : { data }),
      ...(obj === undefined ? {} : { instance: obj }),
    });
    const formsets = this.inlines.map(
      (Inline) => new InlineFormSet(new Inline(), this.model, obj, data),
    );
    try {
      await form.prepare();
      for (const formset of formsets) await formset.build();
    } catch (error) {
      if (error instanceof ManagementFormError) throw new BadRequest(error.message);
      throw error;
    }
    let errorCount = 0;
    if (isPost) {
      const formValid = await form.isValid();
      let formsetsValid = true;
      for (const formset of formsets) {
        if (!(await formset.isValid())) formsetsValid = false;
      }
      if (formValid && formsetsValid) {
        const saved = await transaction.atomic(async () => {
          const instance = await form.save();
          for (const formset of formsets) await formset.save(instance);
          return instance;
        });
        return this.responseAfterSave(request, saved, adding);
      }
      errorCount =
        Object.keys(form.errors).length +
        formsets.reduce((sum, formset) => sum + formset.errorCount, 0);
    }
    const fieldsets = (this.fieldsets ?? [[null, { fields: this.formFieldNames() }]]).map(
      ([name, options]) => ({
        name,
        classes: (options.classes ?? []).join(" "),
        description: options.description ?? "",
        fields: form.fields.filter((field) => options.fields.includes(field.name)),
      }),
    );
    const title = `${adding ? "Add" : "Change"} ${meta.verboseName}`;
    return render(request, "admin/change_form.html", {
      ...(await this.baseContext(request, title)),
      adding,
      original: obj === undefined ? undefined : String(obj),
      deleteUrl: obj === undefined ? undefined : this.url("delete", obj.pk),
      form,
      fieldsets,
      inlineFormsets: formsets,
      errorCount,
      errorNote:
        errorCount === 1 ? "Please correct the error below." : "Please correct the errors below.",
    });
  }

  private responseAfterSave(request: HttpRequest, obj: Model, added: boolean): HttpResponse {
    const meta = metaOf(this.model);
    const done = `The ${meta.verboseName} ${quoted(String(obj))} was ${added ? "added" : "changed"} successfully.`;
    if (request.POST.has("_continue")) {
      messages.success(request, `${done} You may edit it again below.`);
      return new HttpResponseRedirect(this.url("change", obj.pk));
    }
    if (request.POST.has("_addanother")) {
      messages.success(request, `${done} You may add another ${meta.verboseName} below.`);
      return new HttpResponseRedirect(this.url("add"));
    }
    messages.success(request, done);
    return new HttpResponseRedirect(this.url("changelist"));
  }

  /** The delete confirmation page and the delete itself (`…/<id>/delete/`). */
  async deleteView(request: HttpRequest, objectId: string): Promise<HttpResponse> {
    const obj = await this.findObject(request, objectId);
    if (obj === undefined) return this.missing(request, objectId);
    if (!(await this.hasPermission(request, "delete"))) throw new PermissionDenied();
    const meta = metaOf(this.model);
    const summary = await collectDeleted(obj);
    if (request.method === "POST" && summary.protectedObjects.length === 0) {
      const name = String(obj);
      await transaction.atomic(() => obj.delete());
      messages.success(
        request,
        `The ${meta.verboseName} ${quoted(name)} was deleted successfully.`,
      );
      return new HttpResponseRedirect(this.url("changelist"));
    }
    return render(request, "admin/delete_confirmation.html", {
      ...(await this.baseContext(request, "Are you sure?")),
      object: String(obj),
      objectUrl: this.url("change", obj.pk),
      deletedObjects: renderTree(summary.tree),
      counts: summary.counts,
      protectedObjects: summary.protectedObjects,
    });
  }
}

/** The nested list of the delete confirmation page. */
function renderTree(node: DeletedNode): SafeString {
  const render = (item: DeletedNode): string =>
    `<li>${escapeHtml(item.text)}${item.children.length === 0 ? "" : `<ul>${item.children.map(render).join("")}</ul>`}</li>`;
  return markSafe(`<ul>${render(node)}</ul>`);
}
