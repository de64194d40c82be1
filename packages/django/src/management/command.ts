/**
 * What a management command is: a name, a help line, the options it takes (node:util
 * `parseArgs` options, so `--flag value` and `--flag=value` both work), and an async
 * `handle` that writes to the context's streams and returns an exit code.
 */
import type { ParseArgsConfig } from "node:util";
import type { SignalSource } from "@tsgi/server/cli";

/** Where a command writes: `stdout`/`stderr` take whole lines or chunks, as `process.stdout.write`. */
export interface CommandOutput {
  write(text: string): void;
}

/** Everything a command gets besides its own arguments. */
export interface CommandContext {
  /** The settings object, once loaded (undefined for commands that need none, e.g. `help`). */
  settings: Record<string, unknown> | undefined;
  /**
   * The settings module's absolute path when settings came from a module (`--settings`,
   * `DJANGO_SETTINGS_MODULE` or a path given to `executeFromCommandLine`); `runserver`'s
   * reloader and `test` hand it to the processes they start.
   */
  settingsModule: string | undefined;
  /** The project directory: the settings module's parent's parent, else `cwd`. */
  projectDir: string;
  stdout: CommandOutput;
  stderr: CommandOutput;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The program name shown in messages ("manage"). */
  progName: string;
  /** The full argv given to `executeFromCommandLine` (the reloader re-runs it). */
  argv: readonly string[];
  /** Every command known to this run, by name (for `help`). */
  commands: ReadonlyMap<string, RegisteredCommand>;
  /** Where SIGINT/SIGTERM come from (`process`, or a fake in tests). */
  signals: SignalSource;
}

/** The arguments `parseArgs` produced from the command's own argv. */
export interface CommandArguments {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

/** A management command. */
export interface Command {
  /** One line shown by `manage help` and at the top of `manage help <command>`. */
  help: string;
  /** The positional part of the usage line, e.g. `"[app_label] [migration_name]"`. */
  args?: string;
  /** Options, as node:util `parseArgs` takes them; a `description` per option for `help`. */
  options?: Record<string, CommandOption>;
  /** Whether settings must be loaded before `handle` (default true). */
  requiresSettings?: boolean;
  /** Runs the command; the resolved number (default 0) is the process exit code. */
  handle(args: CommandArguments, context: CommandContext): Promise<number | void> | number | void;
}

/** One option of a command: node:util's option config plus its help text. */
export type CommandOption = NonNullable<ParseArgsConfig["options"]>[string] & {
  description?: string;
};

/** A command with the name and origin it was registered under. */
export interface RegisteredCommand {
  name: string;
  /** "django" for the built-ins, else the app label that contributed it. */
  origin: string;
  command: Command;
}

/**
 * Identity function that types a command literal (what Django's `BaseCommand` subclass is).
 *
 * @example
 * export const hello = defineCommand({
 *   help: "Greets someone.",
 *   args: "<name>",
 *   options: { shout: { type: "boolean", description: "Upper-case the greeting." } },
 *   handle({ positionals, values }, { stdout }) {
 *     const line = `Hello, ${positionals[0] ?? "world"}!`;
 *     stdout.write(`${values.shout === true ? line.toUpperCase() : line}\n`);
 *   },
 * });
 */
export function defineCommand(command: Command): Command {
  return command;
}

/**
 * A failure a command reports to its user: printed as `CommandError: <message>` on stderr,
 * without a stack trace, and the process exits with `exitCode` (default 1), as in Django.
 *
 * @example
 * throw new CommandError("App 'blog' does not have migrations.");
 */
export class CommandError extends Error {
  readonly code = "DJANGO_E_COMMAND";
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CommandError";
    this.exitCode = options.exitCode ?? 1;
  }
}
