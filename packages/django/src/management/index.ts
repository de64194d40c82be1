/**
 * `@tsgi/django/management`: the `manage` CLI (Django's manage.py / django-admin).
 *
 * `executeFromCommandLine(argv, { settings })` runs one command and resolves with its exit
 * code. Settings: `--settings <module>`, else `DJANGO_SETTINGS_MODULE`, else the `settings`
 * option (an object, or a module path/URL). Built-in commands: `runserver [addr:port]`
 * (`serve()` on the server `TSGI_SERVER` names, autoreload unless `--noreload`, graceful
 * stop on SIGINT/SIGTERM), `migrate [app] [migration]`, `showmigrations`, `shell [-c CODE]`,
 * `test [label ...]`, `check`, `help [command]`. Apps add commands with a `commands` map on
 * their config (`AppConfigWithCommands`), listed by `help` under the app's label. Unknown
 * command → "Unknown command: 'x'. Type 'manage help' for usage." and exit 1; a
 * `CommandError` → one `CommandError: …` line and its exit code (1); bad options → exit 2.
 *
 * @example
 * // manage.ts — `npx tsx manage.ts migrate`
 * import { executeFromCommandLine } from "@tsgi/django/management";
 * process.exitCode = await executeFromCommandLine(process.argv.slice(2), {
 *   settings: new URL("./mysite/settings.ts", import.meta.url),
 * });
 */
export { executeFromCommandLine, type ExecuteOptions } from "./execute.ts";
export {
  CommandError,
  defineCommand,
  type Command,
  type CommandArguments,
  type CommandContext,
  type CommandOption,
  type CommandOutput,
  type RegisteredCommand,
} from "./command.ts";
export { appCommands, installedApps, type AppConfigWithCommands } from "./apps.ts";
export { commandUsage } from "./usage.ts";
export {
  checkOrFail,
  directoriesCheck,
  formatCheckReport,
  projectChecks,
  runChecks,
  settingsCheck,
  SystemCheckError,
  type Check,
  type CheckIssue,
} from "./checks.ts";
export { parseAddrPort, type AddrPort } from "./addrport.ts";
export { runWithReloader, RUN_MAIN_ENV, type AutoreloadOptions } from "./autoreload.ts";
export { importSettingsModule, resolveSettingsModule } from "./settings-module.ts";
export { findTestFiles } from "./commands/test.ts";
export { shellNamespace } from "./commands/shell.ts";
export { unappliedMigrationsWarning } from "./commands/migrate.ts";
export {
  BUILTIN_COMMANDS,
  checkCommand,
  helpCommand,
  migrateCommand,
  runserverCommand,
  shellCommand,
  showmigrationsCommand,
  testCommand,
} from "./commands/index.ts";
