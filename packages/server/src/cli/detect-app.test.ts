import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import express from "express";
import Fastify from "fastify";
import {
  APP_DETECTORS,
  adapterDetector,
  describeValue,
  detectApp,
  isExpressApp,
  isFastifyInstance,
  type AppDetector,
} from "./detect-app.ts";
import { CliError } from "./errors.ts";
import { loadExport } from "./load-module.ts";

const tsgiApp: App = (_environ, startResponse) => {
  startResponse("200 OK", []);
  return [];
};

describe("detectApp", () => {
  it("takes a function as a TSGI app, unchanged", async () => {
    const detected = await detectApp(tsgiApp);
    assert.equal(detected?.kind, "TSGI app");
    assert.equal(detected?.app, tsgiApp);
  });

  it("takes any arity, since wrappers often use rest parameters", async () => {
    const wrapped = (...args: Parameters<App>) => tsgiApp(...args);
    assert.equal((await detectApp(wrapped))?.app, wrapped);
  });

  it("bridges an object with a fetch method, bound to the object", async () => {
    const handler = {
      greeting: "hello from this",
      fetch(request: Request) {
        return new Response(`${this.greeting} at ${new URL(request.url).pathname}`);
      },
    };
    const detected = await detectApp(handler);
    assert.equal(detected?.kind, "fetch handler");
    assert.ok(detected !== undefined);
    const response = await createTestClient(detected.app).get("/where");
    assert.equal(response.status, 200);
    assert.equal(response.text, "hello from this at /where");
  });

  it("recognises nothing else", async () => {
    for (const value of [
      42,
      "app",
      null,
      undefined,
      {},
      { fetch: "no" },
      [tsgiApp],
      class App {},
      express.Router(),
      { routing: () => {}, ready: () => {} },
    ]) {
      assert.equal(await detectApp(value), undefined, describeValue(value));
    }
  });

  it("tries detectors in order, so specific shapes can go before the generic function", async () => {
    const special: AppDetector = {
      kind: "special",
      detect: (value) => (typeof value === "function" && "special" in value ? tsgiApp : undefined),
    };
    const marked = Object.assign(() => [], { special: true });
    assert.equal((await detectApp(marked, [special, ...APP_DETECTORS]))?.kind, "special");
    assert.equal((await detectApp(marked))?.kind, "TSGI app");
  });

  it("adapts an Express app (a function with handle, use, set, listen) with @tsgi/express", async () => {
    const expressApp = express();
    expressApp.get("/hi", (req, res) => {
      res.cookie("a", "1").cookie("b", "2").json({ path: req.path, q: req.query.q });
    });
    assert.ok(isExpressApp(expressApp));
    const detected = await detectApp(expressApp);
    assert.equal(detected?.kind, "Express app");
    assert.ok(detected !== undefined);
    const response = await createTestClient(detected.app).get("/hi?q=%C3%A9");
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), { path: "/hi", q: "é" });
    assert.equal(response.headerAll("set-cookie").length, 2);
  });

  it("adapts a Fastify instance (routing, ready, register, inject, server) with @tsgi/fastify", async () => {
    const instance = Fastify();
    instance.get("/hi", async () => ({ hello: "fastify" }));
    assert.ok(isFastifyInstance(instance));
    const detected = await detectApp(instance);
    assert.equal(detected?.kind, "Fastify instance");
    assert.ok(detected !== undefined);
    const response = await createTestClient(detected.app).get("/hi");
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), { hello: "fastify" });
    await instance.close();
  });

  it("recognises an Express 4-shaped app by shape alone, never by instanceof", () => {
    // What Express 4's createApplication returns: a plain function with the app's methods mixed in.
    const expressFour = Object.assign((_req: unknown, _res: unknown, _next: unknown) => {}, {
      handle() {},
      use() {},
      set() {},
      listen() {},
    });
    assert.ok(isExpressApp(expressFour));
    assert.ok(
      !isExpressApp({ handle() {}, use() {}, set() {}, listen() {} }),
      "an object is not one",
    );
  });

  it("fails with one line naming the adapter to install when it is missing", async () => {
    const missing = Object.assign(
      new Error("Cannot find package '@tsgi/express' imported from x"),
      {
        code: "ERR_MODULE_NOT_FOUND",
      },
    );
    const detector = adapterDetector({
      kind: "Express app",
      matches: isExpressApp,
      specifier: "@tsgi/express",
      exportName: "fromExpress",
      install: "@tsgi/express",
      importModule: () => Promise.reject(missing),
    });
    await assert.rejects(detectApp(express(), [detector]), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.code, "TSGI_E_CLI_ADAPTER_MISSING");
      assert.match(error.message, /npm install @tsgi\/express/);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  });

  it("passes on an error from inside the adapter, and refuses an adapter without the export", async () => {
    const inner = Object.assign(new Error("Cannot find package 'left-pad'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const broken = (importModule: () => Promise<Record<string, unknown>>) =>
      adapterDetector({
        kind: "Express app",
        matches: isExpressApp,
        specifier: "@tsgi/express",
        exportName: "fromExpress",
        install: "@tsgi/express",
        importModule,
      });
    await assert.rejects(detectApp(express(), [broken(() => Promise.reject(inner))]), inner);
    await assert.rejects(detectApp(express(), [broken(async () => ({}))]), {
      code: "TSGI_E_CLI_ADAPTER_MISSING",
    });
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
    assert.equal(
      describeValue(
        new (class Db {
          port = 1;
        })(),
      ),
      "an instance of Db with keys port",
    );
    assert.equal(
      describeValue(function handler() {}),
      "a function (handler)",
    );
    assert.match(describeValue(express.Router()), /^a function \(router\) with keys .*stack/);
    assert.equal(describeValue(class Database {}), "a class (Database)");
    assert.match(describeValue(Promise.resolve(tsgiApp)), /^a Promise/);
    assert.match(describeValue("x".repeat(100)), /…"\)$/);
  });
});

describe("detectApp on modules as `tsgi serve` loads them", () => {
  const fixtures = new URL("./fixtures/", import.meta.url).pathname;
  const cases = [
    { module: "express-app.ts", kind: "Express app", body: "hello from express\n" },
    { module: "fastify-app.ts", kind: "Fastify instance", body: "hello from fastify\n" },
    { module: "fetch-handler.ts", kind: "fetch handler", body: "hello from fetch at /\n" },
    {
      module: "framework-app.ts",
      kind: "framework app (tsgiApp)",
      body: "hello from a framework app\n",
    },
    { module: "hello.ts", kind: "TSGI app", body: undefined },
  ];
  for (const { module, kind, body } of cases) {
    it(`${module} is detected as: ${kind}, and serves`, async () => {
      const { value } = await loadExport(module, undefined, fixtures);
      const detected = await detectApp(value);
      assert.equal(detected?.kind, kind);
      assert.ok(detected !== undefined);
      const response = await createTestClient(detected.app).get("/");
      assert.equal(response.status, 200);
      if (body !== undefined) assert.equal(response.text, body);
    });
  }

  it("names what it saw for exports that are not apps", async () => {
    for (const [module, described] of [
      ["number.ts", /^a number/],
      ["express-router.ts", /^a function \(router\) with keys/],
    ] as const) {
      const { value } = await loadExport(module, undefined, fixtures);
      assert.equal(await detectApp(value), undefined);
      assert.match(describeValue(value), described);
    }
  });
});
