/**
 * What `manage` does with the settings before any command runs — Django's `django.setup()`:
 * build them with `defineSettings` if they are plain values, make them the process-wide
 * settings, and point the ORM's connections at `DATABASES`.
 */
import type { App } from "@tsgi/core";
import { configure, isSettings, defineSettings, type Settings } from "../conf/index.ts";
import { configureDatabases } from "../db/index.ts";
import { getTsgiApplication } from "../handlers/index.ts";

/**
 * Configures the process for `settings` and returns them as a `Settings` object.
 *
 * @example
 * const settings = await prepareSettings({ DEBUG: true, DATABASES: { default: { ENGINE: "sqlite", NAME: ":memory:" } } });
 */
export async function prepareSettings(settings: Record<string, unknown>): Promise<Settings> {
  const defined = isSettings(settings) ? settings : defineSettings(settings as Partial<Settings>);
  configure(defined);
  if (Object.keys(defined.DATABASES).length > 0) configureDatabases(defined.DATABASES);
  return defined;
}

/**
 * The project's TSGI application for `settings` (what `runserver` serves).
 *
 * @example
 * const app = await buildApplication(settings);
 */
export async function buildApplication(settings: Record<string, unknown>): Promise<App> {
  return getTsgiApplication({ settings: settings as Settings });
}
