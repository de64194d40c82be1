/**
 * `@tsgi/django/template` — the Django template language, written for TypeScript and async
 * data: every variable lookup may await a thenable (a QuerySet, a forward ForeignKey) and
 * `{% for %}` iterates arrays, Maps, iterables and async iterables.
 *
 * Contract with the rest of @tsgi/django:
 * - The web layer builds one `Engine` from `TEMPLATES` with `dirs` (DIRS), `appDirs` (each
 *   installed app's templates directory when APP_DIRS), `debug`, `stringIfInvalid`,
 *   `builtins`, `urlResolver` (its `reverse`, throwing NoReverseMatch), `staticUrl`
 *   (STATIC_URL) and `contextProcessors`, then renders with
 *   `template.render(context, request)` or `engine.renderToString(name, context, request)`.
 * - `{% csrf_token %}` reads the `csrf_token` context value (a string, or a zero-argument
 *   function / thenable returning one); the csrf context processor provides it.
 * - `{% url %}` passes the current app from `request.currentApp` or
 *   `request.resolverMatch.namespace` when the context has a `request`.
 * - Model methods that change data should be flagged `altersData = true` (as Django's
 *   `save`/`delete`), so a template lookup never calls them.
 *
 * @example
 * import { Engine, markSafe } from "@tsgi/django/template";
 *
 * const engine = new Engine({ dirs: ["templates"], staticUrl: "/static/",
 *   urlResolver: (name, args) => `/polls/${args[0]}/` });
 * const template = engine.fromString(
 *   "{% for q in questions %}<a href=\"{% url 'polls:detail' q.id %}\">{{ q.questionText }}</a>{% empty %}None{% endfor %}",
 * );
 * await template.render({ questions: Question.objects.all() });
 */
export { Context } from "./context.ts";
export type { ContextOptions } from "./context.ts";
export { DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT, formatDate } from "./dateformat.ts";
export { Engine } from "./engine.ts";
export type { ContextProcessor, EngineOptions, UrlResolver } from "./engine.ts";
export {
  TemplateDoesNotExist,
  TemplateError,
  TemplateRenderError,
  TemplateSyntaxError,
} from "./errors.ts";
export type { TriedSource } from "./errors.ts";
export { FilterExpression } from "./filter-expression.ts";
export { tokenize, splitContents } from "./lexer.ts";
export type { Token, TokenType } from "./lexer.ts";
export { Library } from "./library.ts";
export type {
  BlockTagFunction,
  FilterCallOptions,
  FilterDefinition,
  FilterFunction,
  FilterOptions,
  SimpleTagFunction,
  TagCompiler,
} from "./library.ts";
export { FileSystemLoader, MemoryLoader, safeJoin } from "./loaders.ts";
export type { Loader } from "./loaders.ts";
export { Node, NodeList, TextNode, renderValue, templateDebugOf } from "./nodes.ts";
export type { TemplateDebugInfo } from "./nodes.ts";
export { Parser } from "./parser.ts";
export { SafeString, conditionalEscape, escapeHtml, isSafe, markSafe } from "./safe.ts";
export { parseTagArguments, resolveTagArguments } from "./tag-arguments.ts";
export type { TagArguments } from "./tag-arguments.ts";
export { Template } from "./template.ts";
export type { TemplateOrigin } from "./template.ts";
export type { ForLoop } from "./tags/loop.ts";
export { Variable, MISSING } from "./variable.ts";
