/**
 * `@tsgi/django/test`: Django's testing tools for node:test.
 *
 * - `describeTestCase(name, { settings }, (t) => { t.test(...) })` — Django's `TestCase`: a
 *   node:test suite whose tests share a fresh test database (each alias swapped for its test
 *   twin — SQLite in memory — and every installed app migrated), each test in a transaction
 *   that is always rolled back, with a fresh test client as `t.client`, and `t.setUp`,
 *   `t.tearDown`, `t.setUpTestData` hooks. DEBUG is off and `testserver` allowed, as under
 *   Django's test runner.
 * - `Client` — the test client: requests run in-process through the whole app (middleware
 *   included), cookies persist, `follow: true` follows redirects into `redirectChain`, CSRF
 *   checks are off unless `enforceCsrfChecks: true`, and `response.context` /
 *   `response.templates` report what was rendered (template rendering is instrumented, as
 *   Django's `setup_test_environment` does, and captured per request with AsyncLocalStorage).
 * - Assertions that throw node:assert's `AssertionError`: `assertContains` (`count`,
 *   `status`, `html`), `assertNotContains`, `assertRedirects`, `assertQuerySetEqual`,
 *   `assertTemplateUsed`, `assertTemplateNotUsed`.
 *
 * @example
 * import assert from "node:assert/strict";
 * import { assertContains, describeTestCase } from "@tsgi/django/test";
 * import { settings } from "../mysite/settings.ts";
 *
 * describeTestCase("QuestionIndexViewTests", { settings }, (t) => {
 *   t.test("no questions", async () => {
 *     const response = await t.client.get("/polls/");
 *     assert.equal(response.statusCode, 200);
 *     assertContains(response, "No polls are available.");
 *   });
 * });
 */
export { describeTestCase, type TestCaseContext, type TestCaseOptions } from "./test-case.ts";
export {
  Client,
  ClientResponse,
  type ClientData,
  type ClientOptions,
  type ClientRequestOptions,
} from "./client.ts";
export {
  assertContains,
  assertNotContains,
  assertQuerySetEqual,
  assertRedirects,
  assertTemplateNotUsed,
  assertTemplateUsed,
  type AssertableResponse,
  type ContainsOptions,
  type QuerySetEqualOptions,
  type RedirectOptions,
} from "./assertions.ts";
export { countHtml, countText, htmlTokens } from "./html.ts";
export { setupTestEnvironment, testSettings, type TestSettingsOptions } from "./environment.ts";
export { setUpTestDatabase, type TestDatabase } from "./database.ts";
export { instrumentTemplateRendering } from "./instrument.ts";
export { captureRenders, recordTemplateRender, type RenderedTemplate } from "./render-capture.ts";
