// ForeignKey: a many-to-one relation. The field's attribute is `<name>Id` (the raw key, sync);
// `<name>` is an async accessor installed on the model (see models/related-descriptors.ts).
import { DbConfigError } from "../errors.ts";
import { getModel } from "../models/registry.ts";
import type { ModelClass } from "../models/types.ts";
import { snakeCase } from "../naming.ts";
import { Field, type FieldOptions, type FieldSpec } from "./field.ts";

/**
 * onDelete: delete the referencing rows too.
 *
 * @example
 * new ForeignKey(() => Question, { onDelete: CASCADE });
 */
export const CASCADE = "CASCADE";
/**
 * onDelete: refuse the delete with ProtectedError while referencing rows exist.
 *
 * @example
 * new ForeignKey(() => Question, { onDelete: PROTECT });
 */
export const PROTECT = "PROTECT";
/**
 * onDelete: refuse unless the referencing rows are deleted by the same delete (via CASCADE).
 *
 * @example
 * new ForeignKey(() => Question, { onDelete: RESTRICT });
 */
export const RESTRICT = "RESTRICT";
/**
 * onDelete: set the foreign key to NULL (the field needs `null: true`).
 *
 * @example
 * new ForeignKey(() => Question, { onDelete: SET_NULL, null: true });
 */
export const SET_NULL = "SET_NULL";
/**
 * onDelete: set the foreign key to the field's default.
 *
 * @example
 * new ForeignKey(() => Question, { onDelete: SET_DEFAULT });
 */
export const SET_DEFAULT = "SET_DEFAULT";
/**
 * onDelete: do nothing (the database constraint decides).
 *
 * @example
 * new ForeignKey(() => Question, { onDelete: DO_NOTHING });
 */
export const DO_NOTHING = "DO_NOTHING";

/** What happens to referencing rows when the referenced row is deleted. */
export type OnDelete =
  | typeof CASCADE
  | typeof PROTECT
  | typeof RESTRICT
  | typeof SET_NULL
  | typeof SET_DEFAULT
  | typeof DO_NOTHING;

/** The target: a thunk (`() => Question`), `"polls.Question"`, `"Question"` (same app) or `"self"`. */
export type ModelReference = string | (() => ModelClass);

/** Options of {@link ForeignKey}. */
export interface ForeignKeyOptions extends FieldOptions<unknown> {
  onDelete: OnDelete;
  /** Name of the reverse accessor on the target (default `<lowerFirst(Model)>Set`, e.g. `choiceSet`). */
  relatedName?: string;
  /** Name used in lookups from the target (default: relatedName, else the lowercase model name). */
  relatedQueryName?: string;
  /** Create a REFERENCES constraint (default true). */
  dbConstraint?: boolean;
}

/**
 * A many-to-one relation. `choice.questionId` holds the key (sync); `await choice.question`
 * loads the related object; `question.choiceSet` is the reverse related manager.
 *
 * @example
 * class Choice extends Model {
 *   static fields = { question: new ForeignKey(() => Question, { onDelete: CASCADE }) };
 *   static meta = { appLabel: "polls" };
 *   declare question: RelatedObject<Question>;
 *   declare questionId: number;
 * }
 */
export class ForeignKey extends Field<unknown> {
  readonly internalType = "ForeignKey";
  readonly to: ModelReference;
  readonly onDelete: OnDelete;
  readonly relatedName: string | undefined;
  readonly relatedQueryNameOption: string | undefined;
  readonly dbConstraint: boolean;
  /** The model that declares the field; set when that model is prepared. */
  owner: ModelClass | undefined;
  /** App label of the owner, to resolve `"Question"` references. */
  ownerAppLabel = "";

  constructor(to: ModelReference, options: ForeignKeyOptions) {
    super({ ...options, dbIndex: options.dbIndex ?? true });
    if (!options || typeof options.onDelete !== "string") {
      throw new TypeError("ForeignKey needs onDelete (CASCADE, PROTECT, SET_NULL, …)");
    }
    if (options.onDelete === SET_NULL && !options.null) {
      throw new TypeError("ForeignKey with onDelete: SET_NULL needs null: true");
    }
    this.to = to;
    this.onDelete = options.onDelete;
    this.relatedName = options.relatedName;
    this.relatedQueryNameOption = options.relatedQueryName;
    this.dbConstraint = options.dbConstraint ?? true;
  }

  override get attname(): string {
    return `${this.name}Id`;
  }

  override get column(): string {
    return this.dbColumn ?? `${snakeCase(this.name)}_id`;
  }

  override get isRelation(): boolean {
    return true;
  }

  /** The target model if it can be resolved yet (thunks may hit a class not defined yet). */
  tryRelatedModel(): ModelClass | undefined {
    if (typeof this.to === "function") {
      try {
        return this.to();
      } catch (error) {
        if (error instanceof ReferenceError) return undefined;
        throw error;
      }
    }
    if (this.to === "self") return this.owner;
    const label = this.to.includes(".") ? this.to : `${this.ownerAppLabel}.${this.to}`;
    return getModel(label);
  }

  /** The target model; throws DbConfigError when it is not registered. */
  relatedModel(): ModelClass {
    const model = this.tryRelatedModel();
    if (!model) {
      throw new DbConfigError(
        `ForeignKey ${this.owner?.name ?? "?"}.${this.name} points to ${String(this.to)}, which is not a registered model`,
      );
    }
    return model;
  }

  /** The target's primary-key field (the key's values are converted by it). */
  targetField(): Field {
    return this.relatedModel().getMeta().pk;
  }

  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === "") return null;
    if (typeof value === "object" && value !== null && "pk" in value) {
      return (value as { pk: unknown }).pk;
    }
    return this.targetField().toPython(value);
  }

  override getPrepValue(value: unknown): unknown {
    const target = this.targetField();
    return target.toDb(target.toPython(this.toPython(value)));
  }

  override fromDb(value: unknown): unknown {
    return value === null || value === undefined ? null : this.targetField().fromDb(value);
  }

  override deconstruct(): FieldSpec {
    const spec = super.deconstruct();
    delete spec.dbIndex;
    if (!this.dbIndex) spec.dbIndex = false;
    const model = this.tryRelatedModel();
    spec.to = model ? model.getMeta().label : String(this.to);
    spec.onDelete = this.onDelete;
    if (this.relatedName !== undefined) spec.relatedName = this.relatedName;
    if (this.relatedQueryNameOption !== undefined) {
      spec.relatedQueryName = this.relatedQueryNameOption;
    }
    if (!this.dbConstraint) spec.dbConstraint = false;
    return spec;
  }
}
