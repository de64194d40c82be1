/**
 * `tsgi-flask`: Flask's `flask` command for @tsgi/flask apps. Reads the global options, finds
 * the app (`--app`, `FLASK_APP`, or wsgi.ts/app.ts), and runs `run`, `routes` or one of the
 * app's own commands. bin/tsgi-flask.mjs calls {@link main} after registering tsx.
 */
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { knownServers } from "@tsgi/server";
import { CliError, oneLine, RELOAD_CHILD_ENV } from "@tsgi/server/cli";
import { BUILTIN_COMMANDS, type RegisteredCommand } from "./commands.ts";
import { FlaskCliError } from "./errors.ts";
import { mainHelp, runHelp } from "./help.ts";
import { locateApp, resolveAppModule, type LocatedApp } from "./locate-app.ts";
import { superviseWithReloader } from "./reloader.ts";
import { formatRoutes, parseRouteSort } from "./routes.ts";
import { resolveRunOptions } from "./run-options.ts";
import { runApp, type RunContext } from "./run.ts";
import type { CliApp } from "./types.ts";

/** Where {@link main} reads and writes; tests replace any part. Defaults: the process's. */
export interface MainContext extends RunContext {
  /**
   * The app to work on, instead of finding one from `--app` (Flask's `ScriptInfo(create_app=…)`,
   * what `app.test_cli_runner()` uses): tests run the real CLI on the app they built.
   */
  app?: CliApp | undefined;
}

/** The options before the command. */
interface GlobalOptions {
  app: string | undefined;
  debug: boolean | undefined;
  help: boolean;
  version: boolean;
  command: string | undefined;
  rest: string[];
}

/**
 * Runs the CLI and resolves with the exit code: 0 after help, version, a command that
 * succeeded or a graceful stop; 1 when a command or the server fails at run time; 2 for a
 * usage error, an unknown command, or an app that cannot be found or loaded. Every error is
 * one line on `err`, starting with `tsgi-flask:`.
 *
 * @example
 * import { main } from "@tsgi/flask/cli";
 * process.exitCode = await main(["--app", "src/flaskr", "routes"]);
 */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  context: Partial<MainContext> = {},
): Promise<number> {
  const ctx: MainContext = {
    env: process.env,
    cwd: process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    signals: process,
    isWorker: cluster.isWorker,
    channel: process.send === undefined ? undefined : process,
    ...context,
  };
  try {
    const options = readGlobalOptions(argv);
    const appValue = options.app ?? nonEmpty(ctx.env.FLASK_APP);
    if (options.version) {
      ctx.out(`tsgi-flask ${readVersion()}`);
      return 0;
    }
    if (options.help || options.command === "help") return await showHelp(appValue, ctx);
    switch (options.command) {
      case undefined:
        throw new FlaskCliError(
          "FLASK_E_CLI_USAGE",
          "missing command: tsgi-flask [--app <module>] <command> (run, routes, or the app's; see tsgi-flask --help)",
        );
      case "run":
        return await runCommand(argv, options, appValue, ctx);
      case "routes":
        return await routesCommand(options.rest, () => findApp(appValue, ctx), ctx);
      default:
        return await appCommand(options, await findApp(appValue, ctx), ctx);
    }
  } catch (error) {
    if (error instanceof FlaskCliError || error instanceof CliError) {
      ctx.err(
        `tsgi-flask: ${error.message.replace(/\(see tsgi --help\)/, "(see tsgi-flask run --help)")}`,
      );
      return error.exitCode;
    }
    ctx.err(`tsgi-flask: unexpected error: ${oneLine(error)}`);
    return 1;
  }
}

async function runCommand(
  argv: readonly string[],
  options: GlobalOptions,
  appValue: string | undefined,
  ctx: MainContext,
): Promise<number> {
  const run = await resolveRunOptions(
    options.rest,
    options.debug,
    ctx.env,
    ctx.cwd,
    knownServers(),
  );
  if (run === undefined) {
    ctx.out(runHelp());
    return 0;
  }
  const supervised = ctx.isWorker || ctx.env[RELOAD_CHILD_ENV] === "1";
  // Workers and the reloader's child run this again: the first process said it already.
  if (!supervised)
    for (const warning of run.serve.warnings) ctx.err(`tsgi-flask: warning: ${warning}`);
  if (run.reload && !supervised) {
    if (ctx.app !== undefined) {
      throw new FlaskCliError(
        "FLASK_E_CLI_USAGE",
        "the reloader needs the app as a module (--app)",
      );
    }
    // Checked here so a wrong --app is exit 2 at once, not a child failing again and again.
    const { path } = resolveAppModule(appValue, ctx.cwd);
    return superviseWithReloader({
      argv,
      directories: [dirname(path)],
      gracefulTimeout: run.serve.gracefulTimeout,
      env: ctx.env,
      cwd: ctx.cwd,
      out: ctx.out,
      err: ctx.err,
      signals: ctx.signals,
    });
  }
  return runApp(await findApp(appValue, ctx), run, ctx);
}

