/**
 * Command line, environment and config module → what to do. Pure: no I/O, no `process`, so
 * every precedence rule (flag > environment variable > config module > default) is
 * unit-tested without spawning anything. The options themselves live in option-table.ts.
 */
import { parseArgs } from "node:util";
import type { ServerHooks } from "../types.ts";
import type { TsgiConfig } from "./config.ts";
import { describeValue } from "./detect-app.ts";
import { CliError } from "./errors.ts";
import { checkConfig, type CheckedConfig } from "./load-config.ts";
import { checkTls, warningsFor } from "./option-checks.ts";
import {
  EXTRA_OPTIONS,
  OPTION_KEYS,
  OPTIONS,
  type OptionKey,
  type OptionSpec,
  type ResolvedOptions,
} from "./option-table.ts";
import { BadValue } from "./values.ts";

/** The environment, as `process.env` gives it. An empty variable counts as unset. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Option values as the command line gave them, before they are checked. */
export type FlagValues = Partial<Record<OptionKey, string | string[] | boolean>>;

/** What `tsgi serve` was asked on the command line; the config module is not read yet. */
export interface ServeRequest {
  /** The module path as the user wrote it (relative to the working directory, or absolute). */
  module: string;
  /** The export named after `:`; undefined means "`app`, then `default`". */
  exportName: string | undefined;
  flags: FlagValues;
  /** `--config`, when given. */
  config: string | undefined;
}

/** What the command line asks for. */
export type Command =
  { name: "help" } | { name: "version" } | { name: "serve"; request: ServeRequest };

/** Everything `tsgi serve` needs once command line, environment and config module were read. */
export interface ServeCommandOptions extends ResolvedOptions {
  module: string;
  exportName: string | undefined;
  /** The config module as the user named it (`--config` or `TSGI_CONFIG`), if any. */
  config: string | undefined;
  /** The config module's hooks, for `ServeOptions.hooks`. */
  hooks: ServerHooks | undefined;
  /** Where each value came from: "--port", "PORT", "tsgi.config.ts", or "default". */
  sources: Record<OptionKey, string>;
  /** Options given that the chosen server ignores, one line each. */
  warnings: string[];
}

/**
 * Defaults of `tsgi serve`: the access log is on, as in gunicorn and uvicorn. Options whose
 * default is `undefined` are left to the server.
 *
 * @example
 * DEFAULTS.port; // 8000
 * DEFAULTS.workers; // undefined: the cluster server's own (the number of CPUs)
 */
export const DEFAULTS: Readonly<ResolvedOptions> = Object.fromEntries(
  OPTION_KEYS.map((key) => [key, OPTIONS[key].default]),
) as unknown as ResolvedOptions;

const USAGE_HINT = "see tsgi --help";

/**
 * Reads the command line only: which command, which module, which flags. Throws
 * {@link CliError} (exit code 2) for anything malformed.
 *
 * @example
 * import { readCommandLine } from "@tsgi/server/cli";
 * readCommandLine(["serve", "src/app.ts:app", "--workers", "4"]);
 * // { name: "serve", request: { module: "src/app.ts", exportName: "app",
 * //   flags: { workers: "4" }, config: undefined } }
 */
export function readCommandLine(argv: readonly string[]): Command {
  const { values, positionals, tokens } = parseStrict(argv);
  if (values.help === true) return { name: "help" };
  if (values.version === true) return { name: "version" };

  const [command, ...rest] = positionals;
  if (command === undefined) usageError(`missing command: tsgi serve <module>[:<export>]`);
  if (command === "help") return { name: "help" };
  if (command !== "serve") usageError(`unknown command "${command}" (the command is "serve")`);
  if (rest.length === 0) usageError(`missing module: tsgi serve <module>[:<export>]`);
  if (rest.length > 1) usageError(`expected one module, got ${rest.length}: ${rest.join(" ")}`);

  const { module, exportName } = parseAppTarget(rest[0] as string);
  const config = typeof values.config === "string" ? values.config : undefined;
  return { name: "serve", request: { module, exportName, flags: flagValues(tokens), config } };
}

/**
 * The config module to load: `--config`, else `TSGI_CONFIG`, else none.
 *
 * @example
 * configModuleOf({ module: "a.ts", exportName: undefined, flags: {}, config: undefined },
 *   { TSGI_CONFIG: "tsgi.config.ts" }); // "tsgi.config.ts"
 */
