/**
 * Django's `setup_test_environment`: what changes when code runs under test. The settings get
 * `testserver` in ALLOWED_HOSTS and DEBUG off (as Django's runner); template rendering is
 * instrumented so the test client can report `response.templates` and `response.context`.
 */
import type { App } from "@tsgi/core";
import { defineSettings, isSettings, type Settings } from "../conf/index.ts";
import { getTsgiApplication } from "../handlers/index.ts";
import { instrumentTemplateRendering } from "./instrument.ts";

/** Options of {@link testSettings}. */
export interface TestSettingsOptions {
  /** Keep the settings' DEBUG instead of forcing it off. */
  keepDebug?: boolean;
}

/**
 * The settings a test case runs with: `testserver` allowed, DEBUG off unless `keepDebug`,
 * the environment not read again. `DATABASES` stays as configured: the test database helpers
 * derive each test database from it (see `database.ts`).
 *
 * @example
 * const settings = testSettings(projectSettings);
 * settings.ALLOWED_HOSTS; // [..., "testserver"]
 */
export function testSettings(
  settings: Record<string, unknown>,
  options: TestSettingsOptions = {},
): Settings {
  const hosts = Array.isArray(settings.ALLOWED_HOSTS) ? (settings.ALLOWED_HOSTS as string[]) : [];
  return defineSettings(
    {
      ...(isSettings(settings) ? settings : (settings as Partial<Settings>)),
      DEBUG: options.keepDebug === true ? settings.DEBUG === true : false,
      ALLOWED_HOSTS: hosts.includes("testserver") ? hosts : [...hosts, "testserver"],
    },
    { env: false },
  );
}

/**
 * Instruments template rendering (once per process) and builds the project's application
 * for the test settings.
 *
 * @example
 * const app = await setupTestEnvironment(testSettings(settings));
 * const response = await new Client(app).get("/polls/");
 */
export async function setupTestEnvironment(settings: Settings): Promise<App> {
  instrumentTemplateRendering();
  return getTsgiApplication({ settings });
}
