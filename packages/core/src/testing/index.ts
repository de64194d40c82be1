/**
 * `@tsgi/core/testing`: call TSGI apps in-process, without a socket.
 *
 * @example
 * import { createTestClient } from "@tsgi/core/testing";
 * const response = await createTestClient(app).get("/");
 * assert.equal(response.status, 200);
 */
export { createTestClient, TestClient, type TestClientOptions } from "./client.ts";
export { TestResponse } from "./response.ts";
export {
  buildTestEnviron,
  encodeTarget,
  type FieldValue,
  type TestEnvironOptions,
  type TestHeaders,
  type TestRequestOptions,
} from "./test-environ.ts";
export { CookieJar, type CookieScope, type StoredCookie } from "./cookie-jar.ts";
