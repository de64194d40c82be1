import { wrapView } from "../core/_wrap-view.ts";
import type { HttpResponseBase } from "../http/response.ts";
import type { ViewFunction } from "../urls/types.ts";
import type { MiddlewareFactory } from "./types.ts";

const EXEMPT = Symbol.for("tsgi.django.xframe_options_exempt");

/**
 * Django's `XFrameOptionsMiddleware`: `X-Frame-Options: DENY` (or `X_FRAME_OPTIONS`) on
 * every response that does not set its own and was not exempted, against clickjacking.
 *
 * @example
 * MIDDLEWARE: [..., XFrameOptionsMiddleware]
 */
export const XFrameOptionsMiddleware: MiddlewareFactory = (getResponse) => async (request) => {
  const response = await getResponse(request);
  if (response.headers.has("X-Frame-Options") || isExempt(response)) return response;
  response.headers.set("X-Frame-Options", String(request.settings.X_FRAME_OPTIONS).toUpperCase());
  return response;
};

function isExempt(response: HttpResponseBase): boolean {
  return (response as unknown as Record<symbol, unknown>)[EXEMPT] === true;
}

/**
 * Lets a view's pages be framed (Django's `@xframe_options_exempt`).
 *
 * @example
 * export const widget = xframeOptionsExempt(async (request) => render(request, "widget.html"));
 */
export function xframeOptionsExempt<V extends ViewFunction>(view: V): V {
  return wrapView(view, async (...args) => {
    const response = await view(...args);
    (response as unknown as Record<symbol, unknown>)[EXEMPT] = true;
    return response;
  });
}
