import type { App, Body, Environ, StartResponse } from "@tsgi/core";
import type { Settings } from "../conf/global-settings.ts";
import { configure, getSettings, runWithSettings, type SettingsInput } from "../conf/settings.ts";
import { HttpRequest } from "../http/request.ts";
import { HttpResponse, type HttpResponseBase } from "../http/response.ts";
import { withUrlContext } from "../urls/base.ts";
import { BaseHandler } from "./base.ts";
import { responseForException } from "./exception.ts";
import { staticFilesHandler } from "./static.ts";
import { DEFAULT_PAGES } from "./technical-pages.ts";
import { configureDatabases, connections, registerModels } from "../db/index.ts";
import { resolveInstalledApps } from "../conf/index.ts";

/** Options of {@link getTsgiApplication}. */
export interface TsgiApplicationOptions {
  /**
   * The project's settings (from `defineSettings`, or a plain object that goes through it).
   * They become the process-wide settings too (Django has one settings object per process);
   * each application still serves its own requests with its own settings. Default: the
   * settings given to `configure()` before.
   */
  settings?: Settings | SettingsInput;
  /**
   * Serve STATIC_URL from the static directories (default: `DEBUG`, as runserver with
   * django.contrib.staticfiles; `true` is runserver's `--insecure`).
   */
  serveStatic?: boolean;
}

/**
 * The project's TSGI application — the `wsgi.py` analogue (`get_wsgi_application()`). Each
 * request: an `HttpRequest` is built from the environ, the middleware onion runs around URL
 * resolution and the view, errors become 404/403/400/500 pages, and the response is sent
 * through `startResponse` with ordered header pairs (every Set-Cookie kept) and a body the
 * server closes. Reversed URLs carry the mount point (SCRIPT_NAME, or FORCE_SCRIPT_NAME).
 *
 * @example
 * // mysite/tsgi.ts
 * import { getTsgiApplication } from "@tsgi/django";
 * import { settings } from "./settings.ts";
 * export const application = getTsgiApplication({ settings });
 * // npx tsgi serve mysite/tsgi.ts:application
 */
export function getTsgiApplication(options: TsgiApplicationOptions = {}): App {
  const settings = options.settings === undefined ? getSettings() : configure(options.settings);
  setupProject(settings);
  const handler = new BaseHandler(settings);
  const app: App = (environ, startResponse) =>
    runWithSettings(settings, () => {
      const scriptName = settings.FORCE_SCRIPT_NAME ?? environ.SCRIPT_NAME ?? "";
      return withUrlContext({ urlconf: settings.ROOT_URLCONF, scriptPrefix: scriptName }, () =>
        handle(handler, settings, environ, startResponse),
      );
    });
  const serveStatic = options.serveStatic ?? settings.DEBUG;
  return serveStatic ? staticFilesHandler(app, settings) : app;
}

/**
 * What Django's `django.setup()` does before `get_wsgi_application()` returns: the installed
 * apps' models are registered (so reverse accessors such as `question.choiceSet` exist even in
 * a process that never migrates), and DATABASES is connected unless the project already did
 * (or has none).
 */
function setupProject(settings: Settings): void {
  for (const app of resolveInstalledApps(settings.INSTALLED_APPS)) {
    if (app.models !== undefined) registerModels(...app.models);
  }
  // An empty DATABASES is allowed, as in Django: a project without a database never queries.
  const hasDefault = (settings.DATABASES as { default?: unknown }).default !== undefined;
  if (!connections.configured && hasDefault) configureDatabases(settings.DATABASES);
}

async function handle(
  handler: BaseHandler,
  settings: Settings,
  environ: Environ,
  startResponse: StartResponse,
): Promise<Body> {
  let request: HttpRequest;
  let response: HttpResponseBase;
  try {
    request = new HttpRequest(environ, settings);
  } catch (error) {
    // Only a query string over DATA_UPLOAD_MAX_NUMBER_FIELDS gets here: a 400 without a
    // request object for middleware to see.
    environ["tsgi.errors"]?.write(`Bad Request: ${String((error as Error).message)}\n`);
    response = new HttpResponse(DEFAULT_PAGES[400]!, { status: 400 });
    return send(response, environ, startResponse);
  }
  response = await handler.getResponse(request);
  try {
    await response.prepare(environ);
  } catch (error) {
    await response.close();
    response = await responseForException(request, error, settings, handler.urlconf);
  }
  return send(response, environ, startResponse);
}

async function send(
  response: HttpResponseBase,
  environ: Environ,
  startResponse: StartResponse,
): Promise<Body> {
  if (environ.REQUEST_METHOD === "HEAD") {
    // TSGI apps send no body bytes for HEAD (the headers, Content-Length included, stay):
    // the content is never produced, and the response is closed at once.
    startResponse(response.statusLine, response.headerList());
    await response.close();
    return [];
  }
  const body = response.toBody(environ);
  startResponse(response.statusLine, response.headerList());
  return body;
}
