/**
 * Media types by file extension: one table for every package that serves files (the Flask-style
 * `sendFile`, the Django-style `FileResponse` and static handler, the `staticFiles`
 * middleware), so the same file gets the same Content-Type whichever of them sends it.
 */

const TYPES: Readonly<Record<string, string>> = {
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  js: "text/javascript",
  mjs: "text/javascript",
  json: "application/json",
  map: "application/json",
  webmanifest: "application/manifest+json",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  xml: "application/xml",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  bmp: "image/bmp",
  ico: "image/vnd.microsoft.icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  wasm: "application/wasm",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  tar: "application/x-tar",
  mp3: "audio/mpeg",
  mp4: "video/mp4",
  webm: "video/webm",
  ogg: "audio/ogg",
  wav: "audio/wav",
};

/**
 * The media type of a file name by its extension, or undefined when the extension is unknown
 * (Python's `mimetypes.guess_type`).
 *
 * @example
 * guessMimetype("site/style.css"); // "text/css"
 * guessMimetype("archive.xyz");    // undefined
 */
export function guessMimetype(fileName: string): string | undefined {
  const slash = Math.max(fileName.lastIndexOf("/"), fileName.lastIndexOf("\\"));
  const dot = fileName.lastIndexOf(".");
  if (dot <= slash) return undefined;
  return TYPES[fileName.slice(dot + 1).toLowerCase()];
}

/**
 * A media type with `charset=utf-8` added where the type is text (`text/*`, JSON, JavaScript,
 * XML, SVG): what a Content-Type header for a UTF-8 file should say.
 *
 * @example
 * withCharset("text/css");  // "text/css; charset=utf-8"
 * withCharset("image/png"); // "image/png"
 */
export function withCharset(mimetype: string): string {
  if (mimetype.includes(";")) return mimetype;
  const textual =
    mimetype.startsWith("text/") ||
    mimetype === "application/json" ||
    mimetype === "application/manifest+json" ||
    mimetype === "application/xml" ||
    mimetype === "image/svg+xml";
  return textual ? `${mimetype}; charset=utf-8` : mimetype;
}

/**
 * The Content-Type to send a file with: its media type with a charset for text types, or
 * `fallback` (default `application/octet-stream`, which browsers download rather than guess at)
 * for an unknown extension.
 *
 * @example
 * fileContentType("app.js");    // "text/javascript; charset=utf-8"
 * fileContentType("data.bin");  // "application/octet-stream"
 */
export function fileContentType(fileName: string, fallback = "application/octet-stream"): string {
  const mimetype = guessMimetype(fileName);
  return mimetype === undefined ? fallback : withCharset(mimetype);
}
