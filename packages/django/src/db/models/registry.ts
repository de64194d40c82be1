// The model registry (Django's `apps`): label → class, so string references such as
// ForeignKey("polls.Question") resolve, and reverse relations can be found. Models register
// when they are first prepared (first use, `registerModels`, or `defineApp`).
import type { ModelClass } from "./types.ts";

const byLabel = new Map<string, ModelClass>();
const listeners = new Set<() => void>();

/** Changes each time a model registers, so caches of reverse relations know to refresh. */
export let registryVersion = 0;

/** Internal: records a prepared model under its lowercase `app.model` label. */
export function registerModelClass(label: string, model: ModelClass): void {
  const existing = byLabel.get(label);
  if (existing === model) return;
  byLabel.set(label, model);
  registryVersion += 1;
  for (const listener of listeners) listener();
}

/** Internal: calls `listener` after each registration (pending relations use it). */
export function onModelRegistered(listener: () => void): void {
  listeners.add(listener);
}

/**
 * The registered model for a label such as `"polls.Question"` (case-insensitive), if any.
 *
 * @example
 * getModel("polls.question") === Question; // true once Question is registered
 */
export function getModel(label: string): ModelClass | undefined {
  return byLabel.get(label.toLowerCase());
}

/**
 * Every registered model, in registration order.
 *
 * @example
 * getModels().map((model) => model.name); // ["Question", "Choice"]
 */
export function getModels(): ModelClass[] {
  return [...byLabel.values()];
}
