import { ImproperlyConfigured } from "../core/exceptions.ts";
import type { MigrationModule, ModelClass } from "../db/index.ts";

/**
 * One entry of `INSTALLED_APPS` (Django's `AppConfig`): what the app brings to the project.
 * `label` (default: the last dot-separated part of `name`) names its tables, templates
 * namespace and migrations; the ORM's `migrate({ apps })` reads `label`, `models` and
 * `migrations` from it.
 *
 * @example
 * export const pollsApp: AppConfig = {
 *   name: "polls",
 *   models: [Question, Choice],
 *   migrations: { "0001_initial": initial },
 *   templatesDir: new URL("./templates", import.meta.url).pathname,
 *   staticDir: new URL("./static", import.meta.url).pathname,
 * };
 */
export interface AppConfig {
  /** Dotted or plain name, e.g. "polls" or "django.contrib.messages". */
  name: string;
  /** Short unique name; defaults to the last part of `name`. */
  label?: string;
  /** Human-readable name. */
  verboseName?: string;
  /** Model classes of the app (the ORM's `Model` subclasses). */
  models?: readonly ModelClass[];
  /**
   * Migrations as the ORM's `migrate()` takes them: modules by name
   * (`{ "0001_initial": initial }`) or a directory (path or file: URL) of plain modules.
   */
  migrations?: Readonly<Record<string, MigrationModule>> | string | URL;
  /** Directory searched by the template engine's app loader (`APP_DIRS`). */
  templatesDir?: string;
  /** Directory served under `STATIC_URL` in DEBUG (django.contrib.staticfiles). */
  staticDir?: string;
  /** The app's URLconf module, for projects that `include()` it by config. */
  urls?: unknown;
}

/** An {@link AppConfig} with its `label` and `verboseName` filled in. */
export interface ResolvedAppConfig extends AppConfig {
  label: string;
  verboseName: string;
}

/**
 * The contrib apps Django's `startproject` lists; they need no models here.
 *
 * @example
 * INSTALLED_APPS: [...CONTRIB_APPS.filter((name) => name !== "django.contrib.admin"), pollsApp]
 */
export const CONTRIB_APPS: readonly string[] = [
  "django.contrib.admin",
  "django.contrib.auth",
  "django.contrib.contenttypes",
  "django.contrib.sessions",
  "django.contrib.messages",
  "django.contrib.staticfiles",
];

/**
 * Normalises an `INSTALLED_APPS` entry: an {@link AppConfig} gets its label, and one of
 * Django's contrib app names (see {@link CONTRIB_APPS}) becomes an empty app config, so a
 * settings list copied from a Django project still reads naturally.
 *
 * @example
 * resolveAppConfig("django.contrib.messages").label; // "messages"
 * resolveAppConfig({ name: "polls" }).label;          // "polls"
 */
export function resolveAppConfig(entry: AppConfig | string): ResolvedAppConfig {
  if (typeof entry === "string") {
    if (!CONTRIB_APPS.includes(entry)) {
      throw new ImproperlyConfigured(
        `INSTALLED_APPS entry "${entry}" is a string; only Django's contrib names are known ` +
          `by name (${CONTRIB_APPS.join(", ")}). Pass an AppConfig object for your own apps.`,
      );
    }
    entry = { name: entry };
  }
  if (typeof entry !== "object" || entry === null || typeof entry.name !== "string") {
    throw new ImproperlyConfigured("every INSTALLED_APPS entry needs a string `name`");
  }
  const label = entry.label ?? entry.name.split(".").pop()!;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(label)) {
    throw new ImproperlyConfigured(`the app label "${label}" is not a valid identifier`);
  }
  return { ...entry, label, verboseName: entry.verboseName ?? label };
}

/**
 * Resolves a whole `INSTALLED_APPS` list and refuses duplicate labels, as Django does.
 *
 * @example
 * resolveInstalledApps(["django.contrib.messages", { name: "polls" }]).map((a) => a.label);
 * // ["messages", "polls"]
 */
export function resolveInstalledApps(
  entries: readonly (AppConfig | string)[],
): ResolvedAppConfig[] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const app = resolveAppConfig(entry);
    if (seen.has(app.label)) {
      throw new ImproperlyConfigured(`Application labels aren't unique, duplicates: ${app.label}`);
    }
    seen.add(app.label);
    return app;
  });
}
