/** `manage check`: runs the system checks and reports, exit 1 when any is an error. */
import { defineCommand } from "../command.ts";
import { checkOrFail, projectChecks } from "../checks.ts";

/**
 * `manage check`.
 *
 * @example
 * await executeFromCommandLine(["check"]); // "System check identified no issues (0 silenced)."
 */
export const checkCommand = defineCommand({
  help: "Checks the project for common problems (settings, app directories, URLconf).",
  async handle(_args, { settings, stdout }) {
    await checkOrFail(settings ?? {}, stdout, projectChecks);
    return 0;
  },
});
