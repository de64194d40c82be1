/**
 * `executeFromCommandLine(argv, options)`: the body of `manage.py`. It finds the settings
 * (`--settings`, then `DJANGO_SETTINGS_MODULE`, then `options.settings`), loads them, gathers
 * the built-in commands and those the installed apps contribute, and runs the one named by
 * the first argument. Errors end as one `CommandError: …` line on stderr and exit code 1
 * (`--traceback` prints the stack too), as in Django.
 */
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import type { SignalSource } from "@tsgi/server/cli";
import {
  CommandError,
  type Command,
  type CommandArguments,
  type CommandContext,
  type CommandOutput,
  type RegisteredCommand,
} from "./command.ts";
import { appCommands } from "./apps.ts";
import { BUILTIN_COMMANDS } from "./commands/index.ts";
import { prepareSettings } from "./setup.ts";
import { commandUsage } from "./usage.ts";
import { importSettingsModule, resolveSettingsModule } from "./settings-module.ts";

/** Options of {@link executeFromCommandLine}; every one has a sensible default. */
export interface ExecuteOptions {
  /**
   * The settings when neither `--settings` nor `DJANGO_SETTINGS_MODULE` names a module: a
   * settings object, or a settings module's path or `file:` URL (what `manage.py` sets with
   * `os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)`).
   */
  settings?: Record<string, unknown> | string | URL;
  /** Commands added to (or replacing) the built-ins, e.g. a project's own. */
  commands?: Readonly<Record<string, Command>>;
  stdout?: CommandOutput;
  stderr?: CommandOutput;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Program name in messages (default "manage"). */
  progName?: string;
  /** Where `runserver` hears SIGINT/SIGTERM (default `process`). */
  signals?: SignalSource;
}

/**
 * Runs one management command and resolves with its exit code (it never calls
 * `process.exit`, so it can be tested in-process).
 *
 * @example
 * // manage.ts
 * import { executeFromCommandLine } from "@tsgi/django/management";
 * process.exitCode = await executeFromCommandLine(process.argv.slice(2), {
 *   settings: new URL("./mysite/settings.ts", import.meta.url),
 * });
 */
export async function executeFromCommandLine(
  argv: readonly string[],
  options: ExecuteOptions = {},
): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const progName = options.progName ?? "manage";
  const { rest, settingsFlag, traceback } = extractGlobalOptions(argv);

  try {
    const [name = "help", ...commandArgv] = rest;
    const wantsHelp = name === "help" || name === "--help" || name === "-h";

    // Settings: a module named on the command line or in the environment wins over the default.
    const spec = settingsFlag ?? (env.DJANGO_SETTINGS_MODULE || undefined) ?? options.settings;
    let settings: Record<string, unknown> | undefined;
    let settingsModule: string | undefined;
    let settingsError: unknown;
    try {
      if (typeof spec === "string" || spec instanceof URL) {
        settingsModule = resolveSettingsModule(spec, cwd);
        settings = await importSettingsModule(settingsModule);
      } else {
        settings = spec;
      }
      if (settings !== undefined) settings = await prepareSettings(settings);
    } catch (error) {
      // `help` and unknown commands still work without settings; other commands report it.
      settingsError = error;
    }

    const commands = new Map<string, RegisteredCommand>();
    for (const [commandName, command] of Object.entries(BUILTIN_COMMANDS)) {
      commands.set(commandName, { name: commandName, origin: "django", command });
    }
    if (settings !== undefined) {
      for (const registered of appCommands(settings)) commands.set(registered.name, registered);
    }
    for (const [commandName, command] of Object.entries(options.commands ?? {})) {
      commands.set(commandName, { name: commandName, origin: "project", command });
    }

    const context: CommandContext = {
      settings,
      settingsModule,
      projectDir: settingsModule === undefined ? cwd : dirname(dirname(settingsModule)),
      stdout,
      stderr,
      env,
      cwd,
      progName,
      argv,
      commands,
      signals: options.signals ?? process,
    };

    const commandName = wantsHelp ? "help" : name;
    const registered = commands.get(commandName);
    if (registered === undefined) {
      stderr.write(`Unknown command: '${commandName}'. Type '${progName} help' for usage.\n`);
      if (settingsError !== undefined) {
        stderr.write(`(settings could not be loaded: ${describeError(settingsError)})\n`);
      }
      return 1;
    }
    const { command } = registered;
    const needsSettings = command.requiresSettings ?? true;
    if (needsSettings && settings === undefined) {
      if (settingsError !== undefined) throw settingsError;
      throw new CommandError(
        `no settings: pass --settings <module>, set DJANGO_SETTINGS_MODULE, or give executeFromCommandLine a settings option`,
      );
    }
    const commandHelp = commandArgv.includes("--help") || commandArgv.includes("-h");
    if (commandHelp && commandName !== "help") {
      stdout.write(commandUsage(progName, registered));
      return 0;
    }
    const parsed = parseCommandArguments(commandName, command, commandArgv, progName);
    const code = await command.handle(parsed, context);
    return code ?? 0;
  } catch (error) {
    stderr.write(`${errorLine(error)}\n`);
    if (traceback && error instanceof Error && error.stack !== undefined) {
      stderr.write(`${error.stack}\n`);
    }
    return error instanceof CommandError ? error.exitCode : 1;
  }
}

/** `--settings` and `--traceback` may appear anywhere, as in Django; the rest is the command's. */
function extractGlobalOptions(argv: readonly string[]): {
  rest: string[];
  settingsFlag: string | undefined;
  traceback: boolean;
} {
  const rest: string[] = [];
  let settingsFlag: string | undefined;
  let traceback = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--") {
      rest.push(...argv.slice(index));
      break;
    }
    if (arg === "--traceback") traceback = true;
    else if (arg.startsWith("--settings=")) settingsFlag = arg.slice("--settings=".length);
    else if (arg === "--settings") {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith("-")) {
        throw new CommandError("--settings needs a value (a settings module path)");
      }
      settingsFlag = value;
      index++;
    } else rest.push(arg);
  }
  return { rest, settingsFlag, traceback };
}

function parseCommandArguments(
  name: string,
  command: Command,
  argv: readonly string[],
  progName: string,
): CommandArguments {
  const options: NonNullable<Parameters<typeof parseArgs>[0]>["options"] = {};
  for (const [option, spec] of Object.entries(command.options ?? {})) {
    const { description: _description, ...config } = spec;
    options[option] = config;
  }
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values: values as CommandArguments["values"] };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new CommandError(`${reason} (see '${progName} help ${name}')`, { exitCode: 2 });
  }
}

function errorLine(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Error: ${String(error)}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
