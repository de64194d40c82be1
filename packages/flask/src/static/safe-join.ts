/**
 * Joins untrusted `path` onto `directory`, or returns `undefined` when the result would leave
 * the directory (Werkzeug's `safe_join`): absolute paths, `..` segments, backslashes, NUL
 * bytes and drive letters are refused. Pure string work, no file system access.
 *
 * @example
 * safeJoin("/srv/static", "css/site.css"); // "/srv/static/css/site.css"
 * safeJoin("/srv/static", "../secret");    // undefined
 */
export function safeJoin(directory: string, path: string): string | undefined {
  if (path === "" || path.includes("\0") || path.includes("\\")) return undefined;
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return undefined;
  const parts: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") return undefined;
    parts.push(segment);
  }
  if (parts.length === 0) return undefined;
  return `${directory.replace(/\/+$/, "")}/${parts.join("/")}`;
}
