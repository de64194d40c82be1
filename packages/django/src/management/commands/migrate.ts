/**
 * `manage migrate [app_label] [migration_name]` and `manage showmigrations [app_label ...]`,
 * through the ORM's `migrate`, `migrationPlan` and `showMigrations`, with Django's output.
 */
import {
  migrate,
  migrationPlan,
  showMigrations,
  type AppConfig as DbAppConfig,
  type MigrationEvent,
} from "../../db/index.ts";
import { installedApps } from "../apps.ts";
import { checkOrFail, projectChecks } from "../checks.ts";
import { CommandError, defineCommand } from "../command.ts";

function dbApps(settings: Record<string, unknown>): DbAppConfig[] {
  return installedApps(settings) as unknown as DbAppConfig[];
}

/** Labels of the apps that have migrations, sorted (Django's "Apply all migrations: …"). */
function migratedLabels(apps: readonly DbAppConfig[]): string[] {
  return apps
    .filter((app) => app.migrations !== undefined)
    .map((app) => app.label)
    .sort();
}

/**
 * The warning `runserver` prints when migrations are pending (undefined when none are, or
 * when the database cannot be read).
 *
 * @example
 * await unappliedMigrationsWarning(settings, "manage");
 * // "You have 1 unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): polls.\nRun 'manage migrate' to apply them."
 */
export async function unappliedMigrationsWarning(
  settings: Record<string, unknown>,
  progName: string,
): Promise<string | undefined> {
  let plan;
  try {
    plan = await migrationPlan({ apps: dbApps(settings) });
  } catch {
    return undefined;
  }
  if (plan.length === 0) return undefined;
  const apps = [...new Set(plan.map((step) => step.migration.app))].sort().join(", ");
  return (
    `You have ${plan.length} unapplied migration(s). Your project may not work properly until ` +
    `you apply the migrations for app(s): ${apps}.\nRun '${progName} migrate' to apply them.`
  );
}

/**
 * `manage migrate`: all apps, one app (`migrate polls`), or to a migration
 * (`migrate polls 0001_initial`, `migrate polls zero` unapplies them all).
 *
 * @example
 * await executeFromCommandLine(["migrate"]);
 * // Operations to perform:
 * //   Apply all migrations: polls
 * // Running migrations:
 * //   Applying polls.0001_initial... OK
 */
