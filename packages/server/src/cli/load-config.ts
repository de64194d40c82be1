/**
 * `--config tsgi.config.ts`: import the module, take its `default` (or `config`) export, and
 * check its keys. Values are checked later, with flags and environment variables, by
 * `resolveServeOptions`, so every bad value is reported the same way wherever it came from.
 */
import { statSync } from "node:fs";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerHooks } from "../types.ts";
import { HOOK_NAMES } from "./config.ts";
import { describeValue } from "./detect-app.ts";
import { CliError } from "./errors.ts";
import { describeImportError, MODULE_EXTENSIONS } from "./load-module.ts";
import { OPTION_KEYS, OPTIONS, type OptionKey } from "./option-table.ts";

/** A config module whose keys are known and whose hooks are functions. */
export interface CheckedConfig {
  /** The module as the user named it, for messages ("tsgi.config.ts"). */
  path: string;
  /** Option values by key, not yet checked (`resolveServeOptions` does that). */
  options: Partial<Record<OptionKey, unknown>>;
  /** Its hooks, or undefined when it defines none. */
  hooks: ServerHooks | undefined;
}

/**
 * Every key a config module may have: the options, then the hooks.
 *
 * @example
 * CONFIG_KEYS.includes("whenReady"); // true
 */
export const CONFIG_KEYS: readonly string[] = [...OPTION_KEYS, ...HOOK_NAMES];

/**
 * Imports a config module (relative to `cwd`, or absolute) and checks its export. Every
 * failure is a {@link CliError} with one line naming the module: not found, throwing while
 * loading, no `default`/`config` export, not an object, an unknown key, a hook that is not a
 * function.
 *
 * @example
 * import { loadConfig } from "@tsgi/server/cli";
 * const config = await loadConfig("tsgi.config.ts", process.cwd());
 * config.options.workers; // 4, as the module set it
 */
export async function loadConfig(module: string, cwd: string): Promise<CheckedConfig> {
  const path = resolve(cwd, module);
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined || !stats.isFile()) {
    throw new CliError(
      "TSGI_E_CLI_CONFIG",
      `cannot find config module "${module}" (looked for ${path})`,
    );
  }
  if (!MODULE_EXTENSIONS.includes(extname(path))) {
    throw new CliError(
      "TSGI_E_CLI_CONFIG",
      `config module "${module}" must be a ${MODULE_EXTENSIONS.join(", ")} module`,
    );
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(
      "TSGI_E_CLI_CONFIG",
      `loading config "${module}" failed: ${describeImportError(error, path)}`,
    );
  }
  const name = ["default", "config"].find((candidate) => Object.hasOwn(namespace, candidate));
  if (name === undefined) {
    const exports = Object.keys(namespace).filter((key) => key !== "module.exports");
    throw new CliError(
      "TSGI_E_CLI_CONFIG",
      `config "${module}" has no default or \`config\` export (its exports: ${exports.join(", ") || "none"})`,
    );
  }
  return checkConfig(namespace[name], module);
}

/**
 * Checks a config object's shape: a plain object, only known keys, hooks that are
 * functions. `undefined` values count as unset.
 *
 * @example
 * import { checkConfig } from "@tsgi/server/cli";
 * checkConfig({ workers: 2, whenReady() {} }, "tsgi.config.ts").options; // { workers: 2 }
 * checkConfig({ wokers: 2 }, "tsgi.config.ts"); // throws TSGI_E_CLI_CONFIG_KEY: did you mean "workers"?
 */
export function checkConfig(value: unknown, path: string): CheckedConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CliError(
      "TSGI_E_CLI_CONFIG",
      `config "${path}" must export an object of options, not ${describeValue(value)}`,
    );
  }
  const options: Partial<Record<OptionKey, unknown>> = {};
  const hooks: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    if ((OPTION_KEYS as readonly string[]).includes(key)) {
      options[key as OptionKey] = entry;
    } else if ((HOOK_NAMES as readonly string[]).includes(key)) {
      if (typeof entry !== "function") {
        throw new CliError(
          "TSGI_E_CLI_CONFIG",
          `hook ${key} in config "${path}" must be a function, not ${describeValue(entry)}`,
        );
      }
      hooks[key] = entry;
    } else {
      const guess = suggestKey(key);
      const hint = guess === undefined ? "" : ` did you mean "${guess}"?`;
      throw new CliError(
        "TSGI_E_CLI_CONFIG_KEY",
        `unknown key "${key}" in config "${path}":${hint} (valid keys: ${CONFIG_KEYS.join(", ")})`,
      );
    }
  }
  return {
    path,
    options,
    hooks: Object.keys(hooks).length === 0 ? undefined : (hooks as ServerHooks),
  };
}

// gunicorn's setting names that differ from ours once case, "_" and "-" are ignored.
const GUNICORN_NAMES: Readonly<Record<string, string>> = {
  keepalive: "keepAliveTimeout",
  accesslog: "accessLog",
  errorlog: "errorLog",
  accesslogformat: "accessLogFormat",
  limitrequestline: "maxRequestLineSize",
  limitrequestfields: "maxHeaderCount",
  limitrequestfieldsize: "maxHeaderFieldSize",
};

const normalize = (name: string) => name.toLowerCase().replace(/[-_]/g, "");

// A key as a flag name ("timeout", "max-header-size"), in another case ("max_body_size"), or
// under gunicorn's name ("keepalive") points at the key that means the same.
const KNOWN_SPELLINGS = new Map<string, string>([
  ...Object.entries(GUNICORN_NAMES),
  ...OPTION_KEYS.map((key) => [normalize(OPTIONS[key].flag), key] as const),
  ...CONFIG_KEYS.map((key) => [normalize(key), key] as const),
]);

function suggestKey(key: string): string | undefined {
  const known = KNOWN_SPELLINGS.get(normalize(key));
  if (known !== undefined) return known;
  // One or two typed letters off ("wokers").
  let best: { key: string; distance: number } | undefined;
  for (const candidate of CONFIG_KEYS) {
    const distance = editDistance(normalize(key), normalize(candidate));
    if (distance <= 2 && (best === undefined || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
