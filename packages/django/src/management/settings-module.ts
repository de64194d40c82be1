/**
 * Finding and importing the settings module — what `DJANGO_SETTINGS_MODULE` names in Django.
 * Here it is a file path (`mysite/settings.ts`), relative to the current directory or
 * absolute, or a `file:` URL; Django's dotted form (`mysite.settings`) is accepted too and
 * becomes `mysite/settings.ts`.
 */
import { statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CommandError } from "./command.ts";

const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];

/**
 * The absolute path of the settings module named by `spec`.
 *
 * @throws CommandError when no such file exists (the message names what was tried).
 *
 * @example
 * resolveSettingsModule("mysite.settings", "/srv/app"); // "/srv/app/mysite/settings.ts"
 * resolveSettingsModule("mysite/settings.ts", "/srv/app"); // "/srv/app/mysite/settings.ts"
 */
export function resolveSettingsModule(spec: string | URL, cwd: string): string {
  if (spec instanceof URL || spec.startsWith("file:")) return fileURLToPath(spec);
  const candidates: string[] = [];
  const base = isAbsolute(spec) ? spec : resolve(cwd, spec);
  candidates.push(base);
  if (!MODULE_EXTENSIONS.some((extension) => spec.endsWith(extension))) {
    for (const extension of MODULE_EXTENSIONS) candidates.push(base + extension);
    // Django's dotted module name: mysite.settings → mysite/settings.ts
    if (!spec.includes("/") && spec.includes(".")) {
      const dotted = resolve(cwd, spec.split(".").join("/"));
      for (const extension of MODULE_EXTENSIONS) candidates.push(dotted + extension);
    }
  }
  const found = candidates.find(isFile);
  if (found === undefined) {
    throw new CommandError(
      `settings module "${String(spec)}" not found (looked for ${candidates.join(", ")})`,
    );
  }
  return found;
}

/**
 * Imports a settings module and returns its settings: the `settings` export, else the default
 * export.
 *
 * @throws CommandError when the module fails to load or exports no settings object.
 *
 * @example
 * const settings = await importSettingsModule("/srv/app/mysite/settings.ts");
 * settings.INSTALLED_APPS;
 */
export async function importSettingsModule(path: string): Promise<Record<string, unknown>> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CommandError(`importing the settings module ${path} failed: ${reason}`, {
      cause: error,
    });
  }
  const settings = module.settings ?? module.default;
  if (settings === null || typeof settings !== "object") {
    throw new CommandError(
      `the settings module ${path} exports no settings object (export const settings = defineSettings({...}))`,
    );
  }
  return settings as Record<string, unknown>;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}
