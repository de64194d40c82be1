import type { AppConfig } from "./app-config.ts";
import type { MiddlewareEntry } from "../middleware/types.ts";
import type { URLConf } from "../urls/types.ts";
import type { ContextProcessorEntry } from "../shortcuts/context-processors.ts";

/** One database of `DATABASES`, named as in Django. `ENGINE`: "sqlite" (or Django's dotted name). */
export interface DatabaseSettings {
  ENGINE: string;
  NAME: string;
  USER?: string;
  PASSWORD?: string;
  HOST?: string;
  PORT?: string | number;
  OPTIONS?: Record<string, unknown>;
  /** Settings for the test database (e.g. `{ NAME: ":memory:" }`). */
  TEST?: Record<string, unknown>;
}

/** `TEMPLATES[0].OPTIONS`, with Django's snake_case keys. */
export interface TemplateOptions {
  /** Names such as "django.template.context_processors.request", or functions. */
  context_processors?: readonly ContextProcessorEntry[];
  /** Template debug mode (defaults to `DEBUG`). */
  debug?: boolean;
  /** What an undefined variable renders as (default ""). */
  string_if_invalid?: string;
  /** Extra tag/filter libraries loaded in every template (the engine's `Library` objects). */
  builtins?: readonly unknown[];
  /** Passed through to the engine untouched. */
  [key: string]: unknown;
}

/** One template engine of `TEMPLATES`. Only the first (Django's own language) is used. */
export interface TemplateSettings {
  BACKEND?: string;
  DIRS?: readonly string[];
  APP_DIRS?: boolean;
  OPTIONS?: TemplateOptions;
}

/**
 * Every setting the web layer reads, with Django's names. `defineSettings` fills the
 * defaults (Django's global_settings) and applies environment overrides.
 */
export interface Settings {
  DEBUG: boolean;
  SECRET_KEY: string;
  /** Host names this site may serve; ".example.org" matches subdomains, "*" anything. */
  ALLOWED_HOSTS: string[];
  INSTALLED_APPS: (AppConfig | string)[];
  /** Middleware factories or registered names, outermost first. */
  MIDDLEWARE: MiddlewareEntry[];
  /** The project's URLconf: a urlpatterns array or a module with `urlpatterns`. */
  ROOT_URLCONF: URLConf | undefined;
  DATABASES: Record<string, DatabaseSettings>;
  TEMPLATES: TemplateSettings[];
  STATIC_URL: string;
  STATIC_ROOT: string | undefined;
  STATICFILES_DIRS: string[];
  APPEND_SLASH: boolean;
  /** Regular expressions; a matching User-Agent gets 403 from CommonMiddleware. */
  DISALLOWED_USER_AGENTS: RegExp[];
  /** Overrides SCRIPT_NAME as the prefix of every reversed URL. */
  FORCE_SCRIPT_NAME: string | undefined;
  USE_X_FORWARDED_HOST: boolean;
  USE_X_FORWARDED_PORT: boolean;
  DEFAULT_CHARSET: string;
  DATA_UPLOAD_MAX_MEMORY_SIZE: number | null;
  DATA_UPLOAD_MAX_NUMBER_FIELDS: number | null;
  DATA_UPLOAD_MAX_NUMBER_FILES: number | null;
  /** Largest single uploaded file kept (in memory); not a Django setting, see README. */
  FILE_UPLOAD_MAX_SIZE: number;
  CSRF_COOKIE_NAME: string;
  CSRF_COOKIE_AGE: number;
  CSRF_COOKIE_DOMAIN: string | undefined;
  CSRF_COOKIE_PATH: string;
  CSRF_COOKIE_SECURE: boolean;
  CSRF_COOKIE_HTTPONLY: boolean;
  CSRF_COOKIE_SAMESITE: "Lax" | "Strict" | "None" | false;
  CSRF_HEADER_NAME: string;
  CSRF_TRUSTED_ORIGINS: string[];
  SESSION_ENGINE: string;
  SESSION_COOKIE_NAME: string;
  SESSION_COOKIE_AGE: number;
  SESSION_COOKIE_DOMAIN: string | undefined;
  SESSION_COOKIE_PATH: string;
  SESSION_COOKIE_SECURE: boolean;
  SESSION_COOKIE_HTTPONLY: boolean;
  SESSION_COOKIE_SAMESITE: "Lax" | "Strict" | "None" | false;
  SESSION_EXPIRE_AT_BROWSER_CLOSE: boolean;
  SESSION_SAVE_EVERY_REQUEST: boolean;
  /** "session", "cookie" or "fallback" (Django's storage class names also accepted). */
  MESSAGE_STORAGE: string;
  MESSAGE_LEVEL: number;
  X_FRAME_OPTIONS: "DENY" | "SAMEORIGIN";
  SECURE_CONTENT_TYPE_NOSNIFF: boolean;
  SECURE_REFERRER_POLICY: string | undefined;
  SECURE_CROSS_ORIGIN_OPENER_POLICY: string | undefined;
  SECURE_HSTS_SECONDS: number;
  SECURE_HSTS_INCLUDE_SUBDOMAINS: boolean;
  SECURE_HSTS_PRELOAD: boolean;
  SECURE_SSL_REDIRECT: boolean;
  SECURE_SSL_HOST: string | undefined;
  /** Regular expressions (as strings) of paths SECURE_SSL_REDIRECT leaves alone. */
  SECURE_REDIRECT_EXEMPT: string[];
  /** `[environKey, value]` that marks a request as HTTPS behind a proxy, e.g. ["HTTP_X_FORWARDED_PROTO", "https"]. */
  SECURE_PROXY_SSL_HEADER: [string, string] | undefined;
  TIME_ZONE: string;
  USE_TZ: boolean;
  LANGUAGE_CODE: string;
  /** Where `login_required`-style redirects go. */
  LOGIN_URL: string;
  /** Anything else the project wants to keep in its settings. */
  [key: string]: unknown;
}

