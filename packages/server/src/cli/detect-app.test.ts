import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { APP_DETECTORS, describeValue, detectApp, type AppDetector } from "./detect-app.ts";

const tsgiApp: App = (_environ, startResponse) => {
  startResponse("200 OK", []);
  return [];
};

describe("detectApp", () => {
  it("takes a function as a TSGI app, unchanged", () => {
    const detected = detectApp(tsgiApp);
    assert.equal(detected?.kind, "TSGI app");
    assert.equal(detected?.app, tsgiApp);
  });

  it("takes any arity, since wrappers often use rest parameters", () => {
    const wrapped = (...args: Parameters<App>) => tsgiApp(...args);
    assert.equal(detectApp(wrapped)?.app, wrapped);
  });

  it("bridges an object with a fetch method, bound to the object", async () => {
    const handler = {
      greeting: "hello from this",
      fetch(request: Request) {
        return new Response(`${this.greeting} at ${new URL(request.url).pathname}`);
      },
    };
    const detected = detectApp(handler);
    assert.equal(detected?.kind, "fetch handler");
    assert.ok(detected !== undefined);
    const response = await createTestClient(detected.app).get("/where");
    assert.equal(response.status, 200);
    assert.equal(response.text, "hello from this at /where");
  });

  it("recognises nothing else", () => {
    for (const value of [
      42,
      "app",
      null,
      undefined,
      {},
      { fetch: "no" },
      [tsgiApp],
      class App {},
    ]) {
      assert.equal(detectApp(value), undefined, describeValue(value));
    }
  });

  it("tries detectors in order, so specific shapes can go before the generic function", () => {
    const special: AppDetector = {
      kind: "special",
      detect: (value) => (typeof value === "function" && "special" in value ? tsgiApp : undefined),
    };
    const marked = Object.assign(() => [], { special: true });
    assert.equal(detectApp(marked, [special, ...APP_DETECTORS])?.kind, "special");
    assert.equal(detectApp(marked)?.kind, "TSGI app");
  });
});

describe("describeValue", () => {
  it("says what a value is in a few words", () => {
    assert.equal(describeValue(42), "a number (42)");
    assert.equal(describeValue(true), "a boolean (true)");
    assert.equal(describeValue("x"), 'a string ("x")');
    assert.equal(describeValue(null), "null");
    assert.equal(describeValue(undefined), "undefined");
    assert.equal(describeValue([1, 2]), "an array of 2 items");
    assert.equal(describeValue({}), "an empty object");
    assert.equal(describeValue({ port: 1, host: "h" }), "an object with keys port, host");
    assert.equal(describeValue(new Map()), "an instance of Map");
    assert.equal(describeValue(class Database {}), "a class (Database)");
    assert.match(describeValue(Promise.resolve(tsgiApp)), /^a Promise/);
    assert.match(describeValue("x".repeat(100)), /…"\)$/);
  });
});
