// Managers: the entry point for queries on a model (`Question.objects`). A custom manager
// subclasses Manager and overrides getQueryset().
import { DbConfigError } from "../errors.ts";
import type { Condition, Lookups } from "../query/q.ts";
import { QuerySet } from "../query/queryset.ts";
import type { DeleteResult } from "../query/deletion.ts";
import type { Model } from "./model.ts";
import type { ModelClass, ModelValues } from "./types.ts";
import { markAltersData } from "../alters-data.ts";

/**
 * A model's query interface. Every QuerySet method is available on the manager and starts
 * from `getQueryset()`. Create custom managers inside the class body with `this` (the class):
 *
 * @example
 * class PublishedManager extends Manager<Question> {
 *   override getQueryset() { return super.getQueryset().filter({ pubDate__lte: new Date() }); }
 * }
 * class Question extends Model {
 *   static published = new PublishedManager(this);
 *   declare static objects: Manager<Question>; // types the default manager
 * }
 */
export class Manager<M extends Model = Model> {
  private boundModel: ModelClass<M> | undefined;

  constructor(model?: ModelClass<M>) {
    this.boundModel = model;
  }

  /** Internal: attaches a manager created without a model (`static x = new Manager()`). */
  contributeToClass(model: ModelClass<M>): void {
    this.boundModel ??= model;
  }

  /** The model this manager queries. */
  get model(): ModelClass<M> {
    if (!this.boundModel) {
      throw new DbConfigError(
        "This manager is not attached to a model: create it inside the class body as new MyManager(this)",
      );
    }
    return this.boundModel;
  }

  /** The base QuerySet every other method starts from; override to narrow it. */
  getQueryset(): QuerySet<M> {
    return new QuerySet<M>(this.model);
  }

  all(): QuerySet<M> {
    return this.getQueryset().all();
  }
  filter(...conditions: Condition[]): QuerySet<M> {
    return this.getQueryset().filter(...conditions);
  }
  exclude(...conditions: Condition[]): QuerySet<M> {
    return this.getQueryset().exclude(...conditions);
  }
  orderBy(...fields: string[]): QuerySet<M> {
    return this.getQueryset().orderBy(...fields);
  }
  distinct(): QuerySet<M> {
    return this.getQueryset().distinct();
  }
  none(): QuerySet<M> {
    return this.getQueryset().none();
  }
  using(alias: string): QuerySet<M> {
    return this.getQueryset().using(alias);
  }
  slice(start: number, end?: number): QuerySet<M> {
    return this.getQueryset().slice(start, end);
  }
  values(...fields: string[]): QuerySet<M, Record<string, unknown>> {
    return this.getQueryset().values(...fields);
  }
  valuesList(...args: [...fields: string[], options: { flat: true }]): QuerySet<M, unknown>;
  valuesList(
    ...args: [...fields: string[], options: { flat?: boolean }] | string[]
  ): QuerySet<M, unknown[]>;
  valuesList(...args: (string | { flat?: boolean })[]): QuerySet<M, unknown> {
    return (this.getQueryset().valuesList as (...a: unknown[]) => QuerySet<M, unknown>)(...args);
  }
  get(...conditions: Condition[]): Promise<M> {
    return this.getQueryset().get(...conditions);
  }
  count(): Promise<number> {
    return this.getQueryset().count();
  }
  exists(): Promise<boolean> {
    return this.getQueryset().exists();
  }
  first(): Promise<M | undefined> {
    return this.getQueryset().first();
  }
  last(): Promise<M | undefined> {
    return this.getQueryset().last();
  }
  latest(...fields: string[]): Promise<M> {
    return this.getQueryset().latest(...fields);
  }
  earliest(...fields: string[]): Promise<M> {
    return this.getQueryset().earliest(...fields);
  }
  create(values: ModelValues<M> = {}): Promise<M> {
    return this.getQueryset().create(values);
  }
  getOrCreate(lookups: Lookups, defaults?: Lookups): Promise<[M, boolean]> {
    return this.getQueryset().getOrCreate(lookups, defaults);
  }
  updateOrCreate(lookups: Lookups, defaults?: Lookups): Promise<[M, boolean]> {
    return this.getQueryset().updateOrCreate(lookups, defaults);
  }
  update(values: Lookups): Promise<number> {
    return this.getQueryset().update(values);
  }
  bulkCreate(instances: M[]): Promise<M[]> {
    return this.getQueryset().bulkCreate(instances);
  }
  inBulk(ids?: readonly unknown[]): Promise<Map<unknown, M>> {
    return this.getQueryset().inBulk(ids);
  }
}

/** Internal: the manager delete() runs through (no custom filters). */
export type { DeleteResult };

// Templates must never call these (Django's alters_data).
markAltersData(Manager.prototype);
