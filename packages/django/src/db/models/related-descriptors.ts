// Relation accessors installed on model prototypes: the forward `choice.question` (a lazy
// thenable, so `await choice.question` loads it) and the reverse `question.choiceSet`
// (a related manager).
import { QuerySetError } from "../errors.ts";
import type { ForeignKey } from "../fields/related.ts";
import { QuerySet } from "../query/queryset.ts";
import { Manager } from "./manager.ts";
import type { Model } from "./model.ts";
import type { ReverseRelation } from "./options.ts";
import type { ModelClass, ModelValues } from "./types.ts";
import { markAltersData } from "../alters-data.ts";

/** Per-instance state kept off the instance, so instances serialise as plain field values. */
export interface InstanceState {
  adding: boolean;
  db: string | undefined;
  related: Map<string, Model | null>;
}

const states = new WeakMap<object, InstanceState>();

/** Internal: the state of an instance (created on first use). */
export function instanceState(instance: object): InstanceState {
  let state = states.get(instance);
  if (!state) {
    state = { adding: true, db: undefined, related: new Map() };
    states.set(instance, state);
  }
  return state;
}

/**
 * The forward side of a ForeignKey: `await choice.question` resolves to the Question (or null
 * for a null key), loaded once and cached. Nothing is queried until it is awaited.
 *
 * @example
 * const question = await choice.question;
 * choice.questionId; // the key, synchronously
 */
export class RelatedObject<T> implements PromiseLike<T> {
  constructor(
    private readonly instance: Model,
    private readonly field: ForeignKey,
  ) {}

  /** The raw key (`choice.questionId`). */
  get id(): unknown {
    return (this.instance as unknown as Record<string, unknown>)[this.field.attname];
  }

  private async load(): Promise<T> {
    const key = this.id;
    if (key === null || key === undefined) return null as T;
    const state = instanceState(this.instance);
    const cached = state.related.get(this.field.name);
    if (cached && cached.pk === key) return cached as T;
    const target = this.field.relatedModel();
    const object = await new QuerySet(target).using(state.db ?? "default").get({ pk: key });
    state.related.set(this.field.name, object);
    return object as T;
  }

  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.load().then(onfulfilled, onrejected);
  }
}

/** Internal: sets a ForeignKey from an instance, a key, or null; caches the instance. */
export function setRelated(instance: Model, field: ForeignKey, value: unknown): void {
  const record = instance as unknown as Record<string, unknown>;
  const state = instanceState(instance);
  if (value === null || value === undefined) {
    record[field.attname] = null;
    state.related.delete(field.name);
  } else if (typeof value === "object" && "pk" in value) {
    record[field.attname] = (value as Model).pk;
    state.related.set(field.name, value as Model);
  } else {
    record[field.attname] = value;
    state.related.delete(field.name);
  }
}

/**
 * The reverse side of a ForeignKey: `question.choiceSet`, a manager over the choices of that
 * question, with `create` filling in the key.
 *
 * @example
 * await question.choiceSet.create({ choiceText: "Not much", votes: 0 });
 * const n = await question.choiceSet.count();
 * for await (const choice of question.choiceSet.all()) …
 */
export class RelatedManager<M extends Model = Model> extends Manager<M> {
  constructor(
    readonly instance: Model,
    readonly relation: ReverseRelation,
  ) {
    super(relation.model as ModelClass<M>);
  }

  private requirePk(): unknown {
    const pk = this.instance.pk;
    if (pk === null || pk === undefined) {
      throw new QuerySetError(
        `'${this.instance.constructor.name}' instance needs a primary key value before this relationship can be used`,
      );
    }
    return pk;
  }

  override getQueryset(): QuerySet<M> {
    const pk = this.requirePk();
    const db = instanceState(this.instance).db ?? "default";
    return super
      .getQueryset()
      .using(db)
      .filter({ [this.relation.field.name]: pk });
  }

  override create(values: ModelValues<M> = {}): Promise<M> {
    const pk = this.requirePk();
    return super.create({ ...values, [this.relation.field.attname]: pk } as ModelValues<M>);
  }

  override getOrCreate(
    lookups: Record<string, unknown>,
    defaults: Record<string, unknown> = {},
  ): Promise<[M, boolean]> {
    const pk = this.requirePk();
    return this.getQueryset().getOrCreate(lookups, {
      ...defaults,
      [this.relation.field.attname]: pk,
    });
  }

  /**
   * Points existing objects at this instance and saves them.
   *
   * @example
   * await question.choiceSet.add(choice);
   */
  async add(...objects: M[]): Promise<void> {
    const pk = this.requirePk();
    for (const object of objects) {
      (object as unknown as Record<string, unknown>)[this.relation.field.attname] = pk;
      await object.save();
    }
  }
}

// Templates must never call these (Django's alters_data).
markAltersData(RelatedManager.prototype);
