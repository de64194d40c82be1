/**
 * `@tsgi/django/urls`: the URLconf (Django's django.urls). Patterns are tried in order and
 * the first match wins; `reverse` builds URLs back from names, with namespaces and the
 * script prefix of the current request.
 *
 * @example
 * import { path, include, reverse } from "@tsgi/django/urls";
 * export const appName = "polls";
 * export const urlpatterns = [
 *   path("", views.IndexView.asView(), { name: "index" }),
 *   path("<int:pk>/", views.DetailView.asView(), { name: "detail" }),
 * ];
 * reverse("polls:detail", { args: [1] }); // "/polls/1/"
 */
export { path, rePath, include, type IncludeTarget, type PathOptions } from "./conf.ts";
export {
  reverse,
  reverseLazy,
  resolve,
  getResolver,
  getScriptPrefix,
  getUrlconf,
  withUrlContext,
  LazyUrl,
  type ReverseOptions,
} from "./base.ts";
export {
  registerConverter,
  getConverter,
  IntConverter,
  PathConverter,
  SlugConverter,
  StringConverter,
  UUIDConverter,
  type Converter,
} from "./converters.ts";
export { NoReverseMatch, Resolver404, type TriedRoute } from "./exceptions.ts";
export { RegexPattern, RoutePattern, type Pattern, type PatternMatch } from "./patterns.ts";
export { URLPattern, URLResolver } from "./resolvers.ts";
export {
  ResolverMatch,
  type ErrorView,
  type URLConf,
  type URLConfModule,
  type URLEntry,
  type ViewFunction,
  type ViewResult,
} from "./types.ts";
