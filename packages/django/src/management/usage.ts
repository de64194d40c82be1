/** The usage text of a command, shared by `manage help <command>` and `<command> --help`. */
import type { RegisteredCommand } from "./command.ts";

/**
 * The usage text of one command (what `manage help <command>` and `manage <command> --help`
 * print).
 *
 * @example
 * commandUsage("manage", { name: "migrate", origin: "django", command: migrateCommand });
 * // "usage: manage migrate [app_label] [migration_name] [--settings SETTINGS] ..."
 */
export function commandUsage(progName: string, registered: RegisteredCommand): string {
  const { name, command } = registered;
  const optionList = Object.entries(command.options ?? {});
  const flags = optionList.map(([option, spec]) =>
    spec.type === "string" ? `[--${option} ${option.toUpperCase()}]` : `[--${option}]`,
  );
  const lines = [
    `usage: ${progName} ${name}${command.args === undefined ? "" : ` ${command.args}`} ${[...flags, "[--settings SETTINGS]", "[--traceback]"].join(" ")}`,
    "",
    command.help,
    "",
    "options:",
    "  -h, --help            show this help message and exit",
  ];
  for (const [option, spec] of optionList) {
    const flag = `--${option}${spec.type === "string" ? ` ${option.toUpperCase()}` : ""}`;
    lines.push(`  ${flag.padEnd(22)}${spec.description ?? ""}`);
  }
  lines.push(
    `  ${"--settings SETTINGS".padEnd(22)}the settings module (else DJANGO_SETTINGS_MODULE)`,
    `  ${"--traceback".padEnd(22)}print the stack trace of an error`,
  );
  return `${lines.join("\n")}\n`;
}
