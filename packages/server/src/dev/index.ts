/**
 * Development-mode helpers: the HTML traceback page a `dev: true` server shows when an app
 * fails before sending headers.
 *
 * @example
 * import { renderTracebackPage } from "@tsgi/server";
 * const html = renderTracebackPage({ error: new Error("boom"), method: "GET", target: "/" });
 */
export { escapeHtml, renderTracebackPage, type TracebackDetails } from "./traceback-page.ts";
