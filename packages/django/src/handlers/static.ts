// DEBUG static files, as django.contrib.staticfiles' runserver handler serves them: files
// under STATIC_URL are looked up in STATICFILES_DIRS, then in each installed app's staticDir
// (first found wins), with ETag / Last-Modified and 304s. Paths are confined to those
// directories: "..", encoded slashes and NUL bytes never reach the file system.
import { stat } from "node:fs/promises";
import { isAbsolute, join, normalize, resolve, sep } from "node:path";
import {
  fileWrapper,
  statusLine,
  type App,
  type Body,
  type Environ,
  type HeaderList,
} from "@tsgi/core";
import type { Settings } from "../conf/global-settings.ts";
import { resolveInstalledApps } from "../conf/app-config.ts";
import { guessContentType } from "../http/file-response.ts";

/**
 * The directories static files are found in, in search order.
 *
 * @example
 * staticDirectories(settings); // ["/srv/project/static", "/srv/project/polls/static"]
 */
export function staticDirectories(settings: Settings): string[] {
  const apps = resolveInstalledApps(settings.INSTALLED_APPS);
  return [
    ...settings.STATICFILES_DIRS,
    ...apps.flatMap((app) => (app.staticDir === undefined ? [] : [app.staticDir])),
  ].map((dir) => resolve(dir));
}

/** The path STATIC_URL is served under, relative to the app's mount point. */
function staticPrefix(settings: Settings): string | undefined {
  const url = settings.STATIC_URL;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined; // a CDN: nothing to serve here
  return url.startsWith("/") ? url : `/${url}`;
}

/**
 * Finds `relative` (a decoded path under STATIC_URL) in the static directories; `undefined`
 * when it does not exist or tries to leave them.
 *
 * @example
 * await findStaticFile(settings, "polls/style.css"); // "/srv/project/polls/static/polls/style.css"
 */
export async function findStaticFile(
  settings: Settings,
  relative: string,
): Promise<string | undefined> {
  if (relative === "" || relative.includes("\0") || relative.includes("\\")) return undefined;
  const clean = normalize(relative);
  if (isAbsolute(clean) || clean.split(sep).includes("..")) return undefined;
  for (const dir of staticDirectories(settings)) {
    const candidate = join(dir, clean);
    if (!candidate.startsWith(dir + sep)) continue;
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return candidate;
  }
  return undefined;
}

function respond(
  startResponse: Parameters<App>[1],
  status: number,
  headers: HeaderList,
  text = "",
): Body {
  const body = new TextEncoder().encode(text);
  startResponse(statusLine(status), [...headers, ["Content-Length", String(body.byteLength)]]);
  return [body];
}

/**
 * Wraps an app so that requests under STATIC_URL are answered from the static directories
 * (Django's `StaticFilesHandler`, which `runserver` adds in DEBUG); everything else goes to
 * the app. Missing files are 404s.
 *
 * @example
 * const app = staticFilesHandler(getTsgiApplication({ settings }), settings);
 */
export function staticFilesHandler(app: App, settings: Settings): App {
  const prefix = staticPrefix(settings);
  if (prefix === undefined) return app;
  return async (environ: Environ, startResponse) => {
    const pathInfo = environ.PATH_INFO || "/";
    if (!pathInfo.startsWith(prefix)) return app(environ, startResponse);
    if (environ.REQUEST_METHOD !== "GET" && environ.REQUEST_METHOD !== "HEAD") {
      return respond(
        startResponse,
        405,
        [
          ["Allow", "GET, HEAD"],
          ["Content-Type", "text/plain"],
        ],
        "Method Not Allowed\n",
      );
    }
    const file = await findStaticFile(settings, pathInfo.slice(prefix.length));
    if (file === undefined) {
      return respond(
        startResponse,
        404,
        [["Content-Type", "text/plain; charset=utf-8"]],
        `'${pathInfo.slice(prefix.length)}' could not be found\n`,
      );
    }
    const info = await stat(file);
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
    const validators: HeaderList = [
      ["ETag", etag],
      ["Last-Modified", lastModified],
      ["Cache-Control", "no-cache"],
    ];
    if (notModified(environ, etag, info.mtimeMs)) {
      startResponse(statusLine(304), validators);
      return [];
    }
    startResponse(statusLine(200), [
      ["Content-Type", guessContentType(file)],
      ["Content-Length", String(info.size)],
      ...validators,
    ]);
    const wrap = environ["tsgi.file_wrapper"] ?? fileWrapper;
    return wrap(file);
  };
}

function notModified(environ: Environ, etag: string, mtimeMs: number): boolean {
  const ifNoneMatch = environ.HTTP_IF_NONE_MATCH;
  if (typeof ifNoneMatch === "string") {
    const weak = (tag: string) => tag.trim().replace(/^W\//, "");
    return (
      ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => weak(tag) === weak(etag))
    );
  }
  const ifModifiedSince = environ.HTTP_IF_MODIFIED_SINCE;
  if (typeof ifModifiedSince === "string") {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
  }
  return false;
}