async function routesCommand(
  args: readonly string[],
  loadApp: () => Promise<LocatedApp>,
  ctx: MainContext,
): Promise<number> {
  const { values } = parseCommandArgs("routes", args, {
    sort: { type: "string", short: "s" },
    "all-methods": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help === true) {
    ctx.out(
      [
        "Usage: tsgi-flask routes [--sort endpoint|methods|rule|match] [--all-methods]",
        "",
        "Show every route of the app: its endpoint, methods and rule (like `flask routes`).",
        "  -s, --sort <key>  order by endpoint (default), methods, rule, or match (the order the",
        "                    URL map tries rules in)",
        "  --all-methods     show HEAD and OPTIONS too",
      ].join("\n"),
    );
    return 0;
  }
  const sort = typeof values.sort === "string" ? parseRouteSort(values.sort) : "endpoint";
  const { app } = await loadApp();
  const lines = formatRoutes(app.urlMap.iterRules(), {
    sort,
    allMethods: values["all-methods"] === true,
  });
  for (const line of lines) ctx.out(line);
  return 0;
}

async function appCommand(
  options: GlobalOptions,
  located: LocatedApp,
  ctx: MainContext,
): Promise<number> {
  const name = options.command as string;
  const command = commandsOf(located.app).find((candidate) => candidate.name === name);
  if (command === undefined) {
    const names = [...BUILTIN_COMMANDS.filter((builtin) => builtin !== "help")]
      .concat(commandsOf(located.app).map((candidate) => candidate.name))
      .sort();
    throw new FlaskCliError(
      "FLASK_E_CLI_UNKNOWN_COMMAND",
      `no such command "${name}" (commands: ${names.join(", ")}; see tsgi-flask --help)`,
    );
  }
  if (options.rest[0] === "--help" || options.rest[0] === "-h") {
    ctx.out(`Usage: tsgi-flask ${name} [args]`);
    if (command.help !== "") ctx.out(`\n${command.help}`);
    if (command.usage !== undefined) ctx.out(`\n${command.usage}`);
    return 0;
  }
  const { app } = located;
  if (options.debug !== undefined && "debug" in app) app.debug = options.debug;
  const handler = command.handler as (context: unknown) => unknown;
  // Wrapped so `({ out }) => out("done")` returns undefined (exit 0), not what a writer returns.
  const out = (line: string): void => void ctx.out(line);
  const err = (line: string): void => void ctx.err(line);
  const invoke = () => handler({ app, args: [...options.rest], out, err, env: ctx.env });
  try {
    const result = await (app.appContext === undefined ? invoke() : app.appContext().run(invoke));
    return typeof result === "number" ? result : 0;
  } catch (error) {
    if (error instanceof FlaskCliError) throw error;
    ctx.err(`tsgi-flask: ${name} failed: ${oneLine(error)}`);
    return 1;
  }
}

async function showHelp(appValue: string | undefined, ctx: MainContext): Promise<number> {
  let commands: readonly RegisteredCommand<never>[] = [];
  let problem: string | undefined;
  try {
    commands = commandsOf((await findApp(appValue, ctx)).app);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  ctx.out(mainHelp(commands));
  // As Flask does: the help is still useful without the app, but say why its commands are missing.
  if (problem !== undefined) ctx.err(`tsgi-flask: the app's commands are not listed: ${problem}`);
  return 0;
}

/** The app given in the context, else the one `--app` (or discovery) finds. */
async function findApp(appValue: string | undefined, ctx: MainContext): Promise<LocatedApp> {
  if (ctx.app === undefined) return locateApp(appValue, ctx.cwd);
  return { app: ctx.app, label: "(the given app)", path: ctx.cwd };
}

function commandsOf(app: CliApp): readonly RegisteredCommand<never>[] {
  return app.cli?.list() ?? [];
}

function readGlobalOptions(argv: readonly string[]): GlobalOptions {
  const options: GlobalOptions = {
    app: undefined,
    debug: undefined,
    help: false,
    version: false,
    command: undefined,
    rest: [],
  };
  let index = 0;
  for (; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (!arg.startsWith("-")) break;
    const equals = arg.indexOf("=");
    const name = arg.startsWith("--") && equals !== -1 ? arg.slice(0, equals) : arg;
    switch (name) {
      case "-A":
      case "--app": {
        const value = equals !== -1 && name === "--app" ? arg.slice(equals + 1) : argv[++index];
        if (value === undefined || value === "") {
          throw new FlaskCliError("FLASK_E_CLI_USAGE", "--app needs a value: <module>[:<name>]");
        }
        options.app = value;
        break;
      }
      case "--debug":
      case "--no-debug":
        options.debug = name === "--debug";
        break;
      case "-h":
      case "--help":
        options.help = true;
        break;
      case "--version":
        options.version = true;
        break;
      default:
        throw new FlaskCliError(
          "FLASK_E_CLI_USAGE",
          `no such option "${arg}" before the command (see tsgi-flask --help)`,
        );
    }
  }
  options.command = argv[index];
  options.rest = argv.slice(index + 1);
  return options;
}

function parseCommandArgs<T extends NonNullable<Parameters<typeof parseArgs>[0]>["options"]>(
  command: string,
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const first = message.split(/\.\s/)[0] ?? message;
    throw new FlaskCliError(
      "FLASK_E_CLI_USAGE",
      `${command}: ${first.charAt(0).toLowerCase()}${first.slice(1)} (see tsgi-flask ${command} --help)`,
    );
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function readVersion(): string {
  const file = new URL("../../package.json", import.meta.url);
  const pkg = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
