/**
 * The texts of `tsgi-flask --help` and `tsgi-flask run --help`. The `tsgi serve` options that
 * `run` also takes come from the server CLI's own table, so the two helps cannot drift apart.
 */
import { optionRows } from "@tsgi/server/cli";
import type { RegisteredCommand } from "./commands.ts";
import { DEFAULT_RUN_PORT } from "./run-options.ts";

const FLAG_WIDTH = 26;

const BUILTIN_HELP: readonly [string, string][] = [
  ["routes", "Show the routes for the app."],
  ["run", "Serve the app on a TSGI server (TSGI_SERVER: node, cluster, http2, …)."],
];

/**
 * `tsgi-flask --help`: usage, global options, and the commands — the built-in ones and, when
 * the app could be loaded, the app's own.
 *
 * @example
 * console.log(mainHelp(app.cli?.list() ?? []));
 */
export function mainHelp(appCommands: readonly RegisteredCommand<never>[]): string {
  const commands = [
    ...BUILTIN_HELP,
    ...appCommands.map((command): [string, string] => [command.name, command.help]),
  ].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...commands.map(([name]) => name.length));
  return [
    "Usage: tsgi-flask [--app <module>[:<name>]] [--debug] <command> [args]",
    "",
    "The command line of @tsgi/flask apps, like Flask's `flask`: it finds the app, serves it,",
    "and runs the commands the app registers with app.cli.command(...).",
    "",
    "Options:",
    "  -A, --app <target>     the app: a module (path/to/app.ts, or a directory with an",
    "                         index.ts) with an optional :name or :factory(args); FLASK_APP;",
    "                         default: wsgi.ts or app.ts in the current directory",
    "  --debug / --no-debug   debug mode (reloader and traceback page for `run`); FLASK_DEBUG",
    "  -h, --help             show this help (`tsgi-flask <command> --help` for a command's)",
    "  --version              print the version",
    "",
    "Commands:",
    ...commands.map(([name, help]) => `  ${name.padEnd(width)}  ${help}`.trimEnd()),
  ].join("\n");
}

/**
 * `tsgi-flask run --help`: Flask's run options, then every `tsgi serve` option it accepts.
 *
 * @example
 * console.log(runHelp());
 */
export function runHelp(): string {
  const rows = optionRows().filter((row) => !/^--(reload|config|help|version)\b/.test(row.flags));
  // Flags longer than the column get a line of their own, so descriptions stay aligned.
  const line = (flags: string, description: string) =>
    flags.length <= FLAG_WIDTH
      ? `  ${flags.padEnd(FLAG_WIDTH)}  ${description}`
      : `  ${flags}\n  ${"".padEnd(FLAG_WIDTH)}  ${description}`;
  return [
    "Usage: tsgi-flask [--app <target>] run [options]",
    "",
    "Serve the app's TSGI callable (app.tsgiApp) with serve() from @tsgi/server until SIGINT or",
    "SIGTERM, which stop it gracefully.",
    "",
    "Flask's options:",
    line("--debug / --no-debug", "debug mode: app.debug, reloader, traceback page (FLASK_DEBUG)"),
    line("--reload / --no-reload", "restart when a file under the app's directory changes"),
    line("", "(default: on with --debug)").trimEnd(),
    line("--cert <file>", "TLS certificate (as --certfile; the http2 server)"),
    line("--key <file>", "TLS private key (as --keyfile)"),
    line("--config <file>", "a tsgi config module: options and server hooks"),
    "",
    `The port defaults to ${DEFAULT_RUN_PORT}, as in Flask; FLASK_RUN_PORT and FLASK_RUN_HOST count as --port`,
    "and --host. Every `tsgi serve` option works too (a flag beats its variable):",
    ...rows.map((row) => {
      const env = row.env.length === 0 ? "" : ` [${row.env.join(", ")}]`;
      return line(row.flags, `${row.description}${env}`);
    }),
  ].join("\n");
}
