/**
 * Finds the user's module on disk, imports it and picks the export to serve. TypeScript
 * modules load because the `tsgi` launcher registered tsx's loader before anything else.
 */
import { statSync } from "node:fs";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CliError, oneLine } from "./errors.ts";

/** Module types the CLI loads; the launcher's loader understands exactly these. */
export const MODULE_EXTENSIONS: readonly string[] = [".ts", ".mts", ".js", ".mjs"];

/** Export names tried, in order, when the target names none. */
export const DEFAULT_EXPORTS: readonly string[] = ["app", "default"];

/** The export chosen to serve. */
export interface LoadedExport {
  /** Absolute path of the module file. */
  path: string;
  exportName: string;
  value: unknown;
}

/**
 * Imports `module` (relative to `cwd`, or absolute) and returns the export `exportName`, or
 * the first of {@link DEFAULT_EXPORTS} when it is undefined. Every failure is a
 * {@link CliError} whose one-line message names the module as the user wrote it.
 *
 * @example
 * import { loadExport } from "@tsgi/server/cli";
 * const { exportName, value } = await loadExport("apps/hello/src/app.ts", undefined, process.cwd());
 * exportName; // "app"
 * typeof value; // "function"
 */
export async function loadExport(
  module: string,
  exportName: string | undefined,
  cwd: string,
): Promise<LoadedExport> {
  const path = resolveModulePath(module, cwd);
  const namespace = await importModule(path, module);
  const [name, value] = pickExport(namespace, exportName, module);
  return { path, exportName: name, value };
}

/**
 * The absolute path of `module`. A path without an extension also finds `module.ts`,
 * `module.mts`, `module.js` or `module.mjs`, as `src/app` would in an import.
 *
 * @example
 * import { resolveModulePath } from "@tsgi/server/cli";
 * resolveModulePath("src/app", "/srv/hello"); // "/srv/hello/src/app.ts" when that file exists
 */
export function resolveModulePath(module: string, cwd: string): string {
  const path = resolve(cwd, module);
  const kind = fileKind(path);
  if (kind === "file") {
    if (MODULE_EXTENSIONS.includes(extname(path))) return path;
    throw new CliError(
      "TSGI_E_CLI_MODULE_TYPE",
      `cannot load "${module}": expected a ${MODULE_EXTENSIONS.join(", ")} module`,
    );
  }
  if (kind === "directory") {
    throw new CliError(
      "TSGI_E_CLI_MODULE_NOT_FOUND",
      `"${module}" is a directory: name the module file, e.g. ${module.replace(/[\\/]$/, "")}/app.ts`,
    );
  }
  if (!MODULE_EXTENSIONS.includes(extname(path))) {
    for (const extension of MODULE_EXTENSIONS) {
      if (fileKind(path + extension) === "file") return path + extension;
    }
  }
  throw new CliError(
    "TSGI_E_CLI_MODULE_NOT_FOUND",
    `cannot find module "${module}" (looked for ${path})`,
  );
}

async function importModule(path: string, module: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    // The file exists (resolveModulePath checked), so this is the module's own failure: a
    // throw at top level, a syntax error, or one of *its* imports missing.
    throw new CliError(
      "TSGI_E_CLI_MODULE_IMPORT",
      `importing "${module}" failed: ${describeImportError(error, path)}`,
    );
  }
}

/**
 * One line saying why importing a user module failed. Two causes get words of their own:
 * tsx's syntax-error preamble is dropped ("TransformError: Transform failed with 1 error:"),
 * and a `.ts` file outside any `"type": "module"` package — which Node 20 then treats as
 * CommonJS and refuses with ERR_REQUIRE_CYCLE_MODULE — is told how to fix it.
 *
 * @example
 * describeImportError(new Error("DATABASE_URL is not set"), "/srv/app.ts"); // "DATABASE_URL is not set"
 */
export function describeImportError(error: unknown, path: string): string {
  if ((error as { code?: unknown } | null)?.code === "ERR_REQUIRE_CYCLE_MODULE") {
    const renamed = path.replace(/\.ts$/, ".mts").replace(/\.js$/, ".mjs");
    return (
      `${path} is read as CommonJS, as no package.json with "type": "module" is above it; ` +
      `add one, or rename it ${renamed}`
    );
  }
  return oneLine(error).replace(/^TransformError: Transform failed with \d+ errors?: /, "");
}

/**
 * Picks `[name, value]` from a module namespace: `exportName`, or the first of
 * {@link DEFAULT_EXPORTS}. The error for a missing export lists the exports that do exist,
 * because the usual cause is a different name (`export const handler`).
 *
 * @example
 * import { pickExport } from "@tsgi/server/cli";
 * pickExport({ default: 1 }, undefined, "mod.ts"); // ["default", 1]
 */
export function pickExport(
  namespace: Record<string, unknown>,
  exportName: string | undefined,
  module: string,
): [name: string, value: unknown] {
  const candidates = exportName === undefined ? DEFAULT_EXPORTS : [exportName];
  for (const name of candidates) {
    if (Object.hasOwn(namespace, name)) return [name, namespace[name]];
  }
  // Node adds "module.exports" to the namespace of CommonJS modules; it is not a user export.
  const existing = Object.keys(namespace).filter((name) => name !== "module.exports");
  const wanted = candidates.map((name) => `"${name}"`).join(" or ");
  const found =
    existing.length === 0
      ? "it has no exports"
      : `its exports: ${existing.join(", ")}; choose one with ${module}:<export>`;
  throw new CliError(
    "TSGI_E_CLI_EXPORT_MISSING",
    `module "${module}" has no export ${wanted} (${found})`,
  );
}

function fileKind(path: string): "file" | "directory" | "missing" {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return "missing";
  return stats.isDirectory() ? "directory" : "file";
}
