/**
 * The installed apps as management sees them: their configs (from `INSTALLED_APPS`) and the
 * commands they contribute. An app adds commands with a `commands` map on its config, the way
 * a Django app ships `management/commands/<name>.py`.
 */
import { resolveInstalledApps, type AppConfig, type ResolvedAppConfig } from "../conf/index.ts";
import type { Command, RegisteredCommand } from "./command.ts";

/**
 * An app config that contributes management commands. `AppConfig` has no `commands` key of
 * its own, so an app declares its config with this type (or `satisfies` it).
 *
 * @example
 * export const pollsApp: AppConfigWithCommands = {
 *   name: "polls",
 *   models: [Question, Choice],
 *   commands: { loadsamples: loadSamplesCommand },
 * };
 */
export type AppConfigWithCommands = AppConfig & {
  /** Commands by name: `manage <name>` runs them, `manage help` lists them under the app. */
  commands?: Readonly<Record<string, Command>>;
};

/**
 * The resolved `INSTALLED_APPS` of a settings object (an empty list when it has none).
 *
 * @example
 * installedApps(settings).map((app) => app.label); // ["messages", "staticfiles", "polls"]
 */
export function installedApps(settings: Record<string, unknown>): ResolvedAppConfig[] {
  const entries = settings.INSTALLED_APPS;
  if (entries === undefined) return [];
  return resolveInstalledApps(entries as readonly (AppConfig | string)[]);
}

/**
 * Every command the installed apps contribute, in `INSTALLED_APPS` order. When two apps
 * define the same name, the app listed first wins, as in Django.
 *
 * @example
 * appCommands(settings).map((c) => `${c.origin}:${c.name}`); // ["polls:loadsamples"]
 */
export function appCommands(settings: Record<string, unknown>): RegisteredCommand[] {
  const found = new Map<string, RegisteredCommand>();
  for (const app of installedApps(settings)) {
    const commands = (app as AppConfigWithCommands).commands ?? {};
    for (const [name, command] of Object.entries(commands)) {
      if (!found.has(name)) found.set(name, { name, origin: app.label, command });
    }
  }
  return [...found.values()];
}
