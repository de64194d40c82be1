/**
 * `manage changepassword [username]` (Django's command): asks for the new password twice
 * without echo, validates it, three attempts at most. The username defaults to the login name.
 */
import { userInfo } from "node:os";
import { CommandError, defineCommand, type Command } from "../../../management/command.ts";
import { ValidationError } from "../../../db/index.ts";
import { User } from "../models.ts";
import { normalizeUsername, validatePassword } from "../validators.ts";
import { ttyPrompter, type PrompterFactory } from "./createsuperuser.ts";
import { PromptCancelled } from "./prompt.ts";

const MAX_TRIES = 3;

/**
 * Builds the command; `prompter` replaces the terminal (tests).
 *
 * @example
 * makeChangePasswordCommand(() => scriptedPrompter(["new-pass-123", "new-pass-123"]));
 */
export function makeChangePasswordCommand(prompter: PrompterFactory = ttyPrompter): Command {
  return defineCommand({
    help: "Change a user's password for django.contrib.auth.",
    args: "[username]",
    async handle({ positionals }, context) {
      const { stdout, stderr } = context;
      const username = normalizeUsername(positionals[0] ?? userInfo().username);
      const user = await User.objects.filter({ username }).first();
      if (!user) throw new CommandError(`user '${username}' does not exist`);
      const input = prompter(context);
      if (!input.interactive) {
        throw new CommandError("changepassword needs a terminal to read the password from.");
      }
      stdout.write(`Changing password for user '${user.username}'\n`);
      try {
        for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
          const password = await input.ask("Password: ", { hidden: true });
          const again = await input.ask("Password (again): ", { hidden: true });
          if (password !== again) {
            stderr.write("Passwords do not match. Please try again.\n");
            continue;
          }
          try {
            validatePassword(password, user);
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            stderr.write(`${error.messages.join("\n")}\n`);
            continue;
          }
          await user.setPassword(password);
          await user.save({ updateFields: ["password"] });
          stdout.write(`Password changed successfully for user '${user.username}'\n`);
          return 0;
        }
      } catch (error) {
        if (error instanceof PromptCancelled) {
          stderr.write("\nOperation cancelled.\n");
          return 1;
        }
        throw error;
      }
      throw new CommandError(
        `Aborting password change for user '${user.username}' after ${MAX_TRIES} attempts`,
      );
    },
  });
}

/**
 * `manage changepassword`, prompting on the terminal.
 *
 * @example
 * await executeFromCommandLine(["changepassword", "alice"], { settings });
 */
export const changepasswordCommand: Command = makeChangePasswordCommand();
