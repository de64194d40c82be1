/**
 * `manage makemigrations [app_label ...] [--name NAME] [--dry-run] [--check]`: writes each
 * app's next migration from the difference between its models and its migrations.
 */
import { makeMigrations, writeMigration, type AppConfig as DbAppConfig } from "../../db/index.ts";
import { installedApps } from "../apps.ts";
import { CommandError, defineCommand } from "../command.ts";
import { relative } from "node:path";

/**
 * `manage makemigrations`, as Django's: prints `Migrations for 'polls':`, the file and one
 * line per operation, or `No changes detected`; `--check` exits 1 when changes are pending
 * (writing nothing), `--dry-run` prints without writing.
 *
 * @example
 * await executeFromCommandLine(["makemigrations", "polls", "--name", "question_votes"]);
 * // Migrations for 'polls':
 * //   polls/migrations/0002_question_votes.ts
 * //     - Add field votes to question
 */
export const makemigrationsCommand = defineCommand({
  help: "Creates new migrations from the changes to the models.",
  args: "[app_label ...]",
  options: {
    name: { type: "string", description: "use this name for the migration file(s)" },
    "dry-run": { type: "boolean", description: "show what would be written, write nothing" },
    check: { type: "boolean", description: "exit 1 if model changes have no migration" },
  },
  async handle({ positionals, values }, { settings = {}, stdout }) {
    const apps = installedApps(settings) as unknown as DbAppConfig[];
    let planned;
    try {
      planned = await makeMigrations({
        apps,
        ...(positionals.length > 0 ? { appLabels: positionals } : {}),
        ...(typeof values.name === "string" ? { name: values.name } : {}),
      });
    } catch (error) {
      throw new CommandError(error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
    if (planned.length === 0) {
      const scope = positionals.length === 1 ? ` in app '${positionals[0]}'` : "";
      stdout.write(`No changes detected${scope}\n`);
      return 0;
    }
    for (const migration of planned) {
      stdout.write(`Migrations for '${migration.app}':\n`);
      stdout.write(`  ${relative(process.cwd(), migration.path) || migration.path}\n`);
      for (const line of migration.descriptions) stdout.write(`    - ${line}\n`);
    }
    if (values.check === true) return 1;
    if (values["dry-run"] === true) return 0;
    for (const migration of planned) await writeMigration(migration);
    return 0;
  },
});
