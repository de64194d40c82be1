/** The built-in commands, by name. */
import type { Command } from "../command.ts";
import { checkCommand } from "./check.ts";
import { helpCommand } from "./help.ts";
import { makemigrationsCommand } from "./makemigrations.ts";
import { migrateCommand, showmigrationsCommand } from "./migrate.ts";
import { runserverCommand } from "./runserver.ts";
import { shellCommand } from "./shell.ts";
import { testCommand } from "./test.ts";

/**
 * Every command @tsgi/django ships, as `manage help` lists them under `[django]`.
 *
 * @example
 * Object.keys(BUILTIN_COMMANDS); // ["check", "help", "makemigrations", "migrate", "runserver", "shell", "showmigrations", "test"]
 */
export const BUILTIN_COMMANDS: Readonly<Record<string, Command>> = {
  check: checkCommand,
  help: helpCommand,
  makemigrations: makemigrationsCommand,
  migrate: migrateCommand,
  runserver: runserverCommand,
  shell: shellCommand,
  showmigrations: showmigrationsCommand,
  test: testCommand,
};

export {
  checkCommand,
  helpCommand,
  makemigrationsCommand,
  migrateCommand,
  runserverCommand,
  shellCommand,
  showmigrationsCommand,
  testCommand,
};
