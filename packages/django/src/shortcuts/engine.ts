import type { Settings } from "../conf/global-settings.ts";
import { resolveInstalledApps } from "../conf/app-config.ts";
import { getSettings } from "../conf/settings.ts";
import { ImproperlyConfigured } from "../core/exceptions.ts";
import type { HttpRequest } from "../http/request.ts";
import { Engine, type Library } from "../template/index.ts";
import { reverse } from "../urls/base.ts";
import { csrfContextProcessor, resolveContextProcessor } from "./builtin-processors.ts";

const engines = new WeakMap<Settings, Engine>();

/**
 * The template engine of a settings object, built once from `TEMPLATES[0]`: DIRS, each
 * installed app's `templatesDir` when APP_DIRS, OPTIONS (`debug`, `string_if_invalid`,
 * `builtins`, `context_processors` — csrf always on), `{% url %}` wired to `reverse` (with
 * the current app) and `{% static %}` to STATIC_URL.
 *
 * @example
 * const engine = getTemplateEngine();
 * await engine.renderToString("polls/index.html", { latestQuestionList }, request);
 */
export function getTemplateEngine(settings: Settings = getSettings()): Engine {
  let engine = engines.get(settings);
  if (engine !== undefined) return engine;
  const config = settings.TEMPLATES[0];
  if (config === undefined) {
    throw new ImproperlyConfigured(
      "No template engine is configured: set TEMPLATES, e.g. [{ APP_DIRS: true, OPTIONS: { context_processors: [...] } }]",
    );
  }
  const options = config.OPTIONS ?? {};
  const appDirs = config.APP_DIRS
    ? resolveInstalledApps(settings.INSTALLED_APPS).flatMap((app) =>
        app.templatesDir === undefined ? [] : [app.templatesDir],
      )
    : [];
  const processors = [
    csrfContextProcessor,
    ...(options.context_processors ?? []).map(resolveContextProcessor),
  ];
  const staticUrl = settings.STATIC_URL;
  engine = new Engine({
    dirs: config.DIRS ?? [],
    appDirs,
    debug: options.debug ?? settings.DEBUG,
    stringIfInvalid: options.string_if_invalid ?? "",
    builtins: (options.builtins ?? []) as Library[],
    urlResolver: (viewName, args, kwargs, currentApp) =>
      reverse(viewName, { args, kwargs, ...(currentApp === undefined ? {} : { currentApp }) }),
    staticUrl: /^([a-z][a-z0-9+.-]*:)?\//i.test(staticUrl) ? staticUrl : `/${staticUrl}`,
    contextProcessors: processors.map(
      (processor) => (request: unknown) => processor(request as HttpRequest),
    ),
  });
  engines.set(settings, engine);
  return engine;
}
