// What compress decides from the response head alone: whether this response may be compressed
// at all, and the headers of the compressed variant.
import { addHeader, getAllHeaders, getHeader, removeHeader, setHeader } from "@tsgi/core";
import type { HeaderList } from "@tsgi/core";
import { listHasToken } from "../_internal/accept-encoding.ts";
import { statusCode } from "../_internal/respond.ts";

/**
 * Content types worth compressing: text, JSON, JavaScript, XML, SVG and a few more. Images,
 * video, archives and fonts in woff/woff2 are compressed already.
 */
export function isCompressibleType(contentType: string): boolean {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return (
    type.startsWith("text/") ||
    type.endsWith("+json") ||
    type.endsWith("+xml") ||
    COMPRESSIBLE.has(type)
  );
}

const COMPRESSIBLE = new Set([
  "application/json",
  "application/javascript",
  "application/x-javascript",
  "application/ecmascript",
  "application/xml",
  "application/wasm",
  "application/x-www-form-urlencoded",
  "application/graphql",
  "image/svg+xml",
  "image/x-icon",
  "image/vnd.microsoft.icon",
  "image/bmp",
  "font/ttf",
  "font/otf",
]);

/**
 * True when the response itself allows compression, whatever the client accepts: a status
 * with a full body, no content coding yet, no `Cache-Control: no-transform`, no range, and a
 * type `filter` accepts.
 */
export function mayCompress(
  status: string,
  headers: HeaderList,
  filter: (contentType: string) => boolean,
): boolean {
  const code = statusCode(status);
  if (code < 200 || code === 204 || code === 206 || code === 304) return false;
  const encoding = getHeader(headers, "content-encoding");
  if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") return false;
  if (getHeader(headers, "content-range") !== undefined) return false;
  const cacheControl = getAllHeaders(headers, "cache-control").join(",").toLowerCase();
  if (/(^|[\s,])no-transform($|[\s,])/.test(cacheControl)) return false;
  const type = getHeader(headers, "content-type");
  return type !== undefined && filter(type);
}

/** Adds `Vary: Accept-Encoding` unless a Vary header already covers it. */
export function withVary(headers: HeaderList): HeaderList {
  return listHasToken(getAllHeaders(headers, "vary"), "accept-encoding")
    ? headers
    : addHeader(headers, "Vary", "Accept-Encoding");
}

/**
 * The headers of the compressed variant: Content-Encoding set, Content-Length dropped (or set
 * to `length`), a strong ETag made weak (the bytes differ, the meaning does not — nginx does
 * the same), and `Accept-Ranges` dropped since ranges of the coded body are not offered.
 */
export function compressedHeaders(
  headers: HeaderList,
  encoding: string,
  length?: number,
): HeaderList {
  let out = removeHeader(removeHeader(headers, "content-encoding"), "accept-ranges");
  out = removeHeader(out, "content-length");
  out = addHeader(out, "Content-Encoding", encoding);
  if (length !== undefined) out = addHeader(out, "Content-Length", String(length));
  const etag = getHeader(out, "etag");
  if (etag !== undefined && etag.startsWith('"')) out = setHeader(out, "ETag", `W/${etag}`);
  return out;
}

/** The Content-Length an app declared, if it is a valid number. */
export function declaredLength(headers: HeaderList): number | undefined {
  const value = getHeader(headers, "content-length");
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}
