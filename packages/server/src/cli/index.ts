/**
 * @tsgi/server/cli: the pieces of the `tsgi` command, for tools that want to reuse them
 * (a framework's own CLI, a custom launcher).
 *
 * @example
 * import { main } from "@tsgi/server/cli";
 * process.exitCode = await main(["serve", "src/app.ts", "--port", "0"]);
 */
export { main, type MainContext, type SignalSource } from "./main.ts";
export {
  parseCommandLine,
  parseAppTarget,
  DEFAULTS,
  OPTION_DOCS,
  type Command,
  type Env,
  type OptionDoc,
  type ServeCommandOptions,
} from "./options.ts";
export { helpText } from "./help.ts";
export {
  loadExport,
  resolveModulePath,
  pickExport,
  MODULE_EXTENSIONS,
  DEFAULT_EXPORTS,
  type LoadedExport,
} from "./load-module.ts";
export {
  detectApp,
  describeValue,
  APP_DETECTORS,
  APP_SHAPES,
  fetchHandlerDetector,
  tsgiAppDetector,
  type AppDetector,
  type DetectedApp,
} from "./detect-app.ts";
export { CliError, oneLine, type CliErrorCode } from "./errors.ts";
