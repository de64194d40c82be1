// Shared model types, kept apart so fields, queries and models can name them without cycles.
import type { Field } from "../fields/field.ts";
import type { Model } from "./model.ts";
import type { ModelMetaOptions } from "./options.ts";

/**
 * A model class whose instances are `M` (`typeof Question`).
 *
 * @example
 * function tableOf(model: ModelClass) { return model.getMeta().dbTable; }
 */
export type ModelClass<M extends Model = Model> = (new (values?: Record<string, unknown>) => M) &
  typeof Model &
  ModelDefinition;

/** The statics a model class defines (`static fields`, `static meta`), read by `getMeta()`. */
export interface ModelDefinition {
  fields?: Record<string, Field>;
  meta?: ModelMetaOptions;
}

/** Property names of `M` that hold data (not methods, not Model's own members). */
export type DataKeys<M> = {
  [K in keyof M]: M[K] extends (...args: never[]) => unknown ? never : K;
}[Exclude<keyof M, keyof Model>];

/**
 * The values `new Question({...})` and `Question.objects.create({...})` accept: declared data
 * attributes are type-checked; other keys (a ForeignKey given by object when only its key is
 * declared…) are checked at run time, where an unknown field throws FieldError.
 *
 * @example
 * const values: ModelValues<Question> = { questionText: "What's new?", pubDate: new Date() };
 */
export type ModelValues<M> = {
  [K in DataKeys<M>]?: M[K] extends PromiseLike<infer R> ? R | null : M[K];
} & Record<string, unknown>;
