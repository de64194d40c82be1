/** `manage help [command]`: the list of commands by origin, or one command's usage. */
import { defineCommand, CommandError, type RegisteredCommand } from "../command.ts";
import { commandUsage } from "../usage.ts";

/**
 * `manage help` lists every command grouped by where it comes from (`[django]`, then each
 * app); `manage help <command>` prints that command's usage.
 *
 * @example
 * await executeFromCommandLine(["help", "migrate"]);
 */
export const helpCommand = defineCommand({
  help: "Lists the available commands, or shows the usage of one.",
  args: "[command]",
  requiresSettings: false,
  handle({ positionals }, { commands, progName, stdout, settings }) {
    const wanted = positionals[0];
    if (wanted !== undefined) {
      const registered = commands.get(wanted);
      if (registered === undefined) {
        throw new CommandError(`Unknown command: '${wanted}'. Type '${progName} help' for usage.`);
      }
      stdout.write(commandUsage(progName, registered));
      return 0;
    }
    const byOrigin = new Map<string, RegisteredCommand[]>();
    for (const registered of commands.values()) {
      const group = byOrigin.get(registered.origin) ?? [];
      group.push(registered);
      byOrigin.set(registered.origin, group);
    }
    const lines = [
      "",
      `Type '${progName} help <subcommand>' for help on a specific subcommand.`,
      "",
      "Available subcommands:",
    ];
    for (const [origin, group] of byOrigin) {
      lines.push("", `[${origin}]`);
      for (const { name, command } of group.sort((a, b) => a.name.localeCompare(b.name))) {
        lines.push(`    ${name.padEnd(16)}${command.help}`);
      }
    }
    if (settings === undefined) {
      lines.push(
        "",
        "Note that only the built-in commands are listed, as settings are not configured",
        "(pass --settings or set DJANGO_SETTINGS_MODULE).",
      );
    }
    stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
});
