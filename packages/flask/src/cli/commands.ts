/**
 * `app.cli`: the commands an app adds to `tsgi-flask`, as Flask's `app.cli` (a click group)
 * holds `flask init-db`. A command is a name, a handler and a help line; the handler gets the
 * app, its raw arguments and where to write. It runs inside the app context, so `g` and
 * `currentApp` work in it as they do in a request (Flask's `with_appcontext`).
 */
import { FlaskCliError } from "./errors.ts";

/** What a command's handler is given. */
export interface CommandContext<TApp = unknown> {
  /** The app the command runs for. */
  app: TApp;
  /** The arguments after the command name, unparsed (`util.parseArgs` reads them well). */
  args: string[];
  /** Writes one line to standard output (Flask: `click.echo`). */
  out: (line: string) => void;
  /** Writes one line to standard error. */
  err: (line: string) => void;
  /** The environment the CLI runs with. */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * A command's work. It may be async; a number it returns (or resolves to) is the exit status
 * (default 0), and a throw is reported as one line with exit status 1.
 */
export type CommandHandler<TApp = unknown> = (
  context: CommandContext<TApp>,
) => void | number | Promise<void | number>;

/** Options of {@link CommandRegistry.command}. */
export interface CommandOptions {
  /** One line for `tsgi-flask --help` and `tsgi-flask <command> --help`. */
  help?: string;
  /** More text for `tsgi-flask <command> --help`: arguments, options, examples. */
  usage?: string;
}

/** One registered command. */
export interface RegisteredCommand<TApp = unknown> {
  name: string;
  handler: CommandHandler<TApp>;
  help: string;
  usage: string | undefined;
}

// Names as click derives them from function names: lower case words joined by dashes.
const COMMAND_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

/**
 * Names the CLI itself owns; an app cannot take them over.
 *
 * @example
 * BUILTIN_COMMANDS.includes("run"); // true
 */
export const BUILTIN_COMMANDS: readonly string[] = ["run", "routes", "help"];

/**
 * The commands an app registers, by name.
 *
 * @example
 * app.cli.command("init-db", ({ out }) => {
 *   initDb();
 *   out("Initialized the database.");
 * }, { help: "Clear the existing data and create new tables." });
 * // $ tsgi-flask --app src/flaskr init-db
 */
export class CommandRegistry<TApp = unknown> {
  readonly #commands = new Map<string, RegisteredCommand<TApp>>();

  /**
   * Registers `handler` as `tsgi-flask <name>`. Returns the registry, so calls chain.
   *
   * @throws FlaskCliError `FLASK_E_CLI_COMMAND_NAME` for a name that is not lower-case words
   *   joined by dashes or that a built-in command owns; `FLASK_E_CLI_COMMAND_EXISTS` when the
   *   name is taken (register each command once, as in click).
   */
  command(name: string, handler: CommandHandler<TApp>, options: CommandOptions = {}): this {
    if (!COMMAND_NAME.test(name)) {
      throw new FlaskCliError(
        "FLASK_E_CLI_COMMAND_NAME",
        `invalid command name "${name}": use lower-case words joined by dashes, e.g. "init-db"`,
      );
    }
    if (BUILTIN_COMMANDS.includes(name)) {
      throw new FlaskCliError(
        "FLASK_E_CLI_COMMAND_NAME",
        `"${name}" is a built-in tsgi-flask command; choose another name`,
      );
    }
    if (this.#commands.has(name)) {
      throw new FlaskCliError(
        "FLASK_E_CLI_COMMAND_EXISTS",
        `command "${name}" is already registered`,
      );
    }
    if (typeof handler !== "function") {
      throw new TypeError(`the handler of command "${name}" must be a function`);
    }
    this.#commands.set(name, { name, handler, help: options.help ?? "", usage: options.usage });
    return this;
  }

  /** The command called `name`, if registered. */
  get(name: string): RegisteredCommand<TApp> | undefined {
    return this.#commands.get(name);
  }

  /** Every command, sorted by name (as `--help` lists them). */
  list(): RegisteredCommand<TApp>[] {
    return [...this.#commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
