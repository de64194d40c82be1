// App configs (Django's AppConfig, reduced to what the ORM needs): a label, its models and
// its migrations. Defining an app registers its models, so reverse relations exist at once.
import { DbConfigError } from "./errors.ts";
import type { Migration } from "./migrations/types.ts";
import { registerModels } from "./models/model.ts";
import type { ModelClass } from "./models/types.ts";

/** A migration module as imported (`import * as m from "./0001_initial.ts"`) or its default export. */
export type MigrationModule = Migration | { default: Migration };

/**
 * An installed app as the ORM sees it.
 *
 * @example
 * const polls: AppConfig = {
 *   label: "polls",
 *   models: [Question, Choice],
 *   migrations: { "0001_initial": initial },            // or: new URL("./migrations/", import.meta.url)
 * };
 */
export interface AppConfig {
  label: string;
  models?: readonly ModelClass[];
  /**
   * Migrations by name (a record, or a list of `[name, module]` pairs), or a directory (path
   * or file: URL) of modules named `NNNN_name.ts`
   * whose default export is the migration. Omit for an app without migrations: `migrate`
   * then creates its missing tables directly from the models (Django's `--run-syncdb`).
   */
  migrations?:
    | Readonly<Record<string, MigrationModule>>
    | readonly (readonly [string, MigrationModule])[]
    | string
    | URL;
}

/**
 * Declares an app and registers its models (checking that their `meta.appLabel` matches).
 *
 * @example
 * export const pollsApp = defineApp({ label: "polls", models: [Question, Choice], migrations: { "0001_initial": m0001 } });
 */
export function defineApp<A extends AppConfig>(config: A): A {
  if (!config || typeof config.label !== "string" || !/^[a-z_][a-z0-9_]*$/i.test(config.label)) {
    throw new DbConfigError("defineApp needs a label made of letters, digits and underscores");
  }
  for (const model of config.models ?? []) {
    const meta = model.getMeta();
    if (meta.appLabel !== config.label) {
      throw new DbConfigError(
        `${model.name} has meta.appLabel '${meta.appLabel}' but is listed in app '${config.label}'`,
      );
    }
  }
  registerModels(...(config.models ?? []));
  return config;
}
