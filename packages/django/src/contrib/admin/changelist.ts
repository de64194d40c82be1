// The changelist's query side (Django's ChangeList): filters, search (`?q=`), ordering
// (`?o=`), pagination (`?p=`), and the rows and headers the template shows.
import { Q, type Model, type ModelClass, type QNode, type QuerySet } from "../../db/index.ts";
import type { SafeString } from "../../template/index.ts";
import { capfirst, metaOf } from "./_util.ts";
import { renderCell, resolveColumn, type Column, type ListDisplayEntry } from "./display.ts";
import { InvalidFilterValue, makeFilter, type FilterChoice, type ListFilter } from "./filters.ts";

/** Parameters the changelist itself reads; every other one must belong to a filter. */
export const SEARCH_VAR = "q";
export const ORDER_VAR = "o";
export const PAGE_VAR = "p";
export const ERROR_VAR = "e";

/** What the changelist needs from its ModelAdmin. */
export interface ChangeListOptions {
  listDisplay: readonly ListDisplayEntry[];
  listFilter: readonly string[];
  searchFields: readonly string[];
  ordering: readonly string[] | undefined;
  listPerPage: number;
}

/** A column header: its text and the links that sort by it. */
export interface ColumnHeader {
  text: string;
  sortable: boolean;
  /** "ascending" / "descending" when the list is sorted by it. */
  sorted: "ascending" | "descending" | undefined;
  /** The query string that sorts by this column (toggling the direction). */
  toggleUrl: string;
  className: string;
}

/**
 * Splits a search into terms as Django's `smart_split`: whitespace separates, quotes keep a
 * phrase together.
 *
 * @example
 * searchTerms('what "is up"'); // ["what", "is up"]
 */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const term = match[1] ?? match[2] ?? match[3] ?? "";
    if (term !== "") terms.push(term);
  }
  return terms;
}

/** The lookup a `searchFields` entry uses: `^f` startswith, `=f` exact, else icontains. */
function searchLookup(entry: string): string {
  if (entry.startsWith("^")) return `${entry.slice(1)}__istartswith`;
  if (entry.startsWith("=")) return `${entry.slice(1)}__iexact`;
  if (entry.startsWith("@")) return `${entry.slice(1)}__icontains`;
  return `${entry}__icontains`;
}

/**
 * The search condition: each term must match in at least one field (terms ANDed, fields
 * ORed), as Django's `get_search_results`.
 *
 * @example
 * searchCondition(["questionText"], "what up"); // Q(questionText__icontains "what") AND Q(… "up")
 */
export function searchCondition(fields: readonly string[], query: string): QNode | undefined {
  const terms = searchTerms(query);
  if (fields.length === 0 || terms.length === 0) return undefined;
  return Q.and(
    ...terms.map((term) => Q.or(...fields.map((field) => ({ [searchLookup(field)]: term })))),
  );
}

/** A client asked for a list that cannot be shown (unknown filter, bad page): redirect `?e=1`. */
export class IncorrectLookupParameters extends Error {
  readonly code = "DJANGO_E_ADMIN_INCORRECT_LOOKUP";
}

/**
 * One request's changelist: build it, `await cl.load()`, then hand it to the template.
 *
 * @example
 * const cl = new ChangeList(Question, admin, new URLSearchParams("q=what&o=-2&p=1"));
 * await cl.load();
 * cl.resultCount; // rows shown across pages
 */
export class ChangeList {
  readonly columns: Column[];
  readonly filters: ListFilter[];
  readonly query: string;
  readonly page: number;
  /** Column orderings from `?o=`: [column index, descending]. */
  readonly orderFields: [number, boolean][];
  resultCount = 0;
  fullResultCount = 0;
  numPages = 1;
  results: Model[] = [];
  rows: SafeString[][] = [];
  filterSpecs: { title: string; choices: FilterChoice[] }[] = [];

  constructor(
    readonly model: ModelClass,
    readonly admin: ChangeListOptions & object,
    readonly params: URLSearchParams,
    now: Date = new Date(),
  ) {
    const display = admin.listDisplay.length > 0 ? admin.listDisplay : ["__str__"];
    this.columns = display.map((entry) => resolveColumn(model, admin, entry));
    this.filters = admin.listFilter.map((name) => makeFilter(model, name, params, now));
    const known = new Set([
      SEARCH_VAR,
      ORDER_VAR,
      PAGE_VAR,
      ERROR_VAR,
      ...this.filters.flatMap((f) => f.parameters),
    ]);
    for (const key of params.keys()) {
      if (!known.has(key))
        throw new IncorrectLookupParameters(`unknown changelist parameter "${key}"`);
    }
    this.query = params.get(SEARCH_VAR) ?? "";
    const pageText = params.get(PAGE_VAR) ?? "1";
    if (!/^\d+$/.test(pageText) || Number(pageText) < 1) {
      throw new IncorrectLookupParameters(`page "${pageText}" is not a positive whole number`);
    }
    this.page = Number(pageText);
    this.orderFields = [];
    const orderText = params.get(ORDER_VAR);
    if (orderText !== null && orderText !== "") {
      for (const part of orderText.split(".")) {
        const match = /^(-?)(\d+)$/.exec(part);
        const index = match === null ? NaN : Number(match[2]);
        if (match === null || this.columns[index - 1]?.ordering === undefined) {
          throw new IncorrectLookupParameters(`"${part}" in ?o= is not a sortable column`);
        }
        this.orderFields.push([index - 1, match[1] === "-"]);
      }
    }
  }

