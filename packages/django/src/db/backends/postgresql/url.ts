// The test runner's PostgreSQL switch: `TSGI_TEST_DATABASE_URL=postgres://…` makes test
// databases that would be SQLite ones PostgreSQL databases on that server instead.
import { DbConfigError } from "../../errors.ts";
import type { DatabaseSettings } from "../types.ts";

/** The environment variable that sends the test suite to PostgreSQL. */
export const TEST_DATABASE_URL_ENV = "TSGI_TEST_DATABASE_URL";

/**
 * DATABASES settings from a `postgres://user:password@host:port/name` URL.
 *
 * @example
 * postgresSettingsFromUrl("postgres://tsgi@127.0.0.1:5433/postgres").PORT; // "5433"
 */
export function postgresSettingsFromUrl(url: string): DatabaseSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DbConfigError(`${TEST_DATABASE_URL_ENV} is not a URL: ${url}`);
  }
  if (!["postgres:", "postgresql:"].includes(parsed.protocol)) {
    throw new DbConfigError(
      `${TEST_DATABASE_URL_ENV} must be a postgres:// URL, got ${parsed.protocol}//`,
    );
  }
  const settings: DatabaseSettings = {
    ENGINE: "postgresql",
    NAME: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
  };
  if (parsed.username) settings.USER = decodeURIComponent(parsed.username);
  if (parsed.password) settings.PASSWORD = decodeURIComponent(parsed.password);
  if (parsed.hostname) settings.HOST = decodeURIComponent(parsed.hostname);
  if (parsed.port) settings.PORT = parsed.port;
  return settings;
}

/**
 * The PostgreSQL server the tests should use, or undefined (the variable is unset or empty).
 *
 * @example
 * const server = testDatabaseServer(); // from TSGI_TEST_DATABASE_URL
 */
export function testDatabaseServer(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DatabaseSettings | undefined {
  const url = env[TEST_DATABASE_URL_ENV];
  return url ? postgresSettingsFromUrl(url) : undefined;
}
