// Lazy, immutable, thenable QuerySets. Every method that narrows a query returns a new
// QuerySet; nothing touches the database until it is awaited (or iterated with for await),
// or a terminal method (get, count, exists, first, update, delete…) is called.
import type { SqlParam } from "../backends/types.ts";
import { connections } from "../connections.ts";
import { FieldError, QuerySetError } from "../errors.ts";
import type { Model } from "../models/model.ts";
import type { ModelClass, ModelValues } from "../models/types.ts";
import { deleteByPks, type DeleteResult } from "./deletion.ts";
import { getOrCreate, updateOrCreate } from "./get-or-create.ts";
import { compileQuery, compileUpdate, type QueryState, type ValuesMode } from "./compiler.ts";
import { CompileContext, type Scope } from "./scope.ts";
import { QNode, toQ, type Condition, type Lookups } from "./q.ts";
import { markAltersData } from "../alters-data.ts";

/** Django fetches this many rows in get() to say how many matched. */
const MAX_GET_RESULTS = 21;

/**
 * A lazy database query returning model instances (or dicts/tuples after `values`/
 * `valuesList`). Await it for an array; `for await` iterates it.
 *
 * @example
 * const latest = await Question.objects.filter({ pubDate__lte: new Date() }).orderBy("-pubDate").slice(0, 5);
 * for await (const choice of question.choiceSet.all()) console.log(choice.choiceText);
 */