  /** The ORM ordering: the clicked columns, else the ModelAdmin's, else the model's, then -pk. */
  get ordering(): string[] {
    const ordering =
      this.orderFields.length > 0
        ? this.orderFields.map(
            ([index, desc]) => `${desc ? "-" : ""}${this.columns[index]!.ordering!}`,
          )
        : [...(this.admin.ordering ?? metaOf(this.model).ordering)];
    // A total order keeps pages stable (Django adds -pk too).
    if (!ordering.some((field) => ["pk", "-pk", "id", "-id"].includes(field))) ordering.push("-pk");
    return ordering;
  }

  /** The filtered, searched, ordered queryset (all pages). */
  queryset(): QuerySet<Model> {
    let queryset = this.model.objects.all() as QuerySet<Model>;
    try {
      for (const filter of this.filters) {
        const lookups = filter.lookups();
        if (Object.keys(lookups).length > 0) queryset = queryset.filter(lookups);
      }
    } catch (error) {
      if (error instanceof InvalidFilterValue) throw new IncorrectLookupParameters(error.message);
      throw error;
    }
    const search = searchCondition(this.admin.searchFields, this.query);
    if (search !== undefined) queryset = queryset.filter(search);
    return queryset.orderBy(...this.ordering);
  }

  /** A query string from the current parameters with some set or removed (`null`). */
  queryString(set: Record<string, string | null>, remove: readonly string[] = []): string {
    const params = new URLSearchParams(this.params);
    params.delete(ERROR_VAR);
    for (const key of remove) params.delete(key);
    for (const [key, value] of Object.entries(set)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    const text = params.toString();
    return text === "" ? "?" : `?${text}`;
  }

  /** Runs the queries: counts, the page's rows, the filters' choices. */
  async load(): Promise<void> {
    const queryset = this.queryset();
    this.resultCount = await queryset.count();
    this.fullResultCount = await this.model.objects.count();
    const perPage = Math.max(1, this.admin.listPerPage);
    this.numPages = Math.max(1, Math.ceil(this.resultCount / perPage));
    if (this.page > this.numPages) {
      throw new IncorrectLookupParameters(
        `page ${this.page} is past the last page (${this.numPages})`,
      );
    }
    const start = (this.page - 1) * perPage;
    this.results = await queryset.slice(start, start + perPage);
    this.rows = [];
    for (const obj of this.results) {
      const cells: SafeString[] = [];
      for (const column of this.columns) cells.push(await renderCell(column, obj));
      this.rows.push(cells);
    }
    this.filterSpecs = [];
    for (const filter of this.filters) {
      this.filterSpecs.push({
        title: filter.title,
        choices: await filter.choices((set) => this.queryString({ ...set, [PAGE_VAR]: null })),
      });
    }
  }

  /** The headers, with the sort links Django's result_headers builds. */
  get headers(): ColumnHeader[] {
    return this.columns.map((column, index) => {
      const current = this.orderFields.find(([i]) => i === index);
      const sorted = current === undefined ? undefined : current[1] ? "descending" : "ascending";
      const toggle = current === undefined || current[1] ? `${index + 1}` : `-${index + 1}`;
      return {
        text: column.header,
        sortable: column.ordering !== undefined,
        sorted,
        toggleUrl: this.queryString({ [ORDER_VAR]: toggle, [PAGE_VAR]: null }),
        className: `column-${column.name}${sorted === undefined ? "" : ` sorted ${sorted}`}`,
      };
    });
  }

  /** Whether a search or a filter narrows the list. */
  get isFiltered(): boolean {
    return (
      this.query !== "" || this.filters.some((filter) => Object.keys(filter.lookups()).length > 0)
    );
  }

  /** "3 questions" / "1 question". */
  get resultCountText(): string {
    const meta = metaOf(this.model);
    return `${this.resultCount} ${this.resultCount === 1 ? meta.verboseName : meta.verboseNamePlural}`;
  }

  /** The page links: [number, query string, current]. */
  get pageLinks(): { number: number; url: string; current: boolean }[] {
    return Array.from({ length: this.numPages }, (_, i) => ({
      number: i + 1,
      url: this.queryString({ [PAGE_VAR]: i === 0 ? null : String(i + 1) }),
      current: i + 1 === this.page,
    }));
  }

  get title(): string {
    return `Select ${metaOf(this.model).verboseName} to change`;
  }

  get verboseNamePlural(): string {
    return capfirst(metaOf(this.model).verboseNamePlural);
  }
}
