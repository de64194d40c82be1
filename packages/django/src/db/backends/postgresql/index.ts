/**
 * The PostgreSQL backend (`pg`): `ENGINE: "postgresql"` in DATABASES, or
 * `DATABASE_URL=postgres://…`. The ORM registers it in `connections.ts`; this module gathers
 * its public pieces. See README.md here.
 *
 * @example
 * import { configureDatabases } from "@tsgi/django/db";
 * configureDatabases({ default: { ENGINE: "postgresql", NAME: "polls", USER: "tsgi", HOST: "127.0.0.1", PORT: 5432 } });
 *
 * @module
 */
export { PostgresBackend, clientConfig, describeTarget } from "./backend.ts";
export { postgresDialect } from "./dialect.ts";
export { PostgresSchemaEditor } from "./schema.ts";
export { recreatePostgresDatabase, dropPostgresDatabase } from "./database.ts";
export { postgresSettingsFromUrl, testDatabaseServer, TEST_DATABASE_URL_ENV } from "./url.ts";
