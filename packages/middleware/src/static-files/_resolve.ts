// Turning PATH_INFO into a file under the root, refusing everything that could escape it.
import { realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { join, sep } from "node:path";

/** What a request path resolved to. */
export type Resolved =
  | { kind: "file"; path: string; stats: Stats }
  | { kind: "directory"; path: string }
  | { kind: "missing" }
  | { kind: "forbidden" };

/**
 * Maps a decoded path below the mount (`/css/app.css`) to a path under `root` (a real path):
 * no NUL, no backslash, no `..` segment, no hidden segment unless `dotfiles`, and — after
 * symbolic links are followed — still inside root.
 */
export async function resolveUnderRoot(
  root: string,
  relativePath: string,
  dotfiles: boolean,
): Promise<Resolved> {
  if (relativePath.includes("\0") || relativePath.includes("\\")) return { kind: "forbidden" };
  const segments = relativePath.split("/").filter((segment) => segment !== "");
  for (const segment of segments) {
    if (segment === "..") return { kind: "forbidden" };
    if (segment.startsWith(".") && !dotfiles) return { kind: "missing" };
  }
  const candidate = join(root, ...segments);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { kind: "missing" };
  }
  if (real !== root && !real.startsWith(root + sep)) return { kind: "forbidden" };
  let stats: Stats;
  try {
    stats = await stat(real);
  } catch {
    return { kind: "missing" };
  }
  if (stats.isDirectory()) return { kind: "directory", path: real };
  if (!stats.isFile()) return { kind: "missing" };
  return { kind: "file", path: real, stats };
}

/** The stats of a regular file, or undefined (for precompressed variants and index files). */
export async function fileStats(path: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}
