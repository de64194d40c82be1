import type { Environ } from "../types.ts";

/**
 * Moves the first segment of PATH_INFO to the end of SCRIPT_NAME and returns it, exactly as
 * Python's `wsgiref.util.shift_path_info` does, so a dispatcher can mount apps by prefix.
 * **Mutates `environ`** (that is the point: the mounted app sees the shifted paths).
 *
 * - Returns `undefined` (and changes nothing) when PATH_INFO is empty (or, malformed, does not
 *   start with `/`; Python raises there).
 * - Empty and `.` segments in the middle of PATH_INFO are skipped; `..` is returned as a name,
 *   and SCRIPT_NAME is normalised the way `posixpath.normpath` does.
 * - A trailing slash stays on PATH_INFO (`/a/` → returns "a", PATH_INFO "/"); a lone `/`
 *   returns "" and appends the slash to SCRIPT_NAME; `/.` returns `undefined` but still empties
 *   PATH_INFO.
 *
 * @example
 * const environ = buildTestEnviron("GET", "/blog/posts/1");
 * shiftPathInfo(environ); // "blog"
 * environ.SCRIPT_NAME;    // "/blog"
 * environ.PATH_INFO;      // "/posts/1"
 */
export function shiftPathInfo(environ: Environ): string | undefined {
  const pathInfo = environ.PATH_INFO ?? "";
  // CGI says a non-empty PATH_INFO starts with "/"; anything else has no segment to shift.
  if (!pathInfo.startsWith("/")) return undefined;

  const parts = pathInfo.split("/");
  // Only inner segments are cleaned; the last one is kept so a trailing slash survives.
  const inner = parts.slice(1, -1).filter((part) => part !== "" && part !== ".");
  const rest = [...inner, parts[parts.length - 1]!];
  const name = rest.shift() ?? "";

  let scriptName = normpath((environ.SCRIPT_NAME ?? "") + "/" + name);
  if (scriptName.endsWith("/")) scriptName = scriptName.slice(0, -1);
  if (name === "" && !scriptName.endsWith("/")) scriptName += "/";

  environ.SCRIPT_NAME = scriptName;
  environ.PATH_INFO = ["", ...rest].join("/");
  // "/." is not cleaned above because it is the last segment; it names nothing.
  return name === "." ? undefined : name;
}

/** POSIX path normalisation with Python's `posixpath.normpath` rules (`//x` keeps both slashes). */
export function normpath(path: string): string {
  if (path === "") return ".";
  const leading = !path.startsWith("/")
    ? 0
    : path.startsWith("//") && !path.startsWith("///")
      ? 2
      : 1;
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    const canPop = out.length > 0 && out[out.length - 1] !== "..";
    if (part !== "..") out.push(part);
    else if (canPop) out.pop();
    else if (leading === 0) out.push(part); // a relative path keeps leading ".."
  }
  const joined = "/".repeat(leading) + out.join("/");
  return joined === "" ? "." : joined;
}
