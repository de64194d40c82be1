/**
 * Command line and environment → what to do. Pure: no I/O, no `process`, so every rule
 * (flags beat environment variables beat defaults) is unit-tested without spawning anything.
 */
import { parseArgs } from "node:util";
import { CliError } from "./errors.ts";

/** The environment, as `process.env` gives it. An empty variable counts as unset. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Everything `tsgi serve` needs once the command line and environment have been read. */
export interface ServeCommandOptions {
  /** The module path as the user wrote it (relative to the working directory, or absolute). */
  module: string;
  /** The export named after `:`; undefined means "`app`, then `default`". */
  exportName: string | undefined;
  server: string;
  host: string;
  port: number;
  accessLog: boolean;
}

/** What the command line asks for. */
export type Command =
  { name: "help" } | { name: "version" } | { name: "serve"; options: ServeCommandOptions };

/** Defaults of `tsgi serve`. The access log is on, as in gunicorn and uvicorn. */
export const DEFAULTS = {
  server: "node",
  host: "127.0.0.1",
  port: 8000,
  accessLog: true,
} as const;

/** One row of the `--help` text and of the README's options table. */
export interface OptionDoc {
  flag: string;
  env: string | undefined;
  /** Values the environment variable takes, when they are not obvious. */
  envValues?: string;
  default: string;
  description: string;
}

/** The options of `tsgi serve`, in the order `--help` lists them. */
export const OPTION_DOCS: readonly OptionDoc[] = [
  {
    flag: "--server <name>",
    env: "TSGI_SERVER",
    default: DEFAULTS.server,
    description: "server that hosts the app",
  },
  {
    flag: "--host <host>",
    env: "HOST",
    default: DEFAULTS.host,
    description: "interface to bind (0.0.0.0 for every IPv4 interface)",
  },
  {
    flag: "--port <port>",
    env: "PORT",
    default: String(DEFAULTS.port),
    description: "port to bind, 0-65535 (0 picks a free port)",
  },
  {
    flag: "--access-log, --no-access-log",
    env: "TSGI_ACCESS_LOG",
    envValues: "1/0, true/false, yes/no, on/off",
    default: "on",
    description: "one line per request on stdout",
  },
  { flag: "-h, --help", env: undefined, default: "", description: "show this help" },
  { flag: "--version", env: undefined, default: "", description: "print the version" },
];

const PARSE_ARGS_OPTIONS = {
  server: { type: "string" },
  host: { type: "string" },
  port: { type: "string" },
  "access-log": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

const USAGE_HINT = "see tsgi --help";

/**
 * Reads the command line and the environment. Flags beat environment variables, which beat
 * {@link DEFAULTS}. Throws {@link CliError} (exit code 2) for anything the user must fix.
 *
 * @param argv arguments after the program name (`process.argv.slice(2)`)
 * @param env the environment (`process.env`)
 * @param knownServers names accepted by `--server` / `TSGI_SERVER` (the server registry's)
 *
 * @example
 * import { parseCommandLine } from "@tsgi/server/cli";
 * const command = parseCommandLine(["serve", "src/app.ts:app", "--port", "0"], { HOST: "::1" }, ["node"]);
 * // { name: "serve", options: { module: "src/app.ts", exportName: "app", server: "node",
 * //   host: "::1", port: 0, accessLog: true } }
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Env,
  knownServers: readonly string[],
): Command {
  const { values, positionals } = parseStrict(argv);
  if (values.help === true) return { name: "help" };
  if (values.version === true) return { name: "version" };

  const [command, ...rest] = positionals;
  if (command === undefined) usageError(`missing command: tsgi serve <module>[:<export>]`);
  if (command === "help") return { name: "help" };
  if (command !== "serve") usageError(`unknown command "${command}" (the command is "serve")`);
  if (rest.length === 0) usageError(`missing module: tsgi serve <module>[:<export>]`);
  if (rest.length > 1) usageError(`expected one module, got ${rest.length}: ${rest.join(" ")}`);

  const { module, exportName } = parseAppTarget(rest[0] as string);
  return {
    name: "serve",
    options: {
      module,
      exportName,
      server: checkServer(
        values.server ?? fromEnv(env, "TSGI_SERVER")?.value ?? DEFAULTS.server,
        knownServers,
      ),
      host: pickHost(values.host, fromEnv(env, "HOST")),
      port: pickPort(values.port, fromEnv(env, "PORT")),
      accessLog: values["access-log"] ?? parseBoolean(env, "TSGI_ACCESS_LOG") ?? DEFAULTS.accessLog,
    },
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

function parseStrict(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: PARSE_ARGS_OPTIONS,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
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

function checkServer(name: string, knownServers: readonly string[]): string {
  if (knownServers.includes(name)) return name;
  throw new CliError(
    "TSGI_E_UNKNOWN_SERVER",
    `unknown server "${name}" (choose one of: ${knownServers.join(", ")})`,
  );
}

function pickHost(flag: string | undefined, env: { value: string } | undefined): string {
  const host = flag ?? env?.value ?? DEFAULTS.host;
  if (host === "" || /\s/.test(host)) {
    const source = flag !== undefined ? "--host" : "HOST";
    throw new CliError("TSGI_E_CLI_BAD_HOST", `invalid host "${host}" (from ${source})`);
  }
  return host;
}

function pickPort(
  flag: string | undefined,
  env: { value: string; source: string } | undefined,
): number {
  const chosen = flag !== undefined ? { value: flag, source: "--port" } : env;
  if (chosen === undefined) return DEFAULTS.port;
  // Number("") is 0 and Number("1e3") is 1000: accept plain decimal digits only.
  const port = /^\d{1,5}$/.test(chosen.value) ? Number(chosen.value) : Number.NaN;
  if (Number.isInteger(port) && port <= 65535) return port;
  throw new CliError(
    "TSGI_E_CLI_BAD_PORT",
    `invalid port "${chosen.value}" (from ${chosen.source}): expected an integer from 0 to 65535`,
  );
}

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off"]);

function parseBoolean(env: Env, name: string): boolean | undefined {
  const found = fromEnv(env, name);
  if (found === undefined) return undefined;
  const word = found.value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new CliError(
    "TSGI_E_CLI_BAD_BOOLEAN",
    `invalid ${name} "${found.value}": expected 1/0, true/false, yes/no or on/off`,
  );
}

function usageError(message: string): never {
  throw new CliError("TSGI_E_CLI_USAGE", `${message} (${USAGE_HINT})`);
}
