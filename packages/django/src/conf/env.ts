import { ImproperlyConfigured } from "../core/exceptions.ts";
import type { DatabaseSettings, Settings } from "./global-settings.ts";

// Environment overrides, twelve-factor style: `DJANGO_<SETTING>` for every scalar or list
// setting, plus `DATABASE_URL` (dj-database-url's scheme) for DATABASES.default. Structured
// settings (INSTALLED_APPS, MIDDLEWARE, ROOT_URLCONF, TEMPLATES) are code, not configuration,
// so they have no variable.

type Kind = "bool" | "int" | "string" | "optional-string" | "list" | "samesite" | "nullable-int";

/**
 * Which settings an environment variable may override, and how its text is parsed.
 *
 * @example
 * ENV_SETTING_KINDS.ALLOWED_HOSTS; // "list": DJANGO_ALLOWED_HOSTS=a.example,b.example
 */
export const ENV_SETTING_KINDS: Readonly<Record<string, Kind>> = {
  DEBUG: "bool",
  SECRET_KEY: "string",
  ALLOWED_HOSTS: "list",
  STATIC_URL: "string",
  STATIC_ROOT: "optional-string",
  STATICFILES_DIRS: "list",
  APPEND_SLASH: "bool",
  FORCE_SCRIPT_NAME: "optional-string",
  USE_X_FORWARDED_HOST: "bool",
  USE_X_FORWARDED_PORT: "bool",
  DATA_UPLOAD_MAX_MEMORY_SIZE: "nullable-int",
  DATA_UPLOAD_MAX_NUMBER_FIELDS: "nullable-int",
  DATA_UPLOAD_MAX_NUMBER_FILES: "nullable-int",
  FILE_UPLOAD_MAX_SIZE: "int",
  CSRF_COOKIE_NAME: "string",
  CSRF_COOKIE_AGE: "int",
  CSRF_COOKIE_DOMAIN: "optional-string",
  CSRF_COOKIE_PATH: "string",
  CSRF_COOKIE_SECURE: "bool",
  CSRF_COOKIE_HTTPONLY: "bool",
  CSRF_COOKIE_SAMESITE: "samesite",
  CSRF_TRUSTED_ORIGINS: "list",
  SESSION_COOKIE_NAME: "string",
  SESSION_COOKIE_AGE: "int",
  SESSION_COOKIE_DOMAIN: "optional-string",
  SESSION_COOKIE_PATH: "string",
  SESSION_COOKIE_SECURE: "bool",
  SESSION_COOKIE_HTTPONLY: "bool",
  SESSION_COOKIE_SAMESITE: "samesite",
  SESSION_EXPIRE_AT_BROWSER_CLOSE: "bool",
  SESSION_SAVE_EVERY_REQUEST: "bool",
  MESSAGE_STORAGE: "string",
  MESSAGE_LEVEL: "int",
  X_FRAME_OPTIONS: "string",
  SECURE_CONTENT_TYPE_NOSNIFF: "bool",
  SECURE_REFERRER_POLICY: "optional-string",
  SECURE_CROSS_ORIGIN_OPENER_POLICY: "optional-string",
  SECURE_HSTS_SECONDS: "int",
  SECURE_HSTS_INCLUDE_SUBDOMAINS: "bool",
  SECURE_HSTS_PRELOAD: "bool",
  SECURE_SSL_REDIRECT: "bool",
  SECURE_SSL_HOST: "optional-string",
  SECURE_REDIRECT_EXEMPT: "list",
  TIME_ZONE: "string",
  USE_TZ: "bool",
  LANGUAGE_CODE: "string",
  LOGIN_URL: "string",
};

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

