// Shared by this package's web-layer tests: settings that ignore the environment, and a test
// client for an application built from them.
import { createTestClient, type TestClient, type TestClientOptions } from "@tsgi/core/testing";
import { defineSettings, type SettingsInput } from "../conf/settings.ts";
import type { Settings } from "../conf/global-settings.ts";
import { getTsgiApplication } from "../handlers/tsgi.ts";

/** Settings for a test: a secret key, localhost allowed, no environment overrides. */
export function testSettings(values: SettingsInput = {}): Settings {
  return defineSettings(
    { SECRET_KEY: "test-secret-key", ALLOWED_HOSTS: ["localhost", "testserver"], ...values },
    { env: false },
  );
}

/** A test client for an application with {@link testSettings}. */
export function clientFor(values: SettingsInput = {}, options: TestClientOptions = {}): TestClient {
  return createTestClient(
    getTsgiApplication({ settings: testSettings(values), serveStatic: false }),
    options,
  );
}