export function configModuleOf(request: ServeRequest, env: Env): string | undefined {
  if (request.config !== undefined) {
    if (request.config.trim() === "") usageError("--config needs a file name");
    return request.config;
  }
  return fromEnv(env, "TSGI_CONFIG")?.value;
}

/**
 * Resolves every option: a flag beats its environment variable, which beats the config
 * module, which beats the default. Throws {@link CliError} (exit code 2) naming the bad value
 * and where it came from.
 *
 * @param config the checked config module (see `loadConfig`), or undefined
 * @param knownServers names accepted for `server` (the server registry's)
 *
 * @example
 * const command = readCommandLine(["serve", "app.ts", "--timeout", "10"]);
 * if (command.name === "serve") {
 *   const options = resolveServeOptions(command.request, { TSGI_WORKERS: "4" }, undefined, ["cluster"]);
 *   options.workerTimeout; // 10000 (ms)
 *   options.workers; // 4
 * }
 */
export function resolveServeOptions(
  request: ServeRequest,
  env: Env,
  config: CheckedConfig | undefined,
  knownServers: readonly string[],
): ServeCommandOptions {
  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const key of OPTION_KEYS) {
    const picked = pickValue(key, request.flags[key], env, config);
    values[key] = picked.value;
    sources[key] = picked.source;
  }
  const options: ServeCommandOptions = {
    ...(values as unknown as ResolvedOptions),
    module: request.module,
    exportName: request.exportName,
    config: config?.path,
    hooks: config?.hooks,
    sources: sources as Record<OptionKey, string>,
    warnings: [],
  };
  if (!knownServers.includes(options.server)) {
    throw new CliError(
      "TSGI_E_UNKNOWN_SERVER",
      `unknown server "${options.server}" (choose one of: ${knownServers.join(", ")})`,
    );
  }
  // Reloading is a development tool: turn the traceback page on unless told otherwise.
  if (options.reload && options.sources.dev === "default") options.dev = true;
  checkTls(options);
  options.warnings.push(...warningsFor(options));
  return options;
}

/**
 * {@link readCommandLine}, then {@link resolveServeOptions} with `config` as the config
 * module's export: the whole CLI decision in one pure call, for tests and tools.
 *
 * @example
 * import { parseCommandLine } from "@tsgi/server/cli";
 * const command = parseCommandLine(["serve", "src/app.ts:app", "--port", "0"], { HOST: "::1" }, ["node"]);
 * // { name: "serve", options: { module: "src/app.ts", exportName: "app", server: "node",
 * //   host: "::1", port: 0, accessLog: "-", … } }
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Env,
  knownServers: readonly string[],
  config?: TsgiConfig,
): { name: "help" } | { name: "version" } | { name: "serve"; options: ServeCommandOptions } {
  const command = readCommandLine(argv);
  if (command.name !== "serve") return command;
  const path = configModuleOf(command.request, env) ?? "config";
  const checked = config === undefined ? undefined : checkConfig(config, path);
  return {
    name: "serve",
    options: resolveServeOptions(command.request, env, checked, knownServers),
  };
}

/**
 * Splits `path/to/module.ts:exportName`. The export is what follows the last `:` when that
 * part is not a path itself, so Windows paths (`C:\app\main.ts`) keep their drive letter.
 *
 * @example
 * import { parseAppTarget } from "@tsgi/server/cli";
 * parseAppTarget("src/app.ts:app"); // { module: "src/app.ts", exportName: "app" }
 * parseAppTarget("src/app.ts"); // { module: "src/app.ts", exportName: undefined }
 */
export function parseAppTarget(target: string): { module: string; exportName: string | undefined } {
  const colon = target.lastIndexOf(":");
  const after = colon === -1 ? "" : target.slice(colon + 1);
  if (colon === -1 || /[\\/]/.test(after)) return { module: target, exportName: undefined };
  const module = target.slice(0, colon);
  if (module === "") usageError(`missing module before ":${after}"`);
  if (after === "") usageError(`missing export name after "${module}:"`);
  return { module, exportName: after };
}

