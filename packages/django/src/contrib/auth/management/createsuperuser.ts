/**
 * `manage createsuperuser` (Django's command of the same name). Interactive on a TTY:
 * username (default: the login name), email, and the password twice without echo, with
 * Django's messages and the "Bypass password validation" question. `--noinput` takes
 * `--username`/`--email` or `DJANGO_SUPERUSER_USERNAME`, `DJANGO_SUPERUSER_EMAIL`,
 * `DJANGO_SUPERUSER_PASSWORD` (without a password the user gets an unusable one, as Django);
 * a missing username or email is `CommandError: You must use --username with --noinput.`
 * (exit 1).
 */
import { userInfo } from "node:os";
import {
  CommandError,
  defineCommand,
  type Command,
  type CommandContext,
} from "../../../management/command.ts";
import { ValidationError } from "../../../db/index.ts";
import { User } from "../models.ts";
import { normalizeEmail, normalizeUsername, validatePassword } from "../validators.ts";
import { fieldError, usernameError } from "./field-input.ts";
import { PromptCancelled, terminalPrompter, type Prompter } from "./prompt.ts";

/**
 * How a command gets its prompter (tests pass a scripted one).
 *
 * @example
 * const answers: PrompterFactory = () => scriptedPrompter(["root", "", "pw-123456", "pw-123456"]);
 */
export type PrompterFactory = (context: CommandContext) => Prompter;

/**
 * The default: prompts on process.stdin, writing to the command's stdout.
 *
 * @example
 * makeCreateSuperuserCommand(ttyPrompter);
 */
export const ttyPrompter: PrompterFactory = (context) =>
  terminalPrompter(process.stdin, context.stdout);

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

async function defaultUsername(): Promise<string | undefined> {
  let name: string;
  try {
    name = normalizeUsername(userInfo().username.toLowerCase());
  } catch {
    return undefined;
  }
  return (await usernameError(name)) === undefined ? name : undefined;
}

async function noInput(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<{ username: string; email: string; password: string | null }> {
  const username = text(values.username) || env.DJANGO_SUPERUSER_USERNAME;
  if (!username) throw new CommandError("You must use --username with --noinput.");
  const usernameProblem = await usernameError(username);
  if (usernameProblem !== undefined)
    throw new CommandError(usernameProblem.replace(/^Error: /, ""));
  const emailGiven = text(values.email) ?? env.DJANGO_SUPERUSER_EMAIL;
  // Django: a blank field may be empty only when given explicitly as "".
  if (emailGiven === undefined) throw new CommandError("You must use --email with --noinput.");
  const email = normalizeEmail(emailGiven);
  const emailProblem = fieldError("email", email);
  if (emailProblem !== undefined) throw new CommandError(emailProblem.replace(/^Error: /, ""));
  const password = env.DJANGO_SUPERUSER_PASSWORD;
  return { username, email, password: password === undefined || password === "" ? null : password };
}

async function interactive(
  prompter: Prompter,
  values: Record<string, unknown>,
  context: CommandContext,
): Promise<{ username: string; email: string; password: string }> {
  const { stderr } = context;
  let username = text(values.username);
  if (username !== undefined) {
    const problem = await usernameError(username);
    if (problem !== undefined) {
      stderr.write(`${problem}\n`);
      username = undefined;
    }
  }
  const fallback = await defaultUsername();
  while (username === undefined) {
    const question =
      fallback === undefined ? "Username: " : `Username (leave blank to use '${fallback}'): `;
    const answer = (await prompter.ask(question)).trim() || (fallback ?? "");
    const problem = await usernameError(answer);
    if (problem === undefined) username = normalizeUsername(answer);
    else stderr.write(`${problem}\n`);
  }
  let email = text(values.email);
  if (email !== undefined && fieldError("email", normalizeEmail(email)) !== undefined) {
    stderr.write(`${fieldError("email", normalizeEmail(email))}\n`);
    email = undefined;
  }
  while (email === undefined) {
    const answer = normalizeEmail(await prompter.ask("Email address: "));
    const problem = fieldError("email", answer);
    if (problem === undefined) email = answer;
    else stderr.write(`${problem}\n`);
  }
  for (;;) {
    const password = await prompter.ask("Password: ", { hidden: true });
    const again = await prompter.ask("Password (again): ", { hidden: true });
    if (password !== again) {
      stderr.write("Error: Your passwords didn't match.\n");
      continue;
    }
    if (password.trim() === "") {
      stderr.write("Error: Blank passwords aren't allowed.\n");
      continue;
    }
    try {
      validatePassword(password, { username, email });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      stderr.write(`${error.messages.join("\n")}\n`);
      const bypass = await prompter.ask(
        "Bypass password validation and create user anyway? [y/N]: ",
      );
      if (!/^y(es)?$/i.test(bypass.trim())) continue;
    }
    return { username, email, password };
  }
}

/**
 * Builds the command; `prompter` replaces the terminal (tests, embedding).
 *
 * @example
 * authApp.commands.createsuperuser; // the default, prompting on the terminal
 * makeCreateSuperuserCommand(() => scriptedPrompter(["admin", "", "pw-A1b2c3d4", "pw-A1b2c3d4"]));
 */
export function makeCreateSuperuserCommand(prompter: PrompterFactory = ttyPrompter): Command {
  return defineCommand({
    help: "Used to create a superuser.",
    options: {
      username: { type: "string", description: "Specifies the login for the superuser." },
      email: { type: "string", description: "Specifies the email for the superuser." },
      noinput: {
        type: "boolean",
        description:
          "Do not prompt: username, email (and password) come from the options or the " +
          "DJANGO_SUPERUSER_USERNAME / _EMAIL / _PASSWORD environment variables.",
      },
      "no-input": { type: "boolean", description: "Same as --noinput." },
    },
    async handle({ values }, context) {
      let data: { username: string; email: string; password: string | null };
      if (values.noinput === true || values["no-input"] === true) {
        data = await noInput(values, context.env);
      } else {
        const input = prompter(context);
        if (!input.interactive) {
          context.stderr.write(
            `Superuser creation skipped due to not running in a TTY. You can run ` +
              `\`${context.progName} createsuperuser\` in your project to create one manually.\n`,
          );
          return 0;
        }
        try {
          data = await interactive(input, values, context);
        } catch (error) {
          if (error instanceof PromptCancelled) {
            context.stderr.write("\nOperation cancelled.\n");
            return 1;
          }
          throw error;
        }
      }
      try {
        await User.objects.createSuperuser(data.username, {
          email: data.email,
          password: data.password,
        });
      } catch (error) {
        if (error instanceof ValidationError) throw new CommandError(error.messages.join("; "));
        throw error;
      }
      context.stdout.write("Superuser created successfully.\n");
      return 0;
    },
  });
}

/**
 * `manage createsuperuser`, prompting on the terminal.
 *
 * @example
 * await executeFromCommandLine(["createsuperuser", "--noinput"], { settings, env });
 */
export const createsuperuserCommand: Command = makeCreateSuperuserCommand();
