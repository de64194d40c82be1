import { PermissionDenied } from "../core/exceptions.ts";
import type { HttpRequest } from "../http/request.ts";
import { HttpResponsePermanentRedirect } from "../http/response-types.ts";
import { getUrlconf, resolve } from "../urls/base.ts";
import { Resolver404 } from "../urls/exceptions.ts";
import type { ResolverMatch, ViewFunction } from "../urls/types.ts";
import { wrapView } from "../core/_wrap-view.ts";
import type { MiddlewareFactory } from "./types.ts";

const NO_APPEND_SLASH = Symbol.for("tsgi.django.no_append_slash");

/**
 * The trailing-slash redirect would drop a form's data: in DEBUG, CommonMiddleware raises
 * this instead (Django raises a RuntimeError with the same advice).
 */
export class AppendSlashError extends Error {
  override name = "AppendSlashError";
}

function tryResolve(path: string): ResolverMatch | undefined {
  try {
    return resolve(path, getUrlconf());
  } catch (error) {
    if (error instanceof Resolver404) return undefined;
    throw error;
  }
}

function shouldRedirectWithSlash(request: HttpRequest): boolean {
  if (!request.settings.APPEND_SLASH || request.pathInfo.endsWith("/")) return false;
  if (tryResolve(request.pathInfo) !== undefined) return false;
  const match = tryResolve(`${request.pathInfo}/`);
  if (match === undefined) return false;
  return (match.func as unknown as Record<symbol, unknown>)[NO_APPEND_SLASH] !== true;
}

function fullPathWithSlash(request: HttpRequest): string {
  let path = request.getFullPath(true);
  if (path.startsWith("//")) path = "/%2F" + path.slice(2);
  if (request.settings.DEBUG && ["POST", "PUT", "PATCH"].includes(request.method)) {
    throw new AppendSlashError(
      `You called this URL via ${request.method}, but the URL doesn't end in a slash and you have ` +
        `APPEND_SLASH set. Django can't redirect to the slash URL while maintaining ${request.method} ` +
        `data. Change your form to point to ${request.getHost()}${path} (note the trailing slash), ` +
        "or set APPEND_SLASH=false in your settings.",
    );
  }
  return path;
}

/**
 * Django's `CommonMiddleware`: refuses `DISALLOWED_USER_AGENTS` (403), validates the Host
 * (400 `DisallowedHost`), and turns a 404 for `/polls/1` into a 301 to `/polls/1/` — only
 * when the slashless path resolves to nothing and the slashed one resolves (APPEND_SLASH).
 *
 * @example
 * MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware]
 */
export const CommonMiddleware: MiddlewareFactory = (getResponse) => async (request) => {
  const userAgent = request.headers.get("User-Agent");
  if (userAgent !== undefined) {
    for (const pattern of request.settings.DISALLOWED_USER_AGENTS) {
      if (pattern.test(userAgent)) throw new PermissionDenied("Forbidden user agent");
    }
  }
  request.getHost();
  const response = await getResponse(request);
  if (response.status === 404 && shouldRedirectWithSlash(request)) {
    return new HttpResponsePermanentRedirect(fullPathWithSlash(request));
  }
  return response;
};

/**
 * Keeps CommonMiddleware from redirecting to this view's slashed URL (Django's
 * `@no_append_slash`).
 *
 * @example
 * path("api/items/", noAppendSlash(items));
 */
export function noAppendSlash<V extends ViewFunction>(view: V): V {
  return wrapView(view, (...args) => view(...args), { [NO_APPEND_SLASH]: true });
}
