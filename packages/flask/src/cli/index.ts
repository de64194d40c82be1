/**
 * The `tsgi-flask` command's pieces: `main` (what bin/tsgi-flask.mjs runs), app discovery, the
 * command registry an app exposes as `app.cli`, and the `routes` table.
 *
 * @example
 * import { main } from "@tsgi/flask/cli";
 * process.exitCode = await main(["--app", "src/flaskr", "routes"]);
 *
 * @example
 * app.cli.command("init-db", ({ out }) => {
 *   initDb();
 *   out("Initialized the database.");
 * }, { help: "Clear the existing data and create new tables." });
 */
export { main, type MainContext } from "./main.ts";
export {
  CommandRegistry,
  BUILTIN_COMMANDS,
  type CommandContext,
  type CommandHandler,
  type CommandOptions,
  type RegisteredCommand,
} from "./commands.ts";
export {
  locateApp,
  resolveAppModule,
  APP_NAMES,
  FACTORY_NAMES,
  DEFAULT_APP_MODULES,
  type LocatedApp,
} from "./locate-app.ts";
export { parseAppTarget, formatAppTarget, type AppTarget } from "./app-target.ts";
export {
  formatRoutes,
  parseRouteSort,
  ROUTE_SORTS,
  type RouteRow,
  type RouteSort,
} from "./routes.ts";
export {
  resolveRunOptions,
  debugFromEnv,
  DEFAULT_RUN_PORT,
  type RunOptions,
} from "./run-options.ts";
export { runApp, type RunContext } from "./run.ts";
export { superviseWithReloader, type ReloaderOptions } from "./reloader.ts";
export { mainHelp, runHelp } from "./help.ts";
export { isFlaskApp, type CliApp } from "./types.ts";
export { FlaskCliError, type FlaskCliErrorCode } from "./errors.ts";
