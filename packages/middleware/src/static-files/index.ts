import { realpathSync, statSync } from "node:fs";
import type { Stats } from "node:fs";
import { join, resolve } from "node:path";
import { fileContentType, fileWrapper, quotePath } from "@tsgi/core";
import type { App, Environ, HeaderList, StartResponse } from "@tsgi/core";
import { MiddlewareOptionError } from "../errors.ts";
import { negotiateEncoding } from "../_internal/accept-encoding.ts";
import { requestHeader } from "../_internal/environ.ts";
import {
  booleanOption,
  checkApp,
  checkOptionsObject,
  headerValueOption,
  integerOption,
  stringOption,
} from "../_internal/options.ts";
import { respond } from "../_internal/respond.ts";
import { fileEtag, ifRangeMatches, noneMatch, notModifiedSince } from "./_conditional.ts";

import { parseRange } from "./_range.ts";
import { fileStats, resolveUnderRoot } from "./_resolve.ts";

/** Options of {@link staticFiles}. */
export interface StaticFilesOptions {
  /** The directory to serve (must exist). */
  root: string;
  /** URL prefix below the app's mount, e.g. `/static` (default: serve at the mount itself). */
  prefix?: string;
  /** File served for a directory, or false for none (default `index.html`). */
  index?: string | false;
  /** `Cache-Control: public, max-age=N` in seconds (default 0: `public, max-age=0`). */
  maxAge?: number;
  /** Add `immutable` to Cache-Control, for fingerprinted file names (default false). */
  immutable?: boolean;
  /** A Cache-Control value that replaces the one built from maxAge and immutable. */
  cacheControl?: string;
  /** Serve `file.br` / `file.gz` when they exist and the client accepts them (default true). */
  precompressed?: boolean;
  /** Serve files and folders whose name starts with a dot (default false: they do not exist). */
  dotfiles?: boolean;
  /** Pass requests for missing files to the app (default true); false answers 404. */
  fallthrough?: boolean;
  /** Send ETag (default true). */
  etag?: boolean;
  /** Send Last-Modified (default true). */
  lastModified?: boolean;
}

interface Settings {
  root: string;
  prefix: string;
  index: string | false;
  cacheControl: string;
  precompressed: boolean;
  dotfiles: boolean;
  fallthrough: boolean;
  etag: boolean;
  lastModified: boolean;
}

const NAME = "staticFiles";
const VARIANTS = [
  { encoding: "br", suffix: ".br" },
  { encoding: "gzip", suffix: ".gz" },
] as const;

/**
 * Serves files from a directory in front of an app, for GET and HEAD: safe paths (no `..`,
 * no escaping through symbolic links, no dotfiles), ETag and Last-Modified with 304 answers,
 * single `Range` requests (206/416), precompressed `.br`/`.gz` siblings chosen by
 * Accept-Encoding (with `Vary`), and Cache-Control. The body comes from the server's
 * `tsgi.file_wrapper` when it offers one, so the server can stream the file straight from
 * disk; otherwise from core's portable `fileWrapper`. Other requests, and files that do not
 * exist, go to the app (or get a 404 with `fallthrough: false`).
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) when root is not a directory, or
 * for a malformed prefix or Cache-Control.
 *
 * @example
 * import { staticFiles } from "@tsgi/middleware/static-files";
 * const app = staticFiles(myApp, { root: "./public", prefix: "/static", maxAge: 3600 });
 * // GET /static/app.css → ./public/app.css (or app.css.br for a client that accepts br)
 */
export function staticFiles(app: App, options: StaticFilesOptions): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options, false);
  const settings = readSettings(options);
  return async (environ, startResponse) => {
    const method = environ.REQUEST_METHOD;
    const path = environ.PATH_INFO;
    const { prefix } = settings;
    const below = prefix === "" || path === prefix || path.startsWith(prefix + "/");
    if (!below || (method !== "GET" && method !== "HEAD")) return app(environ, startResponse);

    const relative = path.slice(prefix.length);
    const resolved = await resolveUnderRoot(settings.root, relative, settings.dotfiles);
    if (resolved.kind === "forbidden") return respond(startResponse, 403);
    // "/hello.txt/" names a directory that does not exist, as on any web server.
    if (resolved.kind === "file" && !relative.endsWith("/")) {
      return serveFile(environ, startResponse, resolved.path, resolved.stats, settings);
    }
    if (resolved.kind === "directory" && settings.index !== false) {
      const indexPath = join(resolved.path, settings.index);
      const stats = await fileStats(indexPath);
      if (stats !== undefined) {
        if (!relative.endsWith("/")) return redirectToSlash(environ, startResponse);
        return serveFile(environ, startResponse, indexPath, stats, settings);
      }
    }
    return settings.fallthrough ? app(environ, startResponse) : respond(startResponse, 404);
  };
}

