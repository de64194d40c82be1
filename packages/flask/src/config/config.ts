/**
 * Thrown when a config file is missing, unreadable or not an object.
 *
 * @example
 * await app.config.fromFile("missing.json"); // throws ConfigError (FLASK_E_CONFIG_FILE)
 */
export class ConfigError extends Error {
  readonly code: "FLASK_E_CONFIG_FILE" | "FLASK_E_CONFIG_ENV";
  constructor(code: ConfigError["code"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A `Duration` in seconds (Flask takes seconds or a `timedelta`). */
export type Seconds = number;

/**
 * Flask's default configuration; each key can be read and written as `app.config.KEY` or
 * `app.config["KEY"]`.
 *
 * @example
 * DEFAULT_CONFIG.SESSION_COOKIE_NAME; // "session"
 */
export const DEFAULT_CONFIG = {
  DEBUG: false,
  TESTING: false,
  PROPAGATE_EXCEPTIONS: null as boolean | null,
  SECRET_KEY: null as string | null,
  SECRET_KEY_FALLBACKS: [] as string[],
  PERMANENT_SESSION_LIFETIME: (31 * 24 * 3600) as Seconds,
  SERVER_NAME: null as string | null,
  APPLICATION_ROOT: "/",
  SESSION_COOKIE_NAME: "session",
  SESSION_COOKIE_DOMAIN: null as string | null,
  SESSION_COOKIE_PATH: null as string | null,
  SESSION_COOKIE_HTTPONLY: true,
  SESSION_COOKIE_SECURE: false,
  SESSION_COOKIE_PARTITIONED: false,
  SESSION_COOKIE_SAMESITE: "Lax" as "Lax" | "Strict" | "None" | null,
  SESSION_REFRESH_EACH_REQUEST: true,
  MAX_CONTENT_LENGTH: null as number | null,
  MAX_FORM_MEMORY_SIZE: 500_000 as number | null,
  MAX_FORM_PARTS: 1000 as number | null,
  SEND_FILE_MAX_AGE_DEFAULT: null as Seconds | null,
  TRAP_HTTP_EXCEPTIONS: false,
  PREFERRED_URL_SCHEME: "http",
  TEMPLATES_AUTO_RELOAD: null as boolean | null,
};

type Defaults = typeof DEFAULT_CONFIG;

/**
 * The app's configuration, like Flask's `Config`: a plain object of UPPER_CASE keys with
 * loaders. Known keys are typed; any other key is `unknown`.
 *
 * @example
 * const app = new Flask(import.meta.url);
 * app.config.fromObject({ SECRET_KEY: "dev", DATABASE: "/tmp/flaskr.sqlite" });
 * await app.config.fromFile("config.json", { silent: true });
 * app.config.fromPrefixedEnv();          // FLASK_SECRET_KEY=… → SECRET_KEY
 * app.config.SECRET_KEY;                 // "dev" (or the environment's)
 */
export class Config implements Defaults {
  [key: string]: unknown;
  declare DEBUG: boolean;
  declare TESTING: boolean;
  declare PROPAGATE_EXCEPTIONS: boolean | null;
  declare SECRET_KEY: string | null;
  declare SECRET_KEY_FALLBACKS: string[];
  declare PERMANENT_SESSION_LIFETIME: Seconds;
  declare SERVER_NAME: string | null;
  declare APPLICATION_ROOT: string;
  declare SESSION_COOKIE_NAME: string;
  declare SESSION_COOKIE_DOMAIN: string | null;
  declare SESSION_COOKIE_PATH: string | null;
  declare SESSION_COOKIE_HTTPONLY: boolean;
  declare SESSION_COOKIE_SECURE: boolean;
  declare SESSION_COOKIE_PARTITIONED: boolean;
  declare SESSION_COOKIE_SAMESITE: "Lax" | "Strict" | "None" | null;
  declare SESSION_REFRESH_EACH_REQUEST: boolean;
  declare MAX_CONTENT_LENGTH: number | null;
  declare MAX_FORM_MEMORY_SIZE: number | null;
  declare MAX_FORM_PARTS: number | null;
  declare SEND_FILE_MAX_AGE_DEFAULT: Seconds | null;
  declare TRAP_HTTP_EXCEPTIONS: boolean;
  declare PREFERRED_URL_SCHEME: string;
  declare TEMPLATES_AUTO_RELOAD: boolean | null;

  /** `rootPath` resolves relative file names in {@link fromFile}. */
  constructor(
    defaults: Readonly<Record<string, unknown>> = {},
    readonly rootPath: string = process.cwd(),
  ) {
    Object.defineProperty(this, "rootPath", { enumerable: false });
    Object.assign(this, structuredClone(DEFAULT_CONFIG), defaults);
  }

  /** Copies the UPPER_CASE keys of an object (or module namespace); others are ignored. */
  fromObject(source: object): this {
    for (const [key, value] of Object.entries(source)) {
      if (isConfigKey(key)) this[key] = value;
    }
    return this;
  }

  /** Like `fromObject` but every key is taken (Flask's `from_mapping`). */
  fromMapping(mapping: Readonly<Record<string, unknown>>): this {
    for (const [key, value] of Object.entries(mapping)) if (isConfigKey(key)) this[key] = value;
    return this;
  }

  /**
   * Loads a file relative to `rootPath`: `.json` is parsed, anything else (`.ts`, `.js`,
   * `.mjs`) is imported and its UPPER_CASE exports (or its default export object) are taken.
   * With `silent`, a missing file returns false instead of throwing.
   */
  async fromFile(filename: string, options: { silent?: boolean } = {}): Promise<boolean> {
    const { readFile } = await import("node:fs/promises");
    const { isAbsolute, resolve } = await import("node:path");
    const { pathToFileURL } = await import("node:url");
    const path = isAbsolute(filename) ? filename : resolve(this.rootPath, filename);
    if (path.endsWith(".json")) {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (error) {
        if (options.silent && isMissing(error)) return false;
        throw new ConfigError("FLASK_E_CONFIG_FILE", `unable to load config file ${path}`, {
          cause: error,
        });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new ConfigError("FLASK_E_CONFIG_FILE", `config file ${path} is not valid JSON`, {
          cause: error,
        });
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new ConfigError("FLASK_E_CONFIG_FILE", `config file ${path} must hold an object`);
      }
      this.fromObject(parsed);
      return true;
    }
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      if (options.silent && isMissing(error)) return false;
      throw new ConfigError("FLASK_E_CONFIG_FILE", `unable to load config file ${path}`, {
        cause: error,
      });
    }
    const fallback = loaded.default;
    if (typeof fallback === "object" && fallback !== null) this.fromObject(fallback);
    this.fromObject(loaded);
    return true;
  }

  /** Loads the file named by environment variable `name` (Flask's `from_envvar`). */
  async fromEnvvar(name: string, options: { silent?: boolean } = {}): Promise<boolean> {
    const filename = process.env[name];
    if (filename === undefined || filename === "") {
      if (options.silent) return false;
      throw new ConfigError(
        "FLASK_E_CONFIG_ENV",
        `the environment variable ${name} is not set; set it to the path of a config file`,
      );
    }
    return this.fromFile(filename, options);
  }

  /**
   * Flask's `from_prefixed_env`: every `PREFIX_KEY` environment variable sets `KEY`, its value
   * parsed as JSON when it is JSON (`FLASK_DEBUG=true` → `true`, `FLASK_MAX_CONTENT_LENGTH=1024`
   * → 1024), else kept as text. `A__B` sets key `B` inside the object at key `A`.
   */
  fromPrefixedEnv(
    prefix = "FLASK",
    options: { env?: Readonly<Record<string, string | undefined>> } = {},
  ): this {
    const env = options.env ?? process.env;
    const start = `${prefix}_`;
    for (const name of Object.keys(env).sort()) {
      if (!name.startsWith(start)) continue;
      const raw = env[name];
      if (raw === undefined) continue;
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // Not JSON: the text itself, as Flask keeps a str.
      }
      const path = name.slice(start.length).split("__");
      let target = this as Record<string, unknown>;
      for (const part of path.slice(0, -1)) {
        const next = target[part];
        if (typeof next !== "object" || next === null) target[part] = {};
        target = target[part] as Record<string, unknown>;
      }
      target[path[path.length - 1]!] = value;
    }
    return this;
  }

  /** Alias of {@link fromPrefixedEnv}. */
  fromEnv(
    prefix = "FLASK",
    options: { env?: Readonly<Record<string, string | undefined>> } = {},
  ): this {
    return this.fromPrefixedEnv(prefix, options);
  }

  /**
   * The keys starting with `namespace`, without it, lower-cased (Flask's `get_namespace`).
   *
   * @example
   * app.config.getNamespace("IMAGE_STORE_"); // { type: "fs", path: "/var/app/images" }
   */
  getNamespace(
    namespace: string,
    options: { lowercase?: boolean; trimNamespace?: boolean } = {},
  ): Record<string, unknown> {
    const { lowercase = true, trimNamespace = true } = options;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (!key.startsWith(namespace)) continue;
      let name = trimNamespace ? key.slice(namespace.length) : key;
      if (lowercase) name = name.toLowerCase();
      out[name] = value;
    }
    return out;
  }
}

function isConfigKey(key: string): boolean {
  return key !== "" && key === key.toUpperCase() && /^[A-Z_][A-Z0-9_]*$/.test(key);
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ERR_MODULE_NOT_FOUND";
}