export class QuerySet<M extends Model = Model, R = M>
  implements PromiseLike<R[]>, AsyncIterable<R>
{
  private resultCache: Promise<R[]> | undefined;
  private readonly state: QueryState;

  constructor(model: ModelClass<M>, state?: QueryState) {
    this.state = state ?? {
      model,
      where: [],
      ordering: undefined,
      low: 0,
      high: undefined,
      distinct: false,
      values: undefined,
      none: false,
      using: undefined,
    };
  }

  /** The model queried. */
  get model(): ModelClass<M> {
    return this.state.model as ModelClass<M>;
  }

  /** The database alias the query runs on. */
  get db(): string {
    return this.state.using ?? "default";
  }

  /** True if the query has an ordering (explicit or the model's `meta.ordering`). */
  get ordered(): boolean {
    return this.effectiveOrdering().length > 0;
  }

  /** True once `slice()` limited the query. */
  get isSliced(): boolean {
    return this.state.low > 0 || this.state.high !== undefined;
  }

  private clone<T = R>(changes: Partial<QueryState>): QuerySet<M, T> {
    return new QuerySet<M, T>(this.model, { ...this.state, ...changes });
  }

  private assertNotSliced(action: string): void {
    if (this.isSliced)
      throw new QuerySetError(`Cannot ${action} a query once a slice has been taken.`);
  }

  private effectiveOrdering(): readonly string[] {
    return this.state.ordering ?? this.model.getMeta().ordering;
  }

  /** A copy of this query (Django's `all()`). */
  all(): QuerySet<M, R> {
    return this.clone({});
  }

  /**
   * Rows matching all the lookups (dicts and Q objects, ANDed).
   *
   * @example
   * Question.objects.filter({ pubDate__year: 2026 }, Q.or({ id: 1 }, { id: 2 }));
   */
  filter(...conditions: Condition[]): QuerySet<M, R> {
    this.assertNotSliced("filter");
    return this.clone({ where: [...this.state.where, ...conditions.map(toQ)] });
  }

  /**
   * Rows not matching the lookups.
   *
   * @example
   * Question.objects.exclude({ questionText__startswith: "Why" });
   */
  exclude(...conditions: Condition[]): QuerySet<M, R> {
    this.assertNotSliced("filter");
    return this.clone({
      where: [...this.state.where, new QNode(conditions.map(toQ), "AND", true)],
    });
  }

  /**
   * Orders by fields (`-field` descending, `question__pubDate` across a ForeignKey, `?` random).
   * With no arguments, clears the ordering (including `meta.ordering`).
   *
   * @example
   * Question.objects.orderBy("-pubDate", "id");
   */
  orderBy(...fields: string[]): QuerySet<M, R> {
    this.assertNotSliced("reorder");
    return this.clone({ ordering: fields });
  }

  /** Reverses the ordering (the primary key's if there is none). */
  reverse(): QuerySet<M, R> {
    const ordering = this.ordered ? this.effectiveOrdering() : ["pk"];
    return this.clone({
      ordering: ordering.map((field) =>
        field === "?" ? field : field.startsWith("-") ? field.slice(1) : `-${field}`,
      ),
    });
  }

  /** SELECT DISTINCT. */
  distinct(): QuerySet<M, R> {
    return this.clone({ distinct: true });
  }

  /**
   * Python's `qs[start:end]`: LIMIT/OFFSET. Negative indexes are not supported (as in Django).
   *
   * @example
   * Question.objects.orderBy("-pubDate").slice(0, 5); // the five latest
   */
  slice(start: number, end?: number): QuerySet<M, R> {
    if (
      !Number.isInteger(start) ||
      start < 0 ||
      (end !== undefined && (!Number.isInteger(end) || end < 0))
    ) {
      throw new QuerySetError("slice() takes non-negative integer bounds");
    }
    const low = this.state.low + start;
    let high = end === undefined ? this.state.high : this.state.low + Math.max(end, start);
    if (this.state.high !== undefined && high !== undefined) high = Math.min(high, this.state.high);
    return this.clone({ low: Math.min(low, high ?? low), high });
  }

  /** An empty result that never queries the database. */
  none(): QuerySet<M, R> {
    return this.clone({ none: true });
  }

  /** Runs on another database alias. */
  using(alias: string): QuerySet<M, R> {
    return this.clone({ using: alias });
  }

  /**
   * Rows as plain objects keyed by field name (default: every field, ForeignKeys as `<name>Id`).
   *
   * @example
   * await Question.objects.values("id", "questionText"); // [{ id: 1, questionText: "…" }]
   */
  values(...fields: string[]): QuerySet<M, Record<string, unknown>> {
    return this.clone<Record<string, unknown>>({ values: { mode: "dict", fields } });
  }

  /**
   * Rows as arrays, or with `{ flat: true }` and one field, as single values.
   *
   * @example
   * await Choice.objects.valuesList("id", "votes");              // [[1, 0], [2, 3]]
   * await Choice.objects.valuesList("votes", { flat: true });    // [0, 3]
   */
  valuesList(...args: [...fields: string[], options: { flat: true }]): QuerySet<M, unknown>;
  valuesList(
    ...args: [...fields: string[], options: { flat?: boolean }] | string[]
  ): QuerySet<M, unknown[]>;
  valuesList(...args: (string | { flat?: boolean })[]): QuerySet<M, unknown> {
    const last = args[args.length - 1];
    const options = typeof last === "object" && last !== null ? last : {};
    const fields = args.filter((arg): arg is string => typeof arg === "string");
    if (options.flat && fields.length !== 1) {
      throw new QuerySetError("valuesList({ flat: true }) needs exactly one field");
    }
    const mode: ValuesMode = options.flat ? "flat" : "list";
    return this.clone<unknown>({ values: { mode, fields } });
  }

  /** SQL and parameters of the SELECT (Django's `str(qs.query)`), for debugging. */
  toSql(): { sql: string; params: SqlParam[] } {
    const ctx = new CompileContext(connections.get(this.db).ops);
    const { sql } = compileQuery(ctx, this.state, { kind: "select" });
    return { sql, params: ctx.params };
  }

  /** Internal: compiles as a one-column subquery for `__in` (Subquery protocol). */
  compileSubquery(scope: Scope): string {
    return compileQuery(scope.ctx, this.state, { kind: "subquery" }).sql;
  }

  private async fetch(): Promise<R[]> {
    if (this.state.none) return [];
    const backend = connections.get(this.db);
    const ctx = new CompileContext(backend.ops);
    const { sql, convert } = compileQuery(ctx, this.state, { kind: "select" });
    const { rows } = await backend.query(sql, ctx.params);
    return rows.map((row) => convert(row, this.db) as R);
  }

  then<A = R[], B = never>(
    onfulfilled?: ((value: R[]) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    if (!this.resultCache) {
      this.resultCache = this.fetch();
      this.resultCache.catch(() => {
        this.resultCache = undefined;
      });
    }
    return this.resultCache.then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected: (reason: unknown) => B | PromiseLike<B>): Promise<R[] | B> {
    return this.then(undefined, onrejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    for (const item of await this) yield item;
  }

  /**
   * The single row matching the lookups; throws `Model.DoesNotExist` or
   * `Model.MultipleObjectsReturned`.
   *
   * @example
   * const q = await Question.objects.get({ pk: 1 });
   */
  async get(...conditions: Condition[]): Promise<R> {
    let query: QuerySet<M, R> = conditions.length > 0 ? this.filter(...conditions) : this;
    if (!query.isSliced) query = query.clone({ ordering: [], high: MAX_GET_RESULTS });
    const rows = await query;
    const name = this.model.getMeta().objectName;
    if (rows.length === 1) return rows[0] as R;
    if (rows.length === 0)
      throw new this.model.DoesNotExist(`${name} matching query does not exist.`);
    const more = rows.length === MAX_GET_RESULTS ? "more than 20" : String(rows.length);
    throw new this.model.MultipleObjectsReturned(
      `get() returned more than one ${name} -- it returned ${more}!`,
    );
  }

  /** Number of rows (SELECT COUNT(*)). */
  async count(): Promise<number> {
    if (this.state.none) return 0;
    const backend = connections.get(this.db);
    const ctx = new CompileContext(backend.ops);
    const { sql } = compileQuery(ctx, this.state, { kind: "count" });
    const { rows } = await backend.query(sql, ctx.params);
    return Number(rows[0]?.[0] ?? 0);
  }

  /** True if any row matches (SELECT 1 … LIMIT 1). */
  async exists(): Promise<boolean> {
    if (this.state.none) return false;
    const backend = connections.get(this.db);
    const ctx = new CompileContext(backend.ops);
    const { sql } = compileQuery(ctx, this.state, { kind: "exists" });
    const { rows } = await backend.query(sql, ctx.params);
    return rows.length > 0;
  }

  /** The first row by the ordering (the primary key if none), or undefined. */
  async first(): Promise<R | undefined> {
    const query = this.ordered ? this : this.orderBy("pk");
    const rows = await query.slice(0, 1);
    return rows[0];
  }

  /** The last row by the ordering (the primary key if none), or undefined. */
  async last(): Promise<R | undefined> {
    const rows = await this.reverse().slice(0, 1);
    return rows[0];
  }

  /** The row with the greatest `field` (default `meta.getLatestBy`). */
  async latest(...fields: string[]): Promise<R> {
    const order = fields.length > 0 ? fields : [this.latestField()];
    const descending = order.map((f) => (f.startsWith("-") ? f.slice(1) : `-${f}`));
    return this.orderBy(...descending)
      .slice(0, 1)
      .get();
  }

  /** The row with the smallest `field` (default `meta.getLatestBy`). */
  async earliest(...fields: string[]): Promise<R> {
    return this.orderBy(...(fields.length > 0 ? fields : [this.latestField()]))
      .slice(0, 1)
      .get();
  }

  private latestField(): string {
    const field = this.model.getMeta().getLatestBy;
    if (!field) throw new QuerySetError("latest()/earliest() need a field or meta.getLatestBy");
    return field;
  }

  /**
   * Creates and saves an instance.
   *
   * @example
   * const q = await Question.objects.create({ questionText: "What's new?", pubDate: new Date() });
   */
  async create(values: ModelValues<M> = {}): Promise<M> {
    const instance = new this.model(values as Record<string, unknown>);
    await instance.save({ forceInsert: true, using: this.db });
    return instance;
  }

  /**
   * Gets the row matching `lookups`, or creates it from `lookups` (plain fields only) plus
   * `defaults`. Returns `[object, created]`.
   *
   * @example
   * const [question, created] = await Question.objects.getOrCreate({ questionText: "Hi?" }, { pubDate: new Date() });
   */
  getOrCreate(lookups: Lookups, defaults: Lookups = {}): Promise<[M, boolean]> {
    return getOrCreate(this.clone<M>({ values: undefined }), lookups, defaults);
  }

  /**
   * Updates the row matching `lookups` with `defaults`, or creates it. Returns `[object, created]`.
   *
   * @example
   * await Choice.objects.updateOrCreate({ choiceText: "Yes", question }, { votes: 0 });
   */
  updateOrCreate(lookups: Lookups, defaults: Lookups = {}): Promise<[M, boolean]> {
    return updateOrCreate(this.clone<M>({ values: undefined }), lookups, defaults);
  }

  /**
   * Updates every matching row in one UPDATE (F expressions allowed); returns the row count.
   *
   * @example
   * await Choice.objects.filter({ pk: 3 }).update({ votes: F("votes").add(1) });
   */
  async update(values: Lookups): Promise<number> {
    this.assertNotSliced("update");
    if (this.state.none) return 0;
    if (Object.keys(values).length === 0) throw new FieldError("update() needs at least one field");
    const backend = connections.get(this.db);
    const ctx = new CompileContext(backend.ops);
    const sql = compileUpdate(ctx, this.state, values);
    const result = await backend.execute(sql, ctx.params);
    return result.changes;
  }

  /**
   * Deletes the matching rows, following each ForeignKey's `onDelete` (CASCADE, PROTECT,
   * RESTRICT, SET_NULL, SET_DEFAULT, DO_NOTHING). Returns `[total, { "polls.Choice": n, … }]`.
   *
   * @example
   * const [deleted] = await Question.objects.filter({ pubDate__year: 2005 }).delete();
   */
  async delete(): Promise<DeleteResult> {
    this.assertNotSliced("delete");
    if (this.state.distinct) throw new QuerySetError("Cannot call delete() after distinct()");
    if (this.state.none) return [0, {}];
    const pks = await this.clone<unknown>({
      values: { mode: "flat", fields: ["pk"] },
      ordering: [],
    });
    return deleteByPks(this.model, pks, this.db);
  }

  /**
   * Saves many new instances (one INSERT each, in one transaction).
   *
   * @example
   * await Choice.objects.bulkCreate([new Choice({ … }), new Choice({ … })]);
   */
  async bulkCreate(instances: M[]): Promise<M[]> {
    await connections.get(this.db).atomic(async () => {
      for (const instance of instances) await instance.save({ forceInsert: true, using: this.db });
    });
    return instances;
  }

  /**
   * Instances by primary key (`{ 1: question1, … }`).
   *
   * @example
   * const byId = await Question.objects.inBulk([1, 2]);
   */
  async inBulk(ids?: readonly unknown[]): Promise<Map<unknown, M>> {
    const base = new QuerySet<M>(this.model as ModelClass<M>, { ...this.state, values: undefined });
    const rows = await (ids === undefined ? base : base.filter({ pk__in: ids }));
    return new Map(rows.map((row) => [row.pk, row]));
  }
}

// Templates must never call these (Django's alters_data).
markAltersData(QuerySet.prototype);
