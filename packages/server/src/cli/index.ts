/**
 * @tsgi/server/cli: the `tsgi` command's pieces, for config modules (`defineConfig`) and for
 * tools that want to reuse them (a framework's own CLI, a custom launcher).
 *
 * @example
 * // tsgi.config.ts
 * import { defineConfig } from "@tsgi/server/cli";
 * export default defineConfig({ workers: 4, gracefulTimeout: 10_000 });
 *
 * @example
 * import { main } from "@tsgi/server/cli";
 * process.exitCode = await main(["serve", "src/app.ts", "--port", "0"]);
 */
export { defineConfig, HOOK_NAMES, type TsgiConfig } from "./config.ts";
export { main, toServeOptions, type MainContext } from "./main.ts";
export {
  parseCommandLine,
  readCommandLine,
  resolveServeOptions,
  configModuleOf,
  parseAppTarget,
  DEFAULTS,
  type Command,
  type Env,
  type FlagValues,
  type ServeCommandOptions,
  type ServeRequest,
} from "./options.ts";
export {
  OPTIONS,
  OPTION_KEYS,
  OPTION_GROUPS,
  EXTRA_OPTIONS,
  type ExtraOption,
  type OptionGroup,
  type OptionKey,
  type OptionSpec,
  type OptionTable,
  type ResolvedOptions,
} from "./option-table.ts";
export { BadValue, checkBindAddress, type ValueParser } from "./values.ts";
export { helpText, optionRows, type OptionRow } from "./help.ts";
export { loadConfig, checkConfig, CONFIG_KEYS, type CheckedConfig } from "./load-config.ts";
export { openLogs, type OpenedLogs } from "./logs.ts";
export {
  waitForShutdown,
  waitForWorkerEnd,
  DUPLICATE_SIGNAL_MS,
  type ParentChannel,
  type SignalSource,
} from "./shutdown.ts";
export { runReloader, reloadChildArgs, RELOAD_CHILD_ENV, type ReloaderContext } from "./reload.ts";
export { superviseChild, type SupervisorMessages, type SupervisorOptions } from "./supervise.ts";
export { watchSources, isWatchedFile, isIgnoredDirectory, WATCHED_EXTENSIONS } from "./watch.ts";
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
  frameworkAppDetector,
  tsgiAppDetector,
  expressAppDetector,
  fastifyInstanceDetector,
  adapterDetector,
  isExpressApp,
  isFastifyInstance,
  type AppDetector,
  type AdapterDetectorOptions,
  type DetectedApp,
  type ModuleImporter,
} from "./detect-app.ts";
export { CliError, oneLine, type CliErrorCode } from "./errors.ts";
