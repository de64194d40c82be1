/**
 * `tsgi-flask run [options]` → what to serve and how. Pure apart from reading the config
 * module. `run` takes every `tsgi serve` option (`--server`, `--host`, `--port`, `--workers`,
 * the limits, the logs, `--config`, …), resolved by `@tsgi/server/cli` so both commands agree,
 * plus Flask's own: `--debug/--no-debug`, `--reload/--no-reload`, `--cert`/`--key`.
 *
 * Where they differ from `tsgi serve`:
 * - the port defaults to 5000, `flask run`'s (8000 is the repository's `npm start`), and
 *   `FLASK_RUN_PORT` / `FLASK_RUN_HOST` count as `--port` / `--host`, as click reads them;
 * - `--debug` (or `FLASK_DEBUG=1`) turns on the reloader and the traceback page unless
 *   `--no-reload` / `--no-dev` (or their variables) say otherwise.
 */
import {
  configModuleOf,
  loadConfig,
  readCommandLine,
  resolveServeOptions,
  type CheckedConfig,
  type Env,
  type ServeCommandOptions,
} from "@tsgi/server/cli";
import { FlaskCliError } from "./errors.ts";

/**
 * `flask run`'s port, used unless `--port`, `FLASK_RUN_PORT`, `TSGI_PORT`, `PORT` or a config
 * module set one.
 *
 * @example
 * DEFAULT_RUN_PORT; // 5000
 */
export const DEFAULT_RUN_PORT = 5000;

/** Everything `run` decided. */
export interface RunOptions {
  /** The `tsgi serve` options, resolved (server, host, port, workers, logs, limits, …). */
  serve: ServeCommandOptions;
  /** Debug mode: `--debug`/`--no-debug`, else `FLASK_DEBUG`, else off. */
  debug: boolean;
  /** Whether debug mode was asked for explicitly (then `app.debug` is set to it). */
  debugExplicit: boolean;
  /** Run under the reloader. */
  reload: boolean;
}

/** The run-only flags, picked out before the rest goes to the `tsgi serve` parser. */
interface FlaskFlags {
  debug: boolean | undefined;
  reload: boolean | undefined;
  help: boolean;
  rest: string[];
}

/**
 * Flask's `get_debug_flag`: set, and not "0", "false" or "no".
 *
 * @example
 * debugFromEnv({ FLASK_DEBUG: "1" }); // true
 * debugFromEnv({ FLASK_DEBUG: "false" }); // false
 */
export function debugFromEnv(env: Env): boolean | undefined {
  const value = env.FLASK_DEBUG;
  if (value === undefined || value === "") return undefined;
  return !["0", "false", "no"].includes(value.toLowerCase());
}

/**
 * Reads `run`'s arguments. `globalDebug` is `--debug`/`--no-debug` given before the command.
 *
 * @returns undefined when `--help` was asked for.
 * @throws FlaskCliError or the server CLI's CliError (both exit 2) for a bad option or value.
 *
 * @example
 * const options = await resolveRunOptions(["--port", "0"], undefined, {}, process.cwd(), ["node"]);
 * options?.serve.port; // 0
 */
export async function resolveRunOptions(
  args: readonly string[],
  globalDebug: boolean | undefined,
  env: Env,
  cwd: string,
  knownServers: readonly string[],
): Promise<RunOptions | undefined> {
  const flags = pickFlaskFlags(args);
  if (flags.help) return undefined;
  const command = readCommandLine(["serve", "app", ...flags.rest]);
  if (command.name !== "serve") return undefined;
  const request = command.request;
  for (const [key, variable] of [
    ["port", "FLASK_RUN_PORT"],
    ["host", "FLASK_RUN_HOST"],
  ] as const) {
    const value = env[variable];
    if (request.flags[key] === undefined && value !== undefined && value !== "") {
      request.flags[key] = value;
    }
  }
  const configModule = configModuleOf(request, env);
  const loaded = configModule === undefined ? undefined : await loadConfig(configModule, cwd);
  const config = withDefaultPort(loaded);
  const serve = resolveServeOptions(request, env, config, knownServers);

  const explicit = flags.debug ?? globalDebug ?? debugFromEnv(env);
  const debug = explicit ?? false;
  const reload = flags.reload ?? (serve.sources.reload === "default" ? debug : serve.reload);
  if (serve.sources.dev === "default") serve.dev = debug || reload;
  return { serve, debug, debugExplicit: explicit !== undefined, reload };
}

// The port default rides in as a config value: flags and variables still beat it, and a
// config module's own `port` is left alone.
function withDefaultPort(config: CheckedConfig | undefined): CheckedConfig {
  if (config === undefined) {
    return { path: "tsgi-flask defaults", options: { port: DEFAULT_RUN_PORT }, hooks: undefined };
  }
  if (config.options.port !== undefined || config.options.bind !== undefined) return config;
  return { ...config, options: { ...config.options, port: DEFAULT_RUN_PORT } };
}

function pickFlaskFlags(args: readonly string[]): FlaskFlags {
  const flags: FlaskFlags = { debug: undefined, reload: undefined, help: false, rest: [] };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const [name, inline] = splitInline(arg);
    switch (name) {
      case "--debug":
      case "--no-debug":
        flags.debug = name === "--debug";
        break;
      case "--reload":
      case "--no-reload":
        flags.reload = name === "--reload";
        break;
      case "-h":
      case "--help":
        flags.help = true;
        break;
      case "--cert":
      case "--key": {
        const value = inline ?? args[++index];
        if (value === undefined || value.startsWith("--")) {
          throw new FlaskCliError("FLASK_E_CLI_USAGE", `${name} needs a file name`);
        }
        flags.rest.push(`${name === "--cert" ? "--certfile" : "--keyfile"}=${value}`);
        break;
      }
      default:
        flags.rest.push(arg);
    }
  }
  return flags;
}

function splitInline(arg: string): [string, string | undefined] {
  const equals = arg.indexOf("=");
  if (!arg.startsWith("--") || equals === -1) return [arg, undefined];
  return [arg.slice(0, equals), arg.slice(equals + 1)];
}
