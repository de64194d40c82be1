/**
 * `@tsgi/django/db` — the Django-style ORM: models, fields, managers, lazy QuerySets, F and Q,
 * transactions, a backend interface with the SQLite backend, and migrations.
 *
 * Contracts for the other folders (see README.md here for the tour):
 * - Everything that touches the database is async; QuerySets are lazy and thenable
 *   (`await Question.objects.filter({...}).orderBy("-pubDate").slice(0, 5)`), and `for await`
 *   iterates them. Templates resolving thenables therefore handle `question.choiceSet.all`.
 * - Forward ForeignKey: `await choice.question` (a lazy thenable, cached once loaded);
 *   `choice.questionId` is the key, synchronously. Reverse: `question.choiceSet` is a
 *   RelatedManager (`all/filter/create/count/…`).
 * - Per-model errors: `Question.DoesNotExist` extends `ObjectDoesNotExist`,
 *   `Question.MultipleObjectsReturned` extends `MultipleObjectsReturned`.
 * - Setup: `configureDatabases(settings.DATABASES)`; apps: `defineApp({ label, models,
 *   migrations })` (registers the models, so reverse accessors exist); `migrate({ apps })`.
 * - Tests: `createTestDatabase({ apps })` / `destroyTestDatabase()`, `withRollback(fn)`,
 *   `flushDatabase()`.
 * - Columns/tables are snake_case (`polls_question.pub_date`, `polls_choice.question_id`).
 *
 * @example
 * import { Model, CharField, DateTimeField, ForeignKey, IntegerField, CASCADE, F, Manager,
 *   RelatedManager, RelatedObject, configureDatabases, defineApp, migrate, makeInitialMigration } from "@tsgi/django/db";
 *
 * class Question extends Model {
 *   static fields = {
 *     questionText: new CharField({ maxLength: 200 }),
 *     pubDate: new DateTimeField({ verboseName: "date published" }),
 *   };
 *   static meta = { appLabel: "polls" };
 *   declare static objects: Manager<Question>;
 *   declare id: number;
 *   declare questionText: string;
 *   declare pubDate: Date;
 *   declare choiceSet: RelatedManager<Choice>;
 * }
 * class Choice extends Model {
 *   static fields = {
 *     question: new ForeignKey(() => Question, { onDelete: CASCADE }),
 *     choiceText: new CharField({ maxLength: 200 }),
 *     votes: new IntegerField({ default: 0 }),
 *   };
 *   static meta = { appLabel: "polls" };
 *   declare static objects: Manager<Choice>;
 *   declare id: number;
 *   declare question: RelatedObject<Question>;
 *   declare questionId: number;
 *   declare choiceText: string;
 *   declare votes: number;
 * }
 * const polls = defineApp({ label: "polls", models: [Question, Choice],
 *   migrations: { "0001_initial": makeInitialMigration([Question, Choice]) } });
 * configureDatabases({ default: { ENGINE: "sqlite", NAME: ":memory:" } });
 * await migrate({ apps: [polls] });
 * const q = await Question.objects.create({ questionText: "What's new?", pubDate: new Date() });
 * const c = await q.choiceSet.create({ choiceText: "Not much" });
 * await Choice.objects.filter({ pk: c.id }).update({ votes: F("votes").add(1) });
 * await Choice.objects.filter({ question__pubDate__year: 2026 }).count();
 *
 * @module
 */

export * from "./errors.ts";
export * from "./fields/index.ts";
export { Model, registerModels, type SaveOptions, type FullCleanOptions } from "./models/model.ts";
export { Manager } from "./models/manager.ts";
export { RelatedManager, RelatedObject } from "./models/related-descriptors.ts";
export { Options, type ModelMetaOptions, type ReverseRelation } from "./models/options.ts";
export { getModel, getModels } from "./models/registry.ts";
export type { ModelClass, ModelValues } from "./models/types.ts";
export { QuerySet } from "./query/queryset.ts";
export type { DeleteResult } from "./query/deletion.ts";
export { Q, QNode, type Condition, type Lookups } from "./query/q.ts";
export {
  F,
  Value,
  Expression,
  FieldReference,
  CombinedExpression,
  ValueExpression,
  type Connector,
} from "./query/expressions.ts";
export { LOOKUP_NAMES } from "./query/where.ts";
export { transaction, type UsingOptions } from "./transaction.ts";
export {
  configureDatabases,
  closeAllConnections,
  connections,
  registerBackend,
  normalizeEngine,
  ConnectionHandler,
  type BackendFactory,
} from "./connections.ts";
export type {
  AtomicOptions,
  ColumnSpec,
  DatabaseBackend,
  DatabaseSettings,
  DatabasesSetting,
  DatePart,
  ExecuteResult,
  PatternLookup,
  QueryResult,
  SchemaEditor,
  SqlDialect,
  SqlParam,
  TableSpec,
} from "./backends/types.ts";
export { BaseDatabaseBackend } from "./backends/base.ts";
export { SqliteBackend } from "./backends/sqlite/backend.ts";
export { sqliteDialect } from "./backends/sqlite/dialect.ts";
export { PostgresBackend } from "./backends/postgresql/backend.ts";
export { postgresDialect } from "./backends/postgresql/dialect.ts";
export { recreatePostgresDatabase, dropPostgresDatabase } from "./backends/postgresql/database.ts";
export {
  postgresSettingsFromUrl,
  testDatabaseServer,
  TEST_DATABASE_URL_ENV,
} from "./backends/postgresql/url.ts";
export { defineApp, type AppConfig, type MigrationModule } from "./apps.ts";
export type { Migration, LoadedMigration } from "./migrations/types.ts";
export {
  createModel,
  deleteModel,
  addField,
  removeField,
  alterField,
  renameField,
  alterModelOptions,
  alterModelTable,
  runSql,
  type Operation,
  type CreateModel,
  type DeleteModel,
  type AddField,
  type RemoveField,
  type AlterField,
  type RenameField,
  type AlterModelOptions,
  type AlterModelTable,
  type RunSQL,
  type FieldInput,
  type SqlStatements,
} from "./migrations/operations.ts";
export { stateForwards, databaseForwards, databaseBackwards } from "./migrations/apply.ts";
export {
  emptyState,
  stateFromModels,
  modelStateFromClass,
  modelKey,
  tableName,
  tableSpec,
  fieldFromSpec,
  registerFieldType,
  type ProjectState,
  type ModelState,
  type ModelOptionsSpec,
  type FieldFactory,
} from "./migrations/state.ts";
export { loadMigrations, loadMigrationGraph, type MigrationGraph } from "./migrations/loader.ts";
export { MigrationRecorder } from "./migrations/recorder.ts";
export {
  migrate,
  showMigrations,
  migrationPlan,
  planMigrations,
  type MigrateOptions,
  type MigrateResult,
  type MigrationEvent,
  type MigrationStatus,
  type PlanStep,
} from "./migrations/executor.ts";
export {
  autodetectChanges,
  autodetectInitialOperations,
  makeInitialMigration,
  serializeMigration,
} from "./migrations/autodetector.ts";
export {
  makeMigrations,
  writeMigration,
  describeOperation,
  type MakeMigrationsOptions,
  type PlannedMigration,
} from "./migrations/makemigrations.ts";
export {
  createTestDatabase,
  destroyTestDatabase,
  flushDatabase,
  withRollback,
  type TestDatabaseOptions,
} from "./testing.ts";
