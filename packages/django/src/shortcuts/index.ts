/**
 * `@tsgi/django/shortcuts`: `render`, `redirect`, `getObjectOr404`, `getListOr404` (Django's
 * django.shortcuts), plus the template engine built from TEMPLATES.
 *
 * @example
 * import { render, getObjectOr404 } from "@tsgi/django/shortcuts";
 * export async function detail(request: HttpRequest, { questionId }: { questionId: number }) {
 *   const question = await getObjectOr404(Question, { pk: questionId });
 *   return render(request, "polls/detail.html", { question });
 * }
 */
export {
  render,
  renderToString,
  redirect,
  resolveUrl,
  getObjectOr404,
  getListOr404,
  toQuerySet,
  type QueryLike,
  type QuerySource,
  type RedirectTarget,
} from "./shortcuts.ts";
export { getTemplateEngine } from "./engine.ts";
export { resolveContextProcessor, PermWrapper } from "./builtin-processors.ts";
export type { ContextProcessor, ContextProcessorEntry } from "./context-processors.ts";
