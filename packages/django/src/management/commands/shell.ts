/**
 * `manage shell`: a node REPL with the settings configured, the database connected and every
 * installed app's models in scope by class name (Django 5.2's shell auto-imports models the
 * same way). Top-level `await` works, so `await Question.objects.all()` does what it says.
 * `-c/--command CODE` runs CODE (an async function body: `return` a value to print it) and
 * exits, for scripts and tests.
 */
import repl from "node:repl";
import { inspect } from "node:util";
import { CommandError, defineCommand, type CommandContext } from "../command.ts";
import { installedApps } from "../apps.ts";

/**
 * The names the shell puts in scope: each installed app's models by class name, plus
 * `settings`.
 *
 * @example
 * Object.keys(shellNamespace(settings)); // ["settings", "Question", "Choice"]
 */
export function shellNamespace(settings: Record<string, unknown>): Record<string, unknown> {
  const namespace: Record<string, unknown> = { settings };
  for (const app of installedApps(settings)) {
    for (const model of app.models ?? []) {
      const name = (model as { name?: unknown }).name;
      if (typeof name === "string" && name !== "") namespace[name] = model;
    }
  }
  return namespace;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

async function runCode(code: string, context: CommandContext): Promise<number> {
  const namespace = shellNamespace(context.settings ?? {});
  const names = Object.keys(namespace);
  let fn: (...values: unknown[]) => Promise<unknown>;
  try {
    fn = new AsyncFunction(...names, code);
  } catch (error) {
    throw new CommandError(`the command does not parse: ${(error as Error).message}`);
  }
  const result = await fn(...names.map((name) => namespace[name]));
  if (result !== undefined)
    context.stdout.write(
      `${typeof result === "string" ? result : inspect(result, { depth: 4 })}\n`,
    );
  return 0;
}

/**
 * `manage shell [-c CODE]`.
 *
 * @example
 * await executeFromCommandLine(["shell", "-c", "return await Question.objects.count()"]);
 */
export const shellCommand = defineCommand({
  help: "Runs a node REPL with the settings configured and the installed apps' models in scope.",
  options: {
    command: {
      type: "string",
      short: "c",
      description: "run this code (an async function body; `return` prints) and exit",
    },
  },
  async handle({ values }, context) {
    if (typeof values.command === "string") return runCode(values.command, context);
    const namespace = shellNamespace(context.settings ?? {});
    const names = Object.keys(namespace).filter((name) => name !== "settings");
    context.stdout.write(
      `${names.length} model(s) imported automatically: ${names.join(", ") || "(none)"}; also: settings.\nUse await for queries, e.g. await ${names[0] ?? "Model"}.objects.all()\n`,
    );
    const server = repl.start({ prompt: ">>> ", useGlobal: false });
    Object.assign(server.context, namespace);
    return new Promise<number>((resolve) => server.on("exit", () => resolve(0)));
  },
});