function pickValue(
  key: OptionKey,
  flag: string | string[] | boolean | undefined,
  env: Env,
  config: CheckedConfig | undefined,
): { value: unknown; source: string } {
  const spec = OPTIONS[key] as OptionSpec<unknown>;
  if (flag !== undefined) {
    const source = `--${spec.flag}`;
    if (typeof flag === "boolean") return { value: flag, source };
    const texts = Array.isArray(flag) ? flag : [flag];
    const parsed = texts.map((text) =>
      parse(spec, spec.flag, text, source, () => spec.parser.fromText(text)),
    );
    return { value: Array.isArray(flag) ? parsed.flat() : parsed[0], source };
  }
  for (const name of spec.env) {
    const found = fromEnv(env, name);
    if (found === undefined) continue;
    return {
      value: parse(spec, spec.flag, found.value, name, () => spec.parser.fromText(found.value)),
      source: name,
    };
  }
  const configured = config?.options[key];
  if (config !== undefined && configured !== undefined) {
    const value = parse(spec, key, configured, config.path, () =>
      spec.parser.fromConfig(configured),
    );
    return { value, source: config.path };
  }
  return { value: spec.default, source: "default" };
}

function parse<T>(
  spec: OptionSpec<unknown>,
  name: string,
  raw: unknown,
  source: string,
  read: () => T,
): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof BadValue)) throw error;
    throw new CliError(
      spec.parser.code ?? "TSGI_E_CLI_BAD_VALUE",
      `invalid ${name} ${show(raw)} (from ${source}): expected ${error.message}`,
    );
  }
}

// The value as the user wrote it: quoted text, a bare number, or a description of the rest.
function show(raw: unknown): string {
  if (typeof raw === "string") return JSON.stringify(raw);
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  return `(${describeValue(raw)})`;
}

const PARSE_ARGS_OPTIONS = buildParseArgsOptions();

function buildParseArgsOptions() {
  const options: Record<
    string,
    { type: "string" | "boolean"; multiple?: boolean; short?: string }
  > = {};
  for (const key of OPTION_KEYS) {
    const spec = OPTIONS[key] as OptionSpec<unknown>;
    options[spec.flag] = {
      type: spec.placeholder === undefined ? "boolean" : "string",
      ...(spec.repeatable === true ? { multiple: true } : {}),
    };
    if (spec.negatable === true) options[`no-${spec.flag}`] = { type: "boolean" };
  }
  for (const extra of Object.values(EXTRA_OPTIONS)) {
    options[extra.flag] = {
      type: extra.placeholder === undefined ? "boolean" : "string",
      ...("short" in extra ? { short: extra.short } : {}),
    };
  }
  return options;
}

const KEY_BY_FLAG = new Map<string, OptionKey>(OPTION_KEYS.map((key) => [OPTIONS[key].flag, key]));

// Rebuilt from the tokens rather than parseArgs' values, so the last of `--access-log FILE`
// and `--no-access-log` wins however parseArgs files the negated form.
function flagValues(tokens: readonly Token[]): FlagValues {
  const flags: FlagValues = {};
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const negated = token.rawName.startsWith("--no-");
    const name = token.name.startsWith("no-") && negated ? token.name.slice(3) : token.name;
    const key = KEY_BY_FLAG.get(name);
    if (key === undefined) continue;
    const spec = OPTIONS[key] as OptionSpec<unknown>;
    if (spec.placeholder === undefined || (negated && spec.negatable === true)) {
      flags[key] = !negated;
    } else if (spec.repeatable === true) {
      const previous = flags[key];
      flags[key] = [...(Array.isArray(previous) ? previous : []), token.value ?? ""];
    } else {
      flags[key] = token.value ?? "";
    }
  }
  return flags;
}

type Token = NonNullable<ReturnType<typeof parseStrict>["tokens"]>[number];

function parseStrict(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: PARSE_ARGS_OPTIONS,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    // Node's messages go on to explain `--` for positionals; the first sentence is the point.
    const message = error instanceof Error ? error.message : String(error);
    const firstSentence = message.split(/\.\s/)[0] ?? message;
    usageError(`${firstSentence.charAt(0).toLowerCase()}${firstSentence.slice(1)}`);
  }
}

function fromEnv(env: Env, name: string): { value: string; source: string } | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : { value, source: name };
}

function usageError(message: string): never {
  throw new CliError("TSGI_E_CLI_USAGE", `${message} (${USAGE_HINT})`);
}
