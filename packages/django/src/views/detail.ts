import { ImproperlyConfigured, Http404 } from "../core/exceptions.ts";
import { ObjectDoesNotExist } from "../db/index.ts";
import type { HttpRequest } from "../http/request.ts";
import type { HttpResponseBase } from "../http/response.ts";
import type { QueryLike } from "../shortcuts/shortcuts.ts";
import { TemplateView } from "./base.ts";
import type { ModelLike } from "./list.ts";
import { modelNames } from "./model-meta.ts";

/**
 * Django's `DetailView`: shows the object whose `pk` (URL kwarg `pkUrlKwarg`, default "pk")
 * or slug (`slugUrlKwarg` → `slugField`) the URL names, from `model`, `queryset` or
 * `getQueryset()`; no such object → 404. Context: `object` and the camelCase model name
 * (`question`) or `contextObjectName`. Default template: `<appLabel>/<modelname>_detail.html`.
 *
 * @example
 * class DetailView extends generic.DetailView {
 *   override model = Question;
 *   override templateName = "polls/detail.html";
 *   override getQueryset() { return Question.objects.filter({ pubDate__lte: new Date() }); }
 * }
 * path("<int:pk>/", DetailView.asView(), { name: "detail" });
 */
export class DetailView extends TemplateView {
  model: ModelLike | undefined = undefined;
  queryset: QueryLike<unknown> | undefined = undefined;
  slugField = "slug";
  slugUrlKwarg = "slug";
  pkUrlKwarg = "pk";
  queryPkAndSlug = false;
  contextObjectName: string | undefined = undefined;
  templateNameField: string | undefined = undefined;
  templateNameSuffix = "_detail";
  /** The object `get()` found. */
  object: unknown = undefined;

  /**
   * Where the object is looked up (a fresh QuerySet). Synchronous: an `async` override would
   * run the (thenable) QuerySet instead of returning it.
   */
  getQueryset(): QueryLike<unknown> {
    if (this.queryset !== undefined) return this.queryset.all();
    if (this.model !== undefined) return this.model.objects.all();
    const name = this.constructor.name;
    throw new ImproperlyConfigured(
      `${name} is missing a QuerySet. Define ${name}.model, ${name}.queryset, or override ${name}.getQueryset().`,
    );
  }

  /** The object named by the URL, or `Http404`. */
  async getObject(queryset?: QueryLike<unknown>): Promise<unknown> {
    let query = queryset ?? this.getQueryset();
    const pk = this.kwargs[this.pkUrlKwarg];
    const slug = this.kwargs[this.slugUrlKwarg];
    if (pk !== undefined) query = query.filter({ pk });
    if (slug !== undefined && (pk === undefined || this.queryPkAndSlug)) {
      query = query.filter({ [this.slugField]: slug });
    }
    if (pk === undefined && slug === undefined) {
      throw new ImproperlyConfigured(
        `Generic detail view ${this.constructor.name} must be called with either an object pk or a slug in the URLconf.`,
      );
    }
    try {
      return await query.get();
    } catch (error) {
      if (error instanceof ObjectDoesNotExist) {
        const names = modelNames(query.model ?? this.model);
        throw new Http404(`No ${names?.modelName ?? "object"} found matching the query`);
      }
      throw error;
    }
  }

  /** `contextObjectName`, else the camelCase model name. */
  getContextObjectName(object: unknown): string | undefined {
    if (this.contextObjectName !== undefined) return this.contextObjectName;
    return modelNames((object as { constructor?: unknown } | null)?.constructor ?? this.model)
      ?.contextName;
  }

  override async getContextData(
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const context: Record<string, unknown> = { object: this.object };
    const name = this.getContextObjectName(this.object);
    if (name !== undefined) context[name] = this.object;
    return super.getContextData({ ...context, ...extra });
  }

  override getTemplateNames(): string[] {
    const names = this.templateName === undefined ? [] : [this.templateName];
    if (this.templateNameField !== undefined) {
      const fromObject = (this.object as Record<string, unknown> | null)?.[this.templateNameField];
      if (typeof fromObject === "string" && fromObject !== "") names.push(fromObject);
    }
    const model = modelNames(
      (this.object as { constructor?: unknown } | null)?.constructor ?? this.model,
    );
    if (model?.appLabel !== undefined)
      names.push(`${model.appLabel}/${model.modelName}${this.templateNameSuffix}.html`);
    if (names.length === 0) {
      throw new ImproperlyConfigured(
        `${this.constructor.name} requires either a 'templateName' or a model with an app label (or getTemplateNames())`,
      );
    }
    return names;
  }

  override async get(_request: HttpRequest): Promise<HttpResponseBase> {
    this.object = await this.getObject();
    return this.renderToResponse(await this.getContextData(this.kwargs));
  }
}