export const migrateCommand = defineCommand({
  help: "Updates the database schema: applies (or unapplies down to a target) migrations.",
  args: "[app_label] [migration_name]",
  options: {
    database: { type: "string", description: 'database alias (default "default")' },
    fake: { type: "boolean", description: "mark migrations as run without running them" },
    plan: { type: "boolean", description: "show what would be done, and do nothing" },
    "skip-checks": { type: "boolean", description: "skip the system checks" },
  },
  async handle({ positionals, values }, { settings = {}, stdout }) {
    if (positionals.length > 2)
      throw new CommandError("migrate takes [app_label] [migration_name]");
    const apps = dbApps(settings);
    const [appLabel, migrationName] = positionals;
    const database = typeof values.database === "string" ? values.database : undefined;
    if (values["skip-checks"] !== true) {
      const silent = { write: () => {} };
      await checkOrFail(settings, silent, projectChecks);
    }
    let target: [string, string] | undefined;
    if (appLabel !== undefined) {
      const app = apps.find((candidate) => candidate.label === appLabel);
      if (app === undefined) throw new CommandError(`No installed app with label '${appLabel}'.`);
      if (app.migrations === undefined)
        throw new CommandError(`App '${appLabel}' does not have migrations.`);
      if (migrationName !== undefined) {
        target = [appLabel, migrationName];
      } else {
        const statuses = await showMigrations({
          apps,
          ...(database === undefined ? {} : { database }),
        });
        const last = statuses.filter((status) => status.app === appLabel).pop();
        if (last === undefined)
          throw new CommandError(`App '${appLabel}' does not have migrations.`);
        target = [appLabel, last.name];
      }
    }
    if (values.plan === true) {
      const plan = await migrationPlan({
        apps,
        ...(target === undefined ? {} : { target }),
        ...(database === undefined ? {} : { database }),
      });
      stdout.write("Planned operations:\n");
      if (plan.length === 0) stdout.write("  No planned migration operations.\n");
      for (const step of plan) {
        stdout.write(`${step.migration.key}${step.backwards ? " (unapply)" : ""}\n`);
        for (const operation of step.migration.migration.operations) {
          stdout.write(
            `    ${describeOperation(operation as unknown as Record<string, unknown>)}\n`,
          );
        }
      }
      return 0;
    }

    stdout.write("Operations to perform:\n");
    if (target === undefined) {
      stdout.write(`  Apply all migrations: ${migratedLabels(apps).join(", ") || "(none)"}\n`);
    } else if (migrationName === "zero") {
      stdout.write(`  Unapply all migrations: ${target[0]}\n`);
    } else {
      stdout.write(`  Target specific migration: ${target[1]}, from ${target[0]}\n`);
    }
    const unmigrated = apps.filter(
      (app) => app.migrations === undefined && (app.models?.length ?? 0) > 0,
    );
    if (unmigrated.length > 0) {
      stdout.write(
        `  Synchronize unmigrated apps: ${unmigrated.map((app) => app.label).join(", ")}\n`,
      );
    }
    stdout.write("Running migrations:\n");
    const onProgress = (event: MigrationEvent) => {
      const key = `${event.app}.${event.name}`;
      if (event.action === "apply") stdout.write(`  Applying ${key}... OK\n`);
      else if (event.action === "unapply") stdout.write(`  Unapplying ${key}... OK\n`);
      else stdout.write(`  Creating table ${event.name}\n`);
    };
    const result = await migrate({
      apps,
      onProgress,
      ...(target === undefined ? {} : { target }),
      ...(database === undefined ? {} : { database }),
      ...(values.fake === true ? { fake: true } : {}),
    });
    if (result.applied.length === 0 && result.unapplied.length === 0) {
      stdout.write("  No migrations to apply.\n");
    }
    return 0;
  },
});

function describeOperation(operation: Record<string, unknown>): string {
  const type = String(operation.type);
  if (type === "CreateModel") return `Create model ${String(operation.name)}`;
  if (type === "DeleteModel") return `Delete model ${String(operation.name)}`;
  if ("modelName" in operation && "name" in operation) {
    return `${type} ${String(operation.name)} on ${String(operation.modelName)}`;
  }
  return type;
}

/**
 * `manage showmigrations [app_label ...]`: each app's migrations, `[X]` applied, `[ ]` not.
 *
 * @example
 * await executeFromCommandLine(["showmigrations"]);
 * // polls
 * //  [X] 0001_initial
 */
export const showmigrationsCommand = defineCommand({
  help: "Lists the project's migrations and whether each is applied.",
  args: "[app_label ...]",
  options: {
    database: { type: "string", description: 'database alias (default "default")' },
  },
  async handle({ positionals, values }, { settings = {}, stdout }) {
    const apps = dbApps(settings);
    for (const label of positionals) {
      if (!apps.some((app) => app.label === label))
        throw new CommandError(`No installed app with label '${label}'.`);
    }
    const wanted = positionals.length > 0 ? positionals : apps.map((app) => app.label).sort();
    const database = typeof values.database === "string" ? values.database : undefined;
    const statuses = await showMigrations({
      apps,
      ...(database === undefined ? {} : { database }),
    });
    for (const label of wanted) {
      stdout.write(`${label}\n`);
      const own = statuses.filter((status) => status.app === label);
      if (own.length === 0) stdout.write(" (no migrations)\n");
      for (const status of own) stdout.write(` [${status.applied ? "X" : " "}] ${status.name}\n`);
    }
    return 0;
  },
});
