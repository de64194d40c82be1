// Django's django.core.paginator, for arrays and async QuerySets alike: the count is fetched
// once (a COUNT query for a QuerySet) and each page slices its objects (LIMIT/OFFSET).
import { DjangoError } from "./exceptions.ts";

/**
 * The page number is not a page (Django's `InvalidPage`); ListView turns it into a 404.
 *
 * @example
 * try { await paginator.page(request.GET.get("page")); } catch (e) { if (e instanceof InvalidPage) throw new Http404(); }
 */
export class InvalidPage extends DjangoError {}
/**
 * The page number is not an integer.
 *
 * @example
 * await paginator.page("abc"); // throws PageNotAnInteger
 */
export class PageNotAnInteger extends InvalidPage {
  constructor(message = "That page number is not an integer") {
    super("DJANGO_E_PAGE_NOT_AN_INTEGER", message);
  }
}
/**
 * The page number is past the last page (or below 1).
 *
 * @example
 * await paginator.page(999); // throws EmptyPage
 */
export class EmptyPage extends InvalidPage {
  constructor(message: string) {
    super("DJANGO_E_EMPTY_PAGE", message);
  }
}

/** What can be paginated: an array, or anything with async `count()` and `slice()` (a QuerySet). */
export type Paginatable<T> =
  readonly T[] | { count(): Promise<number>; slice(start: number, end?: number): PromiseLike<T[]> };

/** Options of {@link Paginator}. */
export interface PaginatorOptions {
  /** A last page with this many objects or fewer is merged into the one before. */
  orphans?: number;
  /** Whether page 1 exists when there are no objects (default true). */
  allowEmptyFirstPage?: boolean;
}

/**
 * Splits objects into pages (Django's `Paginator`). Async because counting a QuerySet is a
 * query; `count` and `numPages` are cached after the first `page()`/`validate()`, so
 * templates can read `paginator.numPages` synchronously.
 *
 * @example
 * const paginator = new Paginator(Question.objects.orderBy("-pubDate"), 10);
 * const page = await paginator.page(2);
 * page.objectList; page.hasNext(); paginator.numPages;
 */
export class Paginator<T> {
  readonly perPage: number;
  readonly orphans: number;
  readonly allowEmptyFirstPage: boolean;
  #count: number | undefined;

  constructor(
    readonly objectList: Paginatable<T>,
    perPage: number,
    options: PaginatorOptions = {},
  ) {
    if (!Number.isInteger(perPage) || perPage < 1)
      throw new RangeError("perPage must be a positive integer");
    this.perPage = perPage;
    this.orphans = options.orphans ?? 0;
    this.allowEmptyFirstPage = options.allowEmptyFirstPage ?? true;
    if (Array.isArray(objectList)) this.#count = objectList.length;
  }

  /** Counts the objects (once). */
  async load(): Promise<this> {
    if (this.#count === undefined) {
      this.#count = await (this.objectList as { count(): Promise<number> }).count();
    }
    return this;
  }

  /** Total number of objects; available after `load()` or `page()`. */
  get count(): number {
    if (this.#count === undefined)
      throw new Error("await paginator.load() (or page()) before reading count");
    return this.#count;
  }

  /** Number of pages; available after `load()` or `page()`. */
  get numPages(): number {
    const count = this.count;
    if (count === 0 && !this.allowEmptyFirstPage) return 0;
    const hits = Math.max(1, count - this.orphans);
    return Math.ceil(hits / this.perPage);
  }

  /** `[1, 2, …, numPages]`. */
  get pageRange(): number[] {
    return Array.from({ length: this.numPages }, (_, index) => index + 1);
  }

  /** A valid page number from user input, or `PageNotAnInteger` / `EmptyPage`. */
  async validateNumber(number: unknown): Promise<number> {
    const text = typeof number === "string" ? number.trim() : number;
    const value = typeof text === "number" ? text : Number(text);
    if (text === "" || text === null || !Number.isInteger(value)) throw new PageNotAnInteger();
    if (value < 1) throw new EmptyPage("That page number is less than 1");
    await this.load();
    if (value > this.numPages && !(value === 1 && this.allowEmptyFirstPage)) {
      throw new EmptyPage("That page contains no results");
    }
    return value;
  }

  /**
   * Page `number` (1-based); `InvalidPage` subclasses for bad numbers.
   *
   * @example
   * const page = await paginator.page(1);
   */
  async page(number: unknown): Promise<Page<T>> {
    const valid = await this.validateNumber(number);
    const bottom = (valid - 1) * this.perPage;
    let top = bottom + this.perPage;
    if (top + this.orphans >= this.count) top = this.count;
    const objects = Array.isArray(this.objectList)
      ? this.objectList.slice(bottom, top)
      : await (this.objectList as { slice(a: number, b?: number): PromiseLike<T[]> }).slice(
          bottom,
          top,
        );
    return new Page(objects, valid, this);
  }

  /**
   * Like `page`, but a non-integer gives page 1 and a too-large number the last page
   * (Django's `get_page`).
   *
   * @example
   * const page = await paginator.getPage(request.GET.get("page"));
   */
  async getPage(number: unknown): Promise<Page<T>> {
    try {
      return await this.page(number);
    } catch (error) {
      if (error instanceof PageNotAnInteger) return this.page(1);
      if (error instanceof EmptyPage) return this.page(Math.max(1, this.numPages));
      throw error;
    }
  }
}

/**
 * One page of a {@link Paginator}: its objects and where it sits.
 *
 * @example
 * {% for question in pageObj %}…{% endfor %}
 * {% if pageObj.hasNext %}<a href="?page={{ pageObj.nextPageNumber }}">next</a>{% endif %}
 */
export class Page<T> implements Iterable<T> {
  constructor(
    readonly objectList: T[],
    readonly number: number,
    readonly paginator: Paginator<T>,
  ) {}

  get length(): number {
    return this.objectList.length;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.objectList[Symbol.iterator]();
  }

  hasNext(): boolean {
    return this.number < this.paginator.numPages;
  }

  hasPrevious(): boolean {
    return this.number > 1;
  }

  hasOtherPages(): boolean {
    return this.hasNext() || this.hasPrevious();
  }

  nextPageNumber(): number {
    if (!this.hasNext()) throw new EmptyPage("That page contains no results");
    return this.number + 1;
  }

  previousPageNumber(): number {
    if (!this.hasPrevious()) throw new EmptyPage("That page number is less than 1");
    return this.number - 1;
  }

  /** 1-based index of the first object on this page (0 when there are none). */
  startIndex(): number {
    if (this.paginator.count === 0) return 0;
    return this.paginator.perPage * (this.number - 1) + 1;
  }

  /** 1-based index of the last object on this page. */
  endIndex(): number {
    if (this.number === this.paginator.numPages) return this.paginator.count;
    return this.number * this.paginator.perPage;
  }

  toString(): string {
    return `<Page ${this.number} of ${this.paginator.numPages}>`;
  }
}
