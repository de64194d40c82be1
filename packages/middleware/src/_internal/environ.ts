// Reading and copying environ the way SPEC.md's middleware duties ask.
import type { Environ } from "@tsgi/core";

/**
 * A copy of `environ` for the inner app to rewrite. Property descriptors are copied rather
 * than spread, so the lazy `tsgi.signal` getter is not triggered for every request.
 */
export function copyEnviron(environ: Environ): Environ {
  return Object.defineProperties({}, Object.getOwnPropertyDescriptors(environ)) as Environ;
}

/** The request header `name` from its `HTTP_*` key, or undefined. */
export function requestHeader(environ: Environ, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === "content-type") return environ.CONTENT_TYPE || undefined;
  if (lower === "content-length") return environ.CONTENT_LENGTH || undefined;
  const value = environ["HTTP_" + name.toUpperCase().replace(/-/g, "_")];
  return typeof value === "string" ? value : undefined;
}

/** The environ key that holds request header `name` (`X-Request-Id` → `HTTP_X_REQUEST_ID`). */
export function environKey(name: string): string {
  return "HTTP_" + name.toUpperCase().replace(/-/g, "_");
}

/** The request headers by lower-case name, as node's `req.headers` (for the access log). */
export function requestHeaderRecord(environ: Environ): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(environ)) {
    if (!key.startsWith("HTTP_")) continue;
    const value = environ[key];
    if (typeof value === "string") headers[key.slice(5).toLowerCase().replace(/_/g, "-")] = value;
  }
  if (environ.CONTENT_TYPE) headers["content-type"] = environ.CONTENT_TYPE;
  if (environ.CONTENT_LENGTH) headers["content-length"] = environ.CONTENT_LENGTH;
  return headers;
}
