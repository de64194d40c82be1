/**
 * `@tsgi/django`: a Django-style framework built directly on TSGI. This entry point gives
 * the project-level API — `getTsgiApplication` (the `wsgi.py` analogue), settings — and
 * re-exports the everyday names of the subpaths (`/conf`, `/urls`, `/http`, `/views`,
 * `/shortcuts`, `/middleware`), so small projects import from one place. The ORM is in
 * `@tsgi/django/db`, templates in `@tsgi/django/template`, tests in `@tsgi/django/test`, the
 * CLI in `@tsgi/django/management`.
 *
 * @example
 * import { defineSettings, getTsgiApplication, path, HttpResponse, STARTPROJECT_MIDDLEWARE } from "@tsgi/django";
 * const urlpatterns = [path("", () => new HttpResponse("Hello, world."), { name: "index" })];
 * export const application = getTsgiApplication({
 *   settings: defineSettings({ DEBUG: true, SECRET_KEY: "dev", ROOT_URLCONF: urlpatterns, MIDDLEWARE: [...STARTPROJECT_MIDDLEWARE] }),
 * });
 */
export { getTsgiApplication, type TsgiApplicationOptions } from "./handlers/index.ts";
export {
  configure,
  defineSettings,
  getSettings,
  isConfigured,
  settings,
  type AppConfig,
  type Settings,
  type SettingsInput,
} from "./conf/index.ts";
export {
  DjangoError,
  ImproperlyConfigured,
  Http404,
  PermissionDenied,
  SuspiciousOperation,
  DisallowedHost,
  BadRequest,
  type DjangoErrorCode,
} from "./core/exceptions.ts";
export { Signer, dumps, loads, BadSignature, SignatureExpired } from "./core/signing.ts";
export { Paginator, Page, InvalidPage, EmptyPage, PageNotAnInteger } from "./core/paginator.ts";
export {
  path,
  rePath,
  include,
  reverse,
  reverseLazy,
  resolve,
  NoReverseMatch,
  registerConverter,
} from "./urls/index.ts";
export type { URLConf, URLConfModule, ViewFunction } from "./urls/index.ts";
export {
  HttpRequest,
  HttpResponse,
  JsonResponse,
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  HttpResponseNotAllowed,
  HttpResponseNotFound,
  HttpResponseForbidden,
  HttpResponseBadRequest,
  StreamingHttpResponse,
  FileResponse,
  QueryDict,
} from "./http/index.ts";
export { View, TemplateView, RedirectView, ListView, DetailView, generic } from "./views/index.ts";
export {
  render,
  renderToString,
  redirect,
  getObjectOr404,
  getListOr404,
} from "./shortcuts/index.ts";
export {
  STARTPROJECT_MIDDLEWARE,
  SecurityMiddleware,
  SessionMiddleware,
  CommonMiddleware,
  CsrfViewMiddleware,
  AuthenticationMiddleware,
  MessageMiddleware,
  XFrameOptionsMiddleware,
  csrfExempt,
  getToken,
  messages,
  login,
  logout,
  setUserLoader,
  AnonymousUser,
  type MiddlewareFactory,
} from "./middleware/index.ts";
