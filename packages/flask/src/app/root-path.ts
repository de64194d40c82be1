import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Resolves Flask's `import_name` equivalent: `import.meta.url` of the app module (its folder
 * is the root), or a path — a file's folder, or a folder itself. Also returns a name.
 *
 * @example
 * resolveRoot("file:///srv/blog/src/app.ts");        // { rootPath: "/srv/blog/src", name: "app", isPackage: false }
 * resolveRoot("file:///srv/blog/flaskr/index.ts");   // { rootPath: "/srv/blog/flaskr", name: "flaskr", isPackage: true }
 * resolveRoot("/srv/blog");                          // { rootPath: "/srv/blog", name: "blog", isPackage: false }
 */
export function resolveRoot(importName: string): {
  rootPath: string;
  name: string;
  isPackage: boolean;
} {
  const path = importName.startsWith("file:") ? fileURLToPath(importName) : importName;
  const absolute = isAbsolute(path) ? path : resolve(process.cwd(), path);
  const extension = extname(absolute);
  if (/^\.(?:[cm]?[jt]s|tsx|jsx)$/.test(extension)) {
    const file = basename(absolute, extension);
    // An index module stands for its folder, as a package's __init__.py does.
    if (file === "index") {
      return { rootPath: dirname(absolute), name: basename(dirname(absolute)), isPackage: true };
    }
    return { rootPath: dirname(absolute), name: file, isPackage: false };
  }
  return { rootPath: absolute, name: basename(absolute), isPackage: false };
}

/**
 * Flask's default instance folder: `instance/` beside a package (an `index.ts` folder), or
 * inside the folder of a single-module app.
 *
 * @example
 * defaultInstancePath(resolveRoot("file:///srv/blog/src/flaskr/index.ts")); // "/srv/blog/src/instance"
 * defaultInstancePath(resolveRoot("file:///srv/hello/app.ts"));             // "/srv/hello/instance"
 */
export function defaultInstancePath(root: { rootPath: string; isPackage: boolean }): string {
  return join(root.isPackage ? dirname(root.rootPath) : root.rootPath, "instance");
}

/**
 * `folder` resolved against `root`, or undefined when `folder` is null/undefined.
 *
 * @example
 * resolveFolder("/srv/blog", "static"); // "/srv/blog/static"
 */
export function resolveFolder(root: string, folder: string | null | undefined): string | undefined {
  if (folder === null || folder === undefined) return undefined;
  return isAbsolute(folder) ? folder : resolve(root, folder);
}
