// The shape of a migration module's default export.
import type { Operation } from "./operations.ts";

/**
 * A migration: what it depends on and the operations it applies, as plain data.
 *
 * @example
 * // polls/migrations/0001_initial.ts
 * export default {
 *   initial: true,
 *   dependencies: [],
 *   operations: [createModel({ name: "Question", fields: [["questionText", { type: "CharField", maxLength: 200 }]] })],
 * } satisfies Migration;
 */
export interface Migration {
  /** `[app, name]` pairs; `[app, "__first__"]` and `[app, "__latest__"]` are allowed. */
  dependencies?: readonly (readonly [string, string])[];
  operations: readonly Operation[];
  initial?: boolean;
}

/** A migration with its app and name, as the loader returns it. */
export interface LoadedMigration {
  app: string;
  name: string;
  /** `"polls.0001_initial"`. */
  key: string;
  migration: Migration;
}
