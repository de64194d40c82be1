import type { ViewFunction } from "../urls/types.ts";

/**
 * A decorator's wrapper for a view: keeps the view's name (error messages and `viewName`
 * use it) and its own properties (`viewClass` of `asView()` views), adds `marks`. Wrapping
 * instead of marking the view itself lets the same function be routed elsewhere unmarked.
 */
export function wrapView<V extends ViewFunction>(
  view: V,
  wrapper: ViewFunction,
  marks: Record<symbol, unknown> = {},
): V {
  Object.defineProperty(wrapper, "name", { value: view.name });
  return Object.assign(wrapper, view, marks) as unknown as V;
}
