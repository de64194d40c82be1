/**
 * The reloader's eyes: one `fs.watch` per directory, walked by hand. Node 20's
 * `{ recursive: true }` on Linux puts a watcher on every *file*, node_modules included, and
 * cannot skip anything; walking ourselves skips node_modules and dot-directories before they
 * cost an inotify watch.
 */
import { readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, extname, join, sep } from "node:path";

/**
 * Files whose change restarts the server: code and JSON, and HTML templates. Not everything:
 * an app that writes its SQLite database or uploads next to its code must not restart itself.
 *
 * @example
 * WATCHED_EXTENSIONS.includes(".sqlite3"); // false
 */
export const WATCHED_EXTENSIONS: readonly string[] = [
  ".ts",
  ".mts",
  ".cts",
  ".tsx",
  ".js",
  ".mjs",
  ".cjs",
  ".jsx",
  ".json",
  ".html",
];

/**
 * Directories never watched: dependencies, VCS data, and dot-directories (caches, editors).
 *
 * @example
 * isIgnoredDirectory("node_modules"); // true
 */
export function isIgnoredDirectory(name: string): boolean {
  return name === "node_modules" || name.startsWith(".");
}

/**
 * Files that never count: editors' swap and backup files, dotfiles, other extensions.
 *
 * @example
 * isWatchedFile("app.ts"); // true
 * isWatchedFile(".app.ts.swp"); // false
 */
export function isWatchedFile(name: string): boolean {
  if (name.startsWith(".") || name.endsWith("~")) return false;
  return WATCHED_EXTENSIONS.includes(extname(name));
}

/** A running watcher. */
export interface SourceWatcher {
  close(): void;
}

/**
 * Watches `directories` (recursively) and `files` and calls `onChange` once per burst of
 * changes, `debounceMs` after the last one, with the changed paths. Editors save in several
 * steps (write a temporary file, rename it over the old one); one restart per save is what
 * people expect.
 *
 * @example
 * const watcher = watchSources({ directories: ["src"], files: ["tsgi.config.ts"] }, (paths) => {
 *   console.log(`changed: ${paths.join(", ")}`);
 * });
 * process.once("SIGINT", () => watcher.close());
 */
export function watchSources(
  roots: { directories: readonly string[]; files: readonly string[] },
  onChange: (paths: string[]) => void,
  options: { debounceMs?: number } = {},
): SourceWatcher {
  const debounceMs = options.debounceMs ?? 150;
  const watchers = new Map<string, FSWatcher>();
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const report = (path: string) => {
    changed.add(path);
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const paths = [...changed];
      changed.clear();
      if (!closed) onChange(paths);
    }, debounceMs);
  };

  const unwatchTree = (directory: string) => {
    for (const [path, watcher] of watchers) {
      if (path === directory || path.startsWith(`${directory}${sep}`)) {
        watcher.close();
        watchers.delete(path);
      }
    }
  };

  const watchDirectory = (directory: string, only?: ReadonlySet<string>) => {
    const key = only === undefined ? directory : `${directory}\0files`;
    if (closed || watchers.has(key)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(directory, (_event, name) => {
        if (name === null) return;
        if (only !== undefined) {
          if (only.has(name)) report(join(directory, name));
          return;
        }
        const path = join(directory, name);
        const stats = statSync(path, { throwIfNoEntry: false });
        if (stats?.isDirectory()) {
          // A directory created or moved in (a `git checkout`): watch it and what it holds.
          if (!isIgnoredDirectory(name) && !watchers.has(path)) {
            watchDirectory(path);
            report(path);
          }
        } else if (stats === undefined && watchers.has(path)) {
          unwatchTree(path);
          report(path);
        } else if (isWatchedFile(name)) {
          report(path);
        }
      });
    } catch {
      return; // gone or unreadable between listing and watching: nothing to watch
    }
    watcher.on("error", () => unwatchTree(directory));
    watchers.set(key, watcher);
    if (only !== undefined) return;
    for (const entry of listDirectory(directory)) {
      if (entry.isDirectory() && !isIgnoredDirectory(entry.name)) {
        watchDirectory(join(directory, entry.name));
      }
    }
  };

  for (const directory of roots.directories) watchDirectory(directory);
  // A single file is watched through its directory: editors replace files by renaming, and a
  // watcher on the old inode would go deaf after the first save.
  const filesByDirectory = new Map<string, Set<string>>();
  for (const file of roots.files) {
    const names = filesByDirectory.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    filesByDirectory.set(dirname(file), names);
  }
  for (const [directory, names] of filesByDirectory) watchDirectory(directory, names);

  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

function listDirectory(directory: string) {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch {
    return []; // removed or unreadable since it was seen
  }
}
