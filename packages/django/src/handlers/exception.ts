import type { Settings } from "../conf/global-settings.ts";
import { statusForError } from "../core/exceptions.ts";
import type { HttpRequest } from "../http/request.ts";
import { HttpResponse, type HttpResponseBase } from "../http/response.ts";
import type { ErrorView, URLConf, URLConfModule } from "../urls/types.ts";
import { DEFAULT_PAGES, technical404, technical500 } from "./technical-pages.ts";

const HANDLER_NAMES: Record<number, keyof URLConfModule> = {
  400: "handler400",
  403: "handler403",
  404: "handler404",
  500: "handler500",
};

/** The URLconf's `handler404` (etc.) when it defines one. */
function customHandler(urlconf: URLConf | undefined, status: number): ErrorView | undefined {
  if (urlconf === undefined || Array.isArray(urlconf)) return undefined;
  const handler = (urlconf as URLConfModule)[HANDLER_NAMES[status]!];
  return typeof handler === "function" ? (handler as ErrorView) : undefined;
}

function logError(request: HttpRequest, status: number, error: unknown): void {
  const stream = request.META["tsgi.errors"];
  const detail =
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const label = status >= 500 ? "Internal Server Error" : "Bad Request";
  stream?.write(`${label}: ${request.path}\n${detail}\n`);
}

/**
 * Turns an error thrown by a view or middleware into a response, as Django's
 * `response_for_exception`: Http404 → 404, PermissionDenied → 403, SuspiciousOperation,
 * DisallowedHost and BadRequest → 400, anything else → 500 (logged to `tsgi.errors`). In
 * DEBUG the 404 and 500 are technical pages; otherwise the URLconf's `handler404/403/400/500`
 * views or the plain defaults.
 *
 * @example
 * const response = await responseForException(request, new Http404(), settings, urlpatterns);
 * response.status; // 404
 */
export async function responseForException(
  request: HttpRequest,
  error: unknown,
  settings: Settings,
  urlconf: URLConf | undefined,
): Promise<HttpResponseBase> {
  const status = statusForError(error) ?? 500;
  if (status === 400 || status === 500) logError(request, status, error);
  if (settings.DEBUG) {
    if (status === 404) return new HttpResponse(technical404(request, error as Error), { status });
    if (status === 400 || status === 500) {
      return new HttpResponse(technical500(request, error, status), { status });
    }
  }
  const handler = customHandler(urlconf, status);
  if (handler !== undefined) {
    try {
      return await (status === 500 ? handler(request) : handler(request, error));
    } catch (handlerError) {
      // A broken error view must not hide the original error: fall back to the plain page.
      logError(request, 500, handlerError);
    }
  }
  return new HttpResponse(DEFAULT_PAGES[status] ?? DEFAULT_PAGES[500]!, { status });
}
