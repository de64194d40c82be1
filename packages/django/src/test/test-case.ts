/**
 * Django's `TestCase`, in node:test's idiom: `describeTestCase(name, options, (t) => { … })`
 * is a `describe` block whose tests share one fresh, migrated test database, each test
 * running inside a transaction that is rolled back afterwards, with a fresh test `Client`.
 *
 * Why a function and not a class: node:test discovers tests by `describe`/`it` calls, not by
 * methods on a class, and TypeScript would need decorators or reflection to turn methods into
 * tests. A callback keeps Django's vocabulary (`setUp`, `tearDown`, `setUpTestData`,
 * `t.client`) while every test stays a plain `t.test("…", async () => …)` that node:test
 * reports, filters (`--test-name-pattern`) and times on its own.
 */
import { after, before, describe, it, type TestContext } from "node:test";
import type { App } from "@tsgi/core";
import { Client, type ClientOptions } from "./client.ts";
import { setUpTestDatabase, type TestDatabase } from "./database.ts";
import { setupTestEnvironment, testSettings } from "./environment.ts";

/** Options of {@link describeTestCase}. */
export interface TestCaseOptions {
  /** The project's settings (a `defineSettings` result or plain values). */
  settings: Record<string, unknown>;
  /** Options for every test's `t.client` (e.g. `{ enforceCsrfChecks: true }`). */
  client?: ClientOptions;
  /** Keep `DEBUG` as the settings say (default false: Django's test runner sets DEBUG=False). */
  keepDebug?: boolean;
}

/** What the body of a {@link describeTestCase} gets. */
export interface TestCaseContext {
  /** The test settings in force (DATABASES swapped, `testserver` allowed). */
  readonly settings: Record<string, unknown>;
  /** The project's TSGI app, built once for the case. */
  readonly app: App;
  /** A test client, new for every test (cookies do not leak between tests). */
  readonly client: Client;
  /** Declares a test (node:test's `it`), run in a rolled-back transaction. */
  test(name: string, fn: (context: TestContext) => unknown | Promise<unknown>): void;
  /** Runs once for the case, before the first test; its rows are visible to every test (Django's `setUpTestData`). */
  setUpTestData(fn: () => unknown | Promise<unknown>): void;
  /** Runs before each test, inside its transaction. */
  setUp(fn: () => unknown | Promise<unknown>): void;
  /** Runs after each test, before the rollback. */
  tearDown(fn: () => unknown | Promise<unknown>): void;
}

/**
 * Declares a test case: a node:test suite with a fresh test database (every installed app
 * migrated), per-test rollback, and `t.client`.
 *
 * @example
 * import { describeTestCase, assertContains } from "@tsgi/django/test";
 * import { settings } from "../mysite/settings.ts";
 *
 * describeTestCase("QuestionIndexViewTests", { settings }, (t) => {
 *   t.test("no questions", async () => {
 *     const response = await t.client.get("/polls/");
 *     assertContains(response, "No polls are available.");
 *   });
 * });
 */
export function describeTestCase(
  name: string,
  options: TestCaseOptions,
  body: (t: TestCaseContext) => void,
): void {
  const setUps: (() => unknown)[] = [];
  const tearDowns: (() => unknown)[] = [];
  const testData: (() => unknown)[] = [];
  let state: { settings: Record<string, unknown>; app: App; database: TestDatabase } | undefined;
  let client: Client | undefined;

  const ready = () => {
    if (state === undefined) {
      throw new Error(
        "the test case is not set up yet: use t.app, t.client and t.settings inside tests and hooks",
      );
    }
    return state;
  };

  const context: TestCaseContext = {
    get settings() {
      return ready().settings;
    },
    get app() {
      return ready().app;
    },
    get client() {
      if (client === undefined) throw new Error("t.client exists only while a test runs");
      return client;
    },
    test: (testName, fn) => {
      it(testName, (testContext) =>
        // setUp, the test and tearDown share one transaction, rolled back whatever happens.
        ready().database.runRolledBack(async () => {
          client = new Client(ready().app, options.client);
          try {
            for (const setUp of setUps) await setUp();
            await fn(testContext);
          } finally {
            try {
              for (const tearDown of tearDowns) await tearDown();
            } finally {
              client = undefined;
            }
          }
        }),
      );
    },
    setUpTestData: (fn) => void testData.push(fn),
    setUp: (fn) => void setUps.push(fn),
    tearDown: (fn) => void tearDowns.push(fn),
  };

  describe(name, () => {
    before(async () => {
      const settings = testSettings(options.settings, { keepDebug: options.keepDebug === true });
      const database = await setUpTestDatabase(settings);
      const app = await setupTestEnvironment(settings);
      state = { settings, app, database };
      for (const fn of testData) await fn();
    });
    after(async () => {
      await state?.database.tearDown();
      state = undefined;
    });
    body(context);
  });
}
