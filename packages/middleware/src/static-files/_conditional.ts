// Validators and conditional requests (RFC 9110 §13) for files.
import type { Stats } from "node:fs";

/**
 * An ETag from size and modification time, strong as nginx makes them (a file rewritten within
 * the same millisecond with the same size is the accepted blind spot); the coding of a
 * precompressed variant is part of the tag, since its bytes differ.
 */
export function fileEtag(stats: Stats, encoding?: string): string {
  const tag = `${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}`;
  return `"${tag}${encoding === undefined ? "" : `-${encoding}`}"`;
}

/** The `If-None-Match` check with weak comparison: true when `etag` is listed (or `*`). */
export function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((item) => item.trim().replace(/^W\//, "") === opaque);
}

/** True when the file was not modified since the `If-Modified-Since` date (to the second). */
export function notModifiedSince(header: string, stats: Stats): boolean {
  const since = Date.parse(header);
  if (Number.isNaN(since)) return false;
  return Math.floor(stats.mtimeMs / 1000) * 1000 <= since;
}

/**
 * `If-Range`: the range applies only when the validator still matches — an ETag by strong
 * comparison (a weak one never matches), or the exact Last-Modified date (RFC 9110 §13.1.5).
 */
export function ifRangeMatches(header: string, stats: Stats, etag: string): boolean {
  const value = header.trim();
  if (value.startsWith("W/")) return false;
  if (value.startsWith('"')) return value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(stats.mtimeMs / 1000) * 1000 <= date;
}
