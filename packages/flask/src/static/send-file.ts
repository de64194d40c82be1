import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { basename, isAbsolute, resolve } from "node:path";
import { fileWrapper, type FileWrapper } from "@tsgi/core";
import { hasRequestContext, requestContextState } from "../ctx/context.ts";
import { NotFound, RequestedRangeNotSatisfiable } from "../exceptions/classes.ts";
import { httpDate, parseHttpDate } from "../http/cookies.ts";
import { Response } from "../wrappers/response.ts";
import { guessMimetype } from "@tsgi/core";
import { parseRange } from "./range.ts";
import { safeJoin } from "./safe-join.ts";

/** Options of {@link sendFile}, as Flask's `send_file`. */
export interface SendFileOptions {
  /** Default: guessed from `downloadName` or the path; else application/octet-stream. */
  mimetype?: string;
  /** `Content-Disposition: attachment` (a download) instead of inline. */
  asAttachment?: boolean;
  /** The file name the client sees (default: the path's base name). */
  downloadName?: string;
  /** Cache lifetime in seconds: `public, max-age=N`; default `no-cache` (revalidate). */
  maxAge?: number | null;
  /** Answer If-None-Match / If-Modified-Since with 304 and Range with 206/416 (default true). */
  conditional?: boolean;
  /** Send an ETag (default true), or this ETag value. */
  etag?: boolean | string;
}

/**
 * Sends a file, like Flask's `send_file`: Content-Type, Content-Length, Last-Modified, ETag,
 * `Accept-Ranges`, 304 for If-None-Match / If-Modified-Since, 206 for a satisfiable Range (416
 * otherwise), `Content-Disposition` for downloads. The body is the server's
 * `tsgi.file_wrapper` when it has one (sendfile fast path), else the core's. A relative path is
 * resolved against the app's root. A missing file is a 404.
 *
 * @example
 * app.get("/report", () => sendFile("reports/latest.pdf", { asAttachment: true, downloadName: "report.pdf" }));
 */
export async function sendFile(path: string, options: SendFileOptions = {}): Promise<Response> {
  const context = hasRequestContext() ? requestContextState() : undefined;
  const absolute = isAbsolute(path) ? path : resolve(context?.app.rootPath ?? process.cwd(), path);
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new NotFound();

  const downloadName = options.downloadName ?? basename(absolute);
  const mimetype =
    options.mimetype ??
    guessMimetype(downloadName) ??
    guessMimetype(absolute) ??
    "application/octet-stream";
  const size = info.size;
  const lastModified = Math.floor(info.mtimeMs / 1000) * 1000;
  const etag =
    options.etag === false
      ? undefined
      : typeof options.etag === "string"
        ? quoteEtag(options.etag)
        : `"${Math.floor(info.mtimeMs).toString(16)}-${size.toString(16)}-${createHash("sha1").update(absolute).digest("hex").slice(0, 8)}"`;

  const response = new Response(undefined, { mimetype });
  const headers = response.headers;
  if (options.asAttachment || options.downloadName !== undefined) {
    headers.set(
      "Content-Disposition",
      contentDisposition(options.asAttachment ? "attachment" : "inline", downloadName),
    );
  }
  headers.set("Last-Modified", httpDate(lastModified));
  if (etag !== undefined) headers.set("ETag", etag);
  if (options.maxAge !== undefined && options.maxAge !== null) {
    headers.set(
      "Cache-Control",
      options.maxAge > 0 ? `public, max-age=${options.maxAge}` : "max-age=0",
    );
    headers.set("Expires", httpDate(Date.now() + options.maxAge * 1000));
  } else {
    headers.set("Cache-Control", "no-cache");
  }

  const request = context?.request;
  const conditional = options.conditional ?? true;
  if (
    conditional &&
    request !== undefined &&
    (request.method === "GET" || request.method === "HEAD")
  ) {
    if (
      notModified(
        request.headers.get("If-None-Match"),
        request.headers.get("If-Modified-Since"),
        etag,
        lastModified,
      )
    ) {
      response.statusCode = 304;
      headers.delete("Content-Disposition");
      return response;
    }
  }

  const wrap: FileWrapper =
    (request?.environ["tsgi.file_wrapper"] as FileWrapper | undefined) ?? fileWrapper;
  let start = 0;
  let length = size;
  if (conditional && request !== undefined && request.method === "GET") {
    headers.set("Accept-Ranges", "bytes");
    const ifRange = request.headers.get("If-Range");
    const rangeApplies =
      ifRange === undefined || ifRange === etag || parseHttpDate(ifRange) === lastModified;
    const range = rangeApplies ? parseRange(request.headers.get("Range"), size) : undefined;
    if (range === "unsatisfiable") throw new RequestedRangeNotSatisfiable(size);
    if (range !== undefined) {
      start = range.start;
      length = range.end - range.start + 1;
      response.statusCode = 206;
      headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
    }
  } else {
    headers.set("Accept-Ranges", "bytes");
  }
  response.setBody(wrap(absolute, { start, length }));
  headers.set("Content-Length", length);
  return response;
}

/**
 * Sends `path` from inside `directory` (relative to the app's root), like Flask's
 * `send_from_directory`: anything that would leave the directory, or is not a file, is a 404.
 *
 * @example
 * app.get("/uploads/<path:name>", ({ name }) => sendFromDirectory("uploads", String(name)));
 */
export async function sendFromDirectory(
  directory: string,
  path: string,
  options: SendFileOptions = {},
): Promise<Response> {
  const context = hasRequestContext() ? requestContextState() : undefined;
  const base = isAbsolute(directory)
    ? directory
    : resolve(context?.app.rootPath ?? process.cwd(), directory);
  const joined = safeJoin(base, path);
  if (joined === undefined) throw new NotFound();
  return sendFile(joined, options);
}

function notModified(
  ifNoneMatch: string | undefined,
  ifModifiedSince: string | undefined,
  etag: string | undefined,
  lastModified: number,
): boolean {
  if (ifNoneMatch !== undefined) {
    if (etag === undefined) return false;
    const weak = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || weak(tag) === weak(etag));
  }
  const since = parseHttpDate(ifModifiedSince);
  return since !== undefined && lastModified <= since;
}

function quoteEtag(tag: string): string {
  return tag.startsWith('"') || tag.startsWith('W/"') ? tag : `"${tag}"`;
}

function contentDisposition(kind: string, filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "");
  if (ascii === filename) return `${kind}; filename="${ascii}"`;
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
