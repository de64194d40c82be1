/**
 * `@tsgi/django/views`: class-based views (Django's django.views). `generic` groups them as
 * `django.views.generic` does, so `generic.ListView` reads like the tutorial.
 *
 * @example
 * import { generic } from "@tsgi/django/views";
 * export class IndexView extends generic.ListView {
 *   override templateName = "polls/index.html";
 *   override contextObjectName = "latestQuestionList";
 *   override getQueryset() { return Question.objects.orderBy("-pubDate").slice(0, 5); }
 * }
 */
import { RedirectView, TemplateView, View } from "./base.ts";
import { DetailView } from "./detail.ts";
import { ListView } from "./list.ts";

export {
  View,
  TemplateView,
  RedirectView,
  HTTP_METHOD_NAMES,
  type ClassBasedViewFunction,
} from "./base.ts";
export { ListView, type ModelLike, type ObjectList } from "./list.ts";
export { DetailView } from "./detail.ts";
export { modelNames, type ModelNames } from "./model-meta.ts";
export {
  Paginator,
  Page,
  InvalidPage,
  EmptyPage,
  PageNotAnInteger,
  type PaginatorOptions,
} from "../core/paginator.ts";

/** Django's `django.views.generic` namespace. */
export const generic = { View, TemplateView, RedirectView, ListView, DetailView };
