/**
 * `@tsgi/django/conf`: settings (Django's django.conf). Build them with `defineSettings`
 * (Django's defaults, your values, then environment overrides), then either pass them to
 * `getTsgiApplication({ settings })` — which also makes them the process-wide settings — or
 * call `configure(settings)` first. `settings` reads the settings in force and throws
 * `ImproperlyConfigured` before configuration.
 *
 * Environment overrides (they win over the values given in code):
 * - `DJANGO_<NAME>` for every scalar or list setting listed in `ENV_SETTING_KINDS`:
 *   `DJANGO_DEBUG=false`, `DJANGO_SECRET_KEY=…`, `DJANGO_ALLOWED_HOSTS=a.example,.b.example`,
 *   `DJANGO_CSRF_TRUSTED_ORIGINS=https://a.example`, `DJANGO_SECURE_HSTS_SECONDS=3600`;
 *   booleans take true/false, 1/0, yes/no, on/off; lists are comma-separated.
 * - `DATABASE_URL` replaces `DATABASES.default`: `sqlite:///db.sqlite3` (relative),
 *   `sqlite:////abs/path.db`, `sqlite://:memory:`, `postgres://user:pass@host:5432/name`.
 * Structured settings (INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF, TEMPLATES) stay in code.
 *
 * @example
 * import { defineSettings } from "@tsgi/django/conf";
 * export const settings = defineSettings({
 *   DEBUG: true,
 *   SECRET_KEY: "dev-only",
 *   INSTALLED_APPS: ["django.contrib.staticfiles", pollsApp],
 *   MIDDLEWARE: STARTPROJECT_MIDDLEWARE,
 *   ROOT_URLCONF: urls,
 *   DATABASES: { default: { ENGINE: "sqlite", NAME: "db.sqlite3" } },
 *   TEMPLATES: [{ APP_DIRS: true, OPTIONS: { context_processors: ["request", "csrf", "messages"] } }],
 * });
 */
export {
  configure,
  defineSettings,
  getSettings,
  isConfigured,
  isSettings,
  resetConfiguration,
  runWithSettings,
  settings,
  type DefineSettingsOptions,
  type SettingsInput,
} from "./settings.ts";
export {
  GLOBAL_SETTINGS,
  type DatabaseSettings,
  type Settings,
  type TemplateOptions,
  type TemplateSettings,
} from "./global-settings.ts";
export { ENV_SETTING_KINDS, parseDatabaseUrl, settingsFromEnv } from "./env.ts";
export {
  CONTRIB_APPS,
  resolveAppConfig,
  resolveInstalledApps,
  type AppConfig,
  type ResolvedAppConfig,
} from "./app-config.ts";
export { ImproperlyConfigured } from "../core/exceptions.ts";
