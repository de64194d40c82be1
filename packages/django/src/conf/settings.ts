import { AsyncLocalStorage } from "node:async_hooks";
import { ImproperlyConfigured } from "../core/exceptions.ts";
import { resolveInstalledApps } from "./app-config.ts";
import { settingsFromEnv } from "./env.ts";
import { GLOBAL_SETTINGS, type Settings } from "./global-settings.ts";

const SETTINGS_BRAND = Symbol.for("tsgi.django.settings");

/** What {@link defineSettings} accepts: any subset of {@link Settings}. */
export type SettingsInput = Partial<Settings>;

/** Options for {@link defineSettings}. */
export interface DefineSettingsOptions {
  /**
   * Where `DJANGO_<NAME>` and `DATABASE_URL` overrides come from (default `process.env`);
   * `false` ignores the environment (tests that must not depend on it).
   */
  env?: Readonly<Record<string, string | undefined>> | false;
}

/**
 * Builds a project's settings: Django's defaults, then `values`, then the environment
 * (`DJANGO_DEBUG=false`, `DJANGO_ALLOWED_HOSTS=a.example,b.example`, `DJANGO_SECRET_KEY=…`,
 * `DATABASE_URL=sqlite:///db.sqlite3`; the full list is `ENV_SETTING_KINDS`). The result is
 * frozen; INSTALLED_APPS are checked (unique labels) right away.
 *
 * @example
 * export const settings = defineSettings({
 *   DEBUG: true,
 *   SECRET_KEY: "dev-only-secret",
 *   INSTALLED_APPS: ["django.contrib.messages", pollsApp],
 *   MIDDLEWARE: STARTPROJECT_MIDDLEWARE,
 *   ROOT_URLCONF: urls,
 *   DATABASES: { default: { ENGINE: "sqlite", NAME: "db.sqlite3" } },
 *   TEMPLATES: [{ APP_DIRS: true, OPTIONS: { context_processors: ["request", "messages"] } }],
 * });
 */
export function defineSettings(
  values: SettingsInput = {},
  options: DefineSettingsOptions = {},
): Settings {
  const env = options.env === undefined ? process.env : options.env;
  const merged: Settings = {
    ...GLOBAL_SETTINGS,
    ...withoutUndefined(values),
    ...(env === false ? {} : settingsFromEnv(env, values)),
  };
  resolveInstalledApps(merged.INSTALLED_APPS);
  if (typeof merged.STATIC_URL === "string" && !merged.STATIC_URL.endsWith("/")) {
    throw new ImproperlyConfigured("STATIC_URL must end with a slash");
  }
  Object.defineProperty(merged, SETTINGS_BRAND, { value: true });
  return Object.freeze(merged);
}

function withoutUndefined(values: SettingsInput): SettingsInput {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/**
 * True when `value` came from {@link defineSettings}.
 *
 * @example
 * isSettings(defineSettings({})); // true
 * isSettings({ DEBUG: true });    // false
 */
export function isSettings(value: unknown): value is Settings {
  return typeof value === "object" && value !== null && SETTINGS_BRAND in value;
}

let configured: Settings | undefined;
const requestSettings = new AsyncLocalStorage<Settings>();

/**
 * Makes `settings` the process-wide configuration (Django's `settings.configure()`), as
 * `getTsgiApplication({ settings })` also does. Plain objects go through `defineSettings`.
 *
 * @example
 * configure(defineSettings({ DEBUG: true, ROOT_URLCONF: urlpatterns }));
 * settings.DEBUG; // true
 */
export function configure(values: Settings | SettingsInput): Settings {
  configured = isSettings(values) ? values : defineSettings(values);
  return configured;
}

/**
 * Forgets the process-wide configuration (for tests).
 *
 * @example
 * resetConfiguration(); settings.DEBUG; // throws ImproperlyConfigured
 */
export function resetConfiguration(): void {
  configured = undefined;
}

/**
 * True once {@link configure} ran (or inside a request of a configured application).
 *
 * @example
 * if (!isConfigured()) configure(defineSettings({ DEBUG: true }));
 */
export function isConfigured(): boolean {
  return requestSettings.getStore() !== undefined || configured !== undefined;
}

/**
 * The settings in force: those of the application handling the current request (each
 * application built by `getTsgiApplication` carries its own, so two projects can share a
 * process), else the process-wide ones; throws `ImproperlyConfigured` when there are none.
 *
 * @example
 * getSettings().SECRET_KEY;
 */
export function getSettings(): Settings {
  const current = requestSettings.getStore() ?? configured;
  if (current === undefined) {
    throw new ImproperlyConfigured(
      "Requested settings, but settings are not configured. Call configure(defineSettings({...})) " +
        "or getTsgiApplication({ settings }) before using settings.",
    );
  }
  return current;
}

/**
 * Runs `fn` with `values` as the settings in force (the handler wraps every request in it).
 *
 * @example
 * await runWithSettings(testSettings, () => reverse("polls:index"));
 */
export function runWithSettings<T>(values: Settings, fn: () => T): T {
  return requestSettings.run(values, fn);
}

/**
 * Django's `django.conf.settings`: reads go to {@link getSettings}, so an access before
 * configuration throws `ImproperlyConfigured`. Read-only: settings do not change at runtime.
 *
 * @example
 * import { settings } from "@tsgi/django/conf";
 * if (settings.DEBUG) console.log("debug mode");
 */
export const settings: Readonly<Settings> = new Proxy({} as Settings, {
  get: (_target, key) => (getSettings() as unknown as Record<string | symbol, unknown>)[key],
  has: (_target, key) => key in getSettings(),
  ownKeys: () => Reflect.ownKeys(getSettings()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(getSettings(), key);
    return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
  },
  set: () => {
    throw new TypeError("settings are read-only; build new ones with defineSettings()");
  },
});
