import { ImproperlyConfigured, Http404 } from "../core/exceptions.ts";
import { InvalidPage, Paginator, type Page, type Paginatable } from "../core/paginator.ts";
import type { HttpRequest } from "../http/request.ts";
import type { HttpResponseBase } from "../http/response.ts";
import type { QueryLike } from "../shortcuts/shortcuts.ts";
import { TemplateView } from "./base.ts";
import { modelNames } from "./model-meta.ts";

/** A model class as the generic views use it (`Question`, with `objects`). */
export type ModelLike = { objects: { all(): QueryLike<unknown> }; name: string };

/** What a ListView lists: a QuerySet or an array. */
export type ObjectList = QueryLike<unknown> | readonly unknown[];

/**
 * Django's `ListView`: lists `model`'s objects (or `queryset`, or `getQueryset()`), with
 * optional pagination (`paginateBy`, page from `?page=` or the URL's `page` kwarg, `last`
 * allowed, a bad page → 404). Context names are camelCase (see README): `objectList`, the
 * model's `<name>List` (e.g. `questionList`) or `contextObjectName`, and `paginator`,
 * `pageObj`, `isPaginated`. Default template: `<appLabel>/<modelname>_list.html`.
 *
 * @example
 * class IndexView extends ListView {
 *   override templateName = "polls/index.html";
 *   override contextObjectName = "latestQuestionList";
 *   override getQueryset() { return Question.objects.filter({ pubDate__lte: new Date() }).orderBy("-pubDate").slice(0, 5); }
 * }
 */
export class ListView extends TemplateView {
  model: ModelLike | undefined = undefined;
  queryset: ObjectList | undefined = undefined;
  ordering: string[] | undefined = undefined;
  paginateBy: number | undefined = undefined;
  paginateOrphans = 0;
  pageKwarg = "page";
  allowEmpty = true;
  contextObjectName: string | undefined = undefined;
  templateNameSuffix = "_list";
  /** What `get()` fetched: the QuerySet (or array) being listed. */
  objectList: ObjectList = [];

  /**
   * The objects to list (a fresh QuerySet each request). Synchronous on purpose: a QuerySet
   * is lazy and thenable, so an `async` override would run the query and lose pagination.
   */
  getQueryset(): ObjectList {
    let list: ObjectList;
    if (this.queryset !== undefined) {
      list = Array.isArray(this.queryset)
        ? [...this.queryset]
        : (this.queryset as QueryLike<unknown>).all();
    } else if (this.model !== undefined) {
      list = this.model.objects.all();
    } else {
      const name = this.constructor.name;
      throw new ImproperlyConfigured(
        `${name} is missing a QuerySet. Define ${name}.model, ${name}.queryset, or override ${name}.getQueryset().`,
      );
    }
    if (this.ordering !== undefined && !Array.isArray(list)) {
      list = (list as unknown as { orderBy(...fields: string[]): QueryLike<unknown> }).orderBy(
        ...this.ordering,
      );
    }
    return list;
  }

  /** The model of the list, from the QuerySet or `model`. */
  protected listModel(list: ObjectList): unknown {
    return (Array.isArray(list) ? undefined : (list as QueryLike<unknown>).model) ?? this.model;
  }

  /** `contextObjectName`, else `<model>List`. */
  getContextObjectName(list: ObjectList): string | undefined {
    if (this.contextObjectName !== undefined) return this.contextObjectName;
    const names = modelNames(this.listModel(list));
    return names === undefined ? undefined : `${names.contextName}List`;
  }

  /** Objects per page, or `undefined` for no pagination. */
  getPaginateBy(_list: ObjectList): number | undefined {
    return this.paginateBy;
  }

  /** Paginates `list`; an invalid page is a 404, as in Django. */
  async paginateQueryset(
    list: ObjectList,
    pageSize: number,
  ): Promise<{
    paginator: Paginator<unknown>;
    page: Page<unknown>;
    objects: unknown[];
    isPaginated: boolean;
  }> {
    const paginator = new Paginator(list as Paginatable<unknown>, pageSize, {
      orphans: this.paginateOrphans,
      allowEmptyFirstPage: this.allowEmpty,
    });
    const given = this.kwargs[this.pageKwarg] ?? this.request.GET.get(this.pageKwarg) ?? 1;
    let pageNumber: number;
    if (given === "last") {
      await paginator.load();
      pageNumber = paginator.numPages;
    } else if (/^\s*-?\d+\s*$/.test(String(given))) {
      pageNumber = Number(given);
    } else {
      throw new Http404("Page is not “last”, nor can it be converted to an int.");
    }
    try {
      const page = await paginator.page(pageNumber);
      return { paginator, page, objects: page.objectList, isPaginated: page.hasOtherPages() };
    } catch (error) {
      if (error instanceof InvalidPage)
        throw new Http404(`Invalid page (${pageNumber}): ${error.message}`);
      throw error;
    }
  }

  override async getContextData(
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const list = this.objectList;
    const pageSize = this.getPaginateBy(list);
    const name = this.getContextObjectName(list);
    let context: Record<string, unknown>;
    if (pageSize !== undefined) {
      const { paginator, page, objects, isPaginated } = await this.paginateQueryset(list, pageSize);
      context = { paginator, pageObj: page, isPaginated, objectList: objects };
    } else {
      context = { paginator: null, pageObj: null, isPaginated: false, objectList: list };
    }
    if (name !== undefined) context[name] = context.objectList;
    return super.getContextData({ ...context, ...extra });
  }

  override getTemplateNames(): string[] {
    const names = this.templateName === undefined ? [] : [this.templateName];
    const model = modelNames(this.listModel(this.objectList));
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
    this.objectList = this.getQueryset();
    if (!this.allowEmpty) {
      const empty = Array.isArray(this.objectList)
        ? this.objectList.length === 0
        : (await (this.objectList as unknown as QueryLike<unknown>).count()) === 0;
      if (empty)
        throw new Http404(`Empty list and '${this.constructor.name}.allowEmpty' is false.`);
    }
    return this.renderToResponse(await this.getContextData(this.kwargs));
  }
}
