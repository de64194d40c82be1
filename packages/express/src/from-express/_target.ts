import { decodePath, splitTarget } from "@tsgi/core";
import type { Environ } from "@tsgi/core";
import { quoteRequestPath as quotePath } from "@tsgi/server/bridge";

/** The URL parts Express gets: `req.url` below the mount, and the mount itself. */
export interface ExpressTarget {
  /** What `req.originalUrl` starts as: the whole target, raw. */
  originalUrl: string;
  /** `req.baseUrl`: the raw prefix that SCRIPT_NAME decodes from ("" at the root). */
  baseUrl: string;
  /** `req.url`: the rest (PATH_INFO and the query), raw. */
  url: string;
}

/**
 * Splits the request target between Express' mount (`req.baseUrl`, from SCRIPT_NAME) and its
 * `req.url` (PATH_INFO + QUERY_STRING), keeping the bytes the client sent whenever
 * `tsgi.request_target` still decodes to SCRIPT_NAME + PATH_INFO: Express and `send` see
 * `%2F`, `..` and `//` exactly as sent, which is what their own path checks are written for.
 * When middleware rewrote the path (a dispatcher, `shiftPathInfo`), the target no longer
 * matches and both parts are re-quoted from the environ, as PEP 3333's URL reconstruction does.
 */
export function expressTarget(environ: Environ): ExpressTarget {
  const scriptName = environ.SCRIPT_NAME;
  const pathInfo = environ.PATH_INFO;
  const query = environ.QUERY_STRING === "" ? "" : `?${environ.QUERY_STRING}`;
  const raw = environ["tsgi.request_target"];
  if (typeof raw === "string") {
    const split = splitTarget(raw);
    const fromRaw = rawSplit(split.path, scriptName, pathInfo);
    if (fromRaw !== undefined && split.query === environ.QUERY_STRING) {
      // An absolute-form target stays absolute at the root, as node:http hands it to Express.
      // The query part as sent, so a bare trailing "?" survives too.
      const rawQuery = raw.includes("?") ? raw.slice(raw.indexOf("?")).split("#")[0]! : "";
      const url = scriptName === "" && !raw.startsWith("/") ? raw : fromRaw.rest + rawQuery;
      return { originalUrl: raw.startsWith("/") ? raw : url, baseUrl: fromRaw.base, url };
    }
  }
  const base = quotePath(scriptName);
  const rest = quotePath(pathInfo) || (base === "" ? "/" : "");
  return { originalUrl: base + rest + query, baseUrl: base, url: withSlash(rest) + query };
}

function rawSplit(
  rawPath: string,
  scriptName: string,
  pathInfo: string,
): { base: string; rest: string } | undefined {
  if (safeDecode(rawPath) !== scriptName + pathInfo) return undefined;
  if (scriptName === "") return { base: "", rest: rawPath };
  // SCRIPT_NAME ends at a "/" of the raw path (or at its end); find the one it decodes to.
  for (let index = 1; index <= rawPath.length; index++) {
    if (index < rawPath.length && rawPath[index] !== "/") continue;
    const base = rawPath.slice(0, index);
    if (safeDecode(base) === scriptName) return { base, rest: withSlash(rawPath.slice(index)) };
  }
  return undefined;
}

// Express' router does the same when it strips a mount path: `req.url` always starts with "/".
function withSlash(path: string): string {
  return path.startsWith("/") ? path : `/${path}`;
}

function safeDecode(path: string): string | undefined {
  try {
    return decodePath(path);
  } catch {
    return undefined;
  }
}