function parse(name: string, kind: Kind, text: string): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case "bool":
      if (TRUE.has(trimmed.toLowerCase())) return true;
      if (FALSE.has(trimmed.toLowerCase())) return false;
      throw new ImproperlyConfigured(`${name}=${text} is not a boolean (use true/false, 1/0)`);
    case "int":
    case "nullable-int":
      if (kind === "nullable-int" && /^(none|null)$/i.test(trimmed)) return null;
      if (!/^-?\d+$/.test(trimmed))
        throw new ImproperlyConfigured(`${name}=${text} is not an integer`);
      return Number(trimmed);
    case "list":
      return trimmed === ""
        ? []
        : trimmed
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean);
    case "optional-string":
      return trimmed === "" ? undefined : trimmed;
    case "samesite":
      if (/^(false|none-unset)$/i.test(trimmed)) return false;
      if (!["Lax", "Strict", "None"].includes(trimmed)) {
        throw new ImproperlyConfigured(`${name}=${text} must be Lax, Strict, None or false`);
      }
      return trimmed;
    case "string":
      return text;
  }
}

/**
 * Reads a database URL as dj-database-url does: `sqlite:///relative.db`,
 * `sqlite:////absolute/path.db`, `sqlite://:memory:`, `postgres://user:pass@host:5432/name`.
 *
 * @example
 * parseDatabaseUrl("sqlite:///db.sqlite3"); // { ENGINE: "sqlite", NAME: "db.sqlite3" }
 * parseDatabaseUrl("postgres://u:p@db:5432/polls").ENGINE; // "postgresql"
 */
export function parseDatabaseUrl(url: string): DatabaseSettings {
  if (url === "sqlite://:memory:" || url === "sqlite:///:memory:") {
    return { ENGINE: "sqlite", NAME: ":memory:" };
  }
  if (url.startsWith("sqlite://")) {
    const path = url.slice("sqlite://".length);
    // sqlite:///x → "x" (relative); sqlite:////x → "/x" (absolute), as dj-database-url reads it.
    const name = path.startsWith("/") ? path.slice(1) : path;
    if (name === "") throw new ImproperlyConfigured(`DATABASE_URL ${url} names no database file`);
    return { ENGINE: "sqlite", NAME: decodeURIComponent(name) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ImproperlyConfigured(`DATABASE_URL is not a URL: ${url}`);
  }
  const scheme = parsed.protocol.slice(0, -1);
  if (!["postgres", "postgresql", "pgsql"].includes(scheme)) {
    throw new ImproperlyConfigured(
      `DATABASE_URL scheme "${scheme}" is not supported (use sqlite:// or postgres://)`,
    );
  }
  const database: DatabaseSettings = {
    ENGINE: "postgresql",
    NAME: decodeURIComponent(parsed.pathname.replace(/^\//, "")),
  };
  if (parsed.username) database.USER = decodeURIComponent(parsed.username);
  if (parsed.password) database.PASSWORD = decodeURIComponent(parsed.password);
  if (parsed.hostname) database.HOST = decodeURIComponent(parsed.hostname);
  if (parsed.port) database.PORT = parsed.port;
  return database;
}

/**
 * The settings an environment overrides: `DJANGO_<NAME>` for each key of
 * {@link ENV_SETTING_KINDS} (booleans `true/false/1/0/yes/no/on/off`, lists comma-separated,
 * an empty value unsets an optional string), and `DATABASE_URL` for `DATABASES.default`.
 *
 * @example
 * settingsFromEnv({ DJANGO_DEBUG: "false", DJANGO_ALLOWED_HOSTS: "a.example,b.example" });
 * // { DEBUG: false, ALLOWED_HOSTS: ["a.example", "b.example"] }
 */
export function settingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  base?: Partial<Settings>,
): Partial<Settings> {
  const overrides: Partial<Settings> = {};
  for (const [name, kind] of Object.entries(ENV_SETTING_KINDS)) {
    const text = env[`DJANGO_${name}`];
    if (text !== undefined) overrides[name] = parse(`DJANGO_${name}`, kind, text);
  }
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== "") {
    overrides.DATABASES = { ...base?.DATABASES, default: parseDatabaseUrl(databaseUrl) };
  }
  return overrides;
}