/**
 * Django's global_settings, for the keys above.
 *
 * @example
 * GLOBAL_SETTINGS.SESSION_COOKIE_AGE; // 1209600 (two weeks)
 */
export const GLOBAL_SETTINGS: Readonly<Settings> = Object.freeze({
  DEBUG: false,
  SECRET_KEY: "",
  ALLOWED_HOSTS: [],
  INSTALLED_APPS: [],
  MIDDLEWARE: [],
  ROOT_URLCONF: undefined,
  DATABASES: {},
  TEMPLATES: [],
  STATIC_URL: "/static/",
  STATIC_ROOT: undefined,
  STATICFILES_DIRS: [],
  APPEND_SLASH: true,
  DISALLOWED_USER_AGENTS: [],
  FORCE_SCRIPT_NAME: undefined,
  USE_X_FORWARDED_HOST: false,
  USE_X_FORWARDED_PORT: false,
  DEFAULT_CHARSET: "utf-8",
  DATA_UPLOAD_MAX_MEMORY_SIZE: 2621440,
  DATA_UPLOAD_MAX_NUMBER_FIELDS: 1000,
  DATA_UPLOAD_MAX_NUMBER_FILES: 100,
  FILE_UPLOAD_MAX_SIZE: 10 * 1024 * 1024,
  CSRF_COOKIE_NAME: "csrftoken",
  CSRF_COOKIE_AGE: 60 * 60 * 24 * 7 * 52,
  CSRF_COOKIE_DOMAIN: undefined,
  CSRF_COOKIE_PATH: "/",
  CSRF_COOKIE_SECURE: false,
  CSRF_COOKIE_HTTPONLY: false,
  CSRF_COOKIE_SAMESITE: "Lax",
  CSRF_HEADER_NAME: "HTTP_X_CSRFTOKEN",
  CSRF_TRUSTED_ORIGINS: [],
  SESSION_ENGINE: "django.contrib.sessions.backends.signed_cookies",
  SESSION_COOKIE_NAME: "sessionid",
  SESSION_COOKIE_AGE: 60 * 60 * 24 * 7 * 2,
  SESSION_COOKIE_DOMAIN: undefined,
  SESSION_COOKIE_PATH: "/",
  SESSION_COOKIE_SECURE: false,
  SESSION_COOKIE_HTTPONLY: true,
  SESSION_COOKIE_SAMESITE: "Lax",
  SESSION_EXPIRE_AT_BROWSER_CLOSE: false,
  SESSION_SAVE_EVERY_REQUEST: false,
  MESSAGE_STORAGE: "fallback",
  MESSAGE_LEVEL: 20,
  X_FRAME_OPTIONS: "DENY",
  SECURE_CONTENT_TYPE_NOSNIFF: true,
  SECURE_REFERRER_POLICY: "same-origin",
  SECURE_CROSS_ORIGIN_OPENER_POLICY: "same-origin",
  SECURE_HSTS_SECONDS: 0,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: false,
  SECURE_HSTS_PRELOAD: false,
  SECURE_SSL_REDIRECT: false,
  SECURE_SSL_HOST: undefined,
  SECURE_REDIRECT_EXEMPT: [],
  SECURE_PROXY_SSL_HEADER: undefined,
  TIME_ZONE: "America/Chicago",
  USE_TZ: true,
  LANGUAGE_CODE: "en-us",
  LOGIN_URL: "/accounts/login/",
});
