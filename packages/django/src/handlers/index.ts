/**
 * The request handler: `getTsgiApplication()` (Django's `get_wsgi_application`), the
 * middleware-building `BaseHandler`, error pages and the DEBUG static files handler.
 *
 * @example
 * import { getTsgiApplication } from "@tsgi/django";
 * export const application = getTsgiApplication({ settings });
 */
export { getTsgiApplication, type TsgiApplicationOptions } from "./tsgi.ts";
export { BaseHandler } from "./base.ts";
export { responseForException } from "./exception.ts";
export { staticFilesHandler, findStaticFile, staticDirectories } from "./static.ts";
export { technical404, technical500, DEFAULT_PAGES, escapeHtml } from "./technical-pages.ts";