function readSettings(options: StaticFilesOptions): Settings {
  if (typeof options.root !== "string" || options.root === "") {
    throw new MiddlewareOptionError(NAME, "root", "must be the path of a directory");
  }
  let root: string;
  try {
    root = realpathSync(resolve(options.root));
    if (!statSync(root).isDirectory()) throw new Error("not a directory");
  } catch {
    throw new MiddlewareOptionError(NAME, "root", `is not an existing directory: ${options.root}`);
  }
  let prefix = stringOption(NAME, "prefix", options.prefix, "");
  if (prefix === "/") prefix = "";
  if (prefix !== "" && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
    throw new MiddlewareOptionError(NAME, "prefix", 'must look like "/static" (or be empty)');
  }
  const index =
    options.index === false ? false : stringOption(NAME, "index", options.index, "index.html");
  if (index !== false && (index === "" || index.includes("/"))) {
    throw new MiddlewareOptionError(NAME, "index", "must be a file name, or false");
  }
  const maxAge = integerOption(NAME, "maxAge", options.maxAge, 0);
  const immutable = booleanOption(NAME, "immutable", options.immutable, false);
  let cacheControl = `public, max-age=${maxAge}${immutable ? ", immutable" : ""}`;
  if (options.cacheControl !== undefined) {
    headerValueOption(NAME, "cacheControl", options.cacheControl);
    cacheControl = options.cacheControl;
  }
  return {
    root,
    prefix,
    index,
    cacheControl,
    precompressed: booleanOption(NAME, "precompressed", options.precompressed, true),
    dotfiles: booleanOption(NAME, "dotfiles", options.dotfiles, false),
    fallthrough: booleanOption(NAME, "fallthrough", options.fallthrough, true),
    etag: booleanOption(NAME, "etag", options.etag, true),
    lastModified: booleanOption(NAME, "lastModified", options.lastModified, true),
  };
}

async function serveFile(
  environ: Environ,
  startResponse: StartResponse,
  path: string,
  original: Stats,
  settings: Settings,
) {
  let filePath = path;
  let stats = original;
  let encoding: string | undefined;
  let hasVariants = false;
  if (settings.precompressed) {
    const available: { encoding: string; stats: Stats }[] = [];
    for (const variant of VARIANTS) {
      const variantStats = await fileStats(path + variant.suffix);
      if (variantStats !== undefined)
        available.push({ encoding: variant.encoding, stats: variantStats });
    }
    hasVariants = available.length > 0;
    const chosen = negotiateEncoding(
      requestHeader(environ, "accept-encoding"),
      available.map((variant) => variant.encoding),
    );
    const variant = available.find((candidate) => candidate.encoding === chosen);
    if (variant !== undefined) {
      encoding = variant.encoding;
      stats = variant.stats;
      filePath = path + VARIANTS.find((known) => known.encoding === encoding)!.suffix;
    }
  }

  const etag = fileEtag(stats, encoding);
  const validators: HeaderList = [];
  if (settings.etag) validators.push(["ETag", etag]);
  if (settings.lastModified) validators.push(["Last-Modified", stats.mtime.toUTCString()]);
  validators.push(["Cache-Control", settings.cacheControl]);
  if (hasVariants) validators.push(["Vary", "Accept-Encoding"]);

  const ifNoneMatch = requestHeader(environ, "if-none-match");
  const ifModifiedSince = requestHeader(environ, "if-modified-since");
  const notModified =
    ifNoneMatch !== undefined
      ? settings.etag && noneMatch(ifNoneMatch, etag)
      : ifModifiedSince !== undefined &&
        settings.lastModified &&
        notModifiedSince(ifModifiedSince, stats);
  if (notModified) return respond(startResponse, 304, validators);

  const headers: HeaderList = [
    ["Content-Type", fileContentType(path)],
    ...(encoding === undefined ? [] : ([["Content-Encoding", encoding]] as HeaderList)),
    ["Accept-Ranges", "bytes"],
    ...validators,
  ];
  const size = stats.size;
  const wrap = environ["tsgi.file_wrapper"] ?? fileWrapper;
  const isHead = environ.REQUEST_METHOD === "HEAD";

  const rangeHeader = requestHeader(environ, "range");
  const ifRange = requestHeader(environ, "if-range");
  if (
    rangeHeader !== undefined &&
    (ifRange === undefined || ifRangeMatches(ifRange, stats, etag))
  ) {
    const range = parseRange(rangeHeader, size);
    if (range === "unsatisfiable") {
      return respond(startResponse, 416, [
        ["Accept-Ranges", "bytes"],
        ["Content-Range", `bytes */${size}`],
      ]);
    }
    if (range !== undefined) {
      const length = range.end - range.start + 1;
      startResponse("206 Partial Content", [
        ...headers,
        ["Content-Range", `bytes ${range.start}-${range.end}/${size}`],
        ["Content-Length", String(length)],
      ]);
      return isHead ? [] : wrap(filePath, { start: range.start, length });
    }
  }
  startResponse("200 OK", [...headers, ["Content-Length", String(size)]]);
  return isHead ? [] : wrap(filePath);
}

function redirectToSlash(environ: Environ, startResponse: StartResponse) {
  // Relative to the host, built from SCRIPT_NAME so a mounted app redirects inside its mount.
  const query = environ.QUERY_STRING === "" ? "" : `?${environ.QUERY_STRING}`;
  // Leading slashes collapse to one: "//evil.example/" would be another host.
  const path = (environ.SCRIPT_NAME + environ.PATH_INFO).replace(/^\/+/, "/");
  const location = quotePath(path) + "/" + query;
  return respond(startResponse, 301, [["Location", location]], `Moved to ${location}\n`);
}
