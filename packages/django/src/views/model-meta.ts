// What the generic views need to know about a model: its app label and names. Read from the
// ORM's `Model.getMeta()` when present, else from the class name (for plain classes in tests).

/** Names of a model as the generic views use them. */
export interface ModelNames {
  /** "polls" */
  appLabel: string | undefined;
  /** "question" (lower case, for template names: polls/question_list.html) */
  modelName: string;
  /** "question" / "multiWord" (camelCase, for context names: questionList) */
  contextName: string;
}

interface MetaLike {
  appLabel?: string;
  modelName?: string;
  objectName?: string;
}

/**
 * The names of `model` (a Model class).
 *
 * @example
 * modelNames(Question); // { appLabel: "polls", modelName: "question", contextName: "question" }
 */
export function modelNames(model: unknown): ModelNames | undefined {
  if (typeof model !== "function") return undefined;
  const getMeta = (model as { getMeta?: () => MetaLike }).getMeta;
  const meta: MetaLike = typeof getMeta === "function" ? getMeta.call(model) : {};
  const objectName = meta.objectName ?? model.name;
  if (!objectName) return undefined;
  return {
    appLabel: meta.appLabel,
    modelName: meta.modelName ?? objectName.toLowerCase(),
    contextName: objectName.charAt(0).toLowerCase() + objectName.slice(1),
  };
}
