import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "./flask.ts";
import { abort } from "../exceptions/abort.ts";
import { BadRequest, Forbidden, HTTPException } from "../index.ts";
import type { InternalServerError, NotFound } from "../index.ts";
import { afterThisRequest, g, request } from "../ctx/globals.ts";

class DatabaseError extends Error {}
class MissingRowError extends DatabaseError {}

function makeApp(log: string[]) {
  const app = new Flask(import.meta.url, { staticFolder: null });
  app.beforeRequest(() => void log.push("before 1"));
  app.beforeRequest(() => {
    log.push("before 2");
    if (request.args.has("stop")) return ["stopped", 202];
    return undefined;
  });
  app.afterRequest((response) => {
    log.push("after 1");
    response.headers.add("X-After", "1");
    return response;
  });
  app.afterRequest((response) => {
    log.push("after 2");
    response.headers.add("X-After", "2");
  });
  app.teardownRequest(
    (error) => void log.push(`teardown ${error === undefined ? "ok" : (error as Error).message}`),
  );
  app.get("/", function index() {
    log.push("view");
    afterThisRequest((response) => void response.headers.set("X-This", "yes"));
    return "ok";
  });
  app.get("/boom", function boom() {
    log.push("view");
    throw new Error("kaput");
  });
  return app;
}

describe("hooks in Flask's order", () => {
  test("before in order, view, afterThisRequest, after in reverse, teardown", async () => {
    const log: string[] = [];
    const response = await makeApp(log).testClient().get("/");
    assert.deepEqual(log, ["before 1", "before 2", "view", "after 2", "after 1", "teardown ok"]);
    assert.deepEqual(response.headerAll("x-after"), ["2", "1"]);
    assert.equal(response.header("x-this"), "yes");
  });

  test("a beforeRequest return value ends the request; after hooks still run", async () => {
    const log: string[] = [];
    const response = await makeApp(log).testClient().get("/?stop=1");
    assert.equal(response.status, 202);
    assert.equal(response.text, "stopped");
    assert.deepEqual(log, ["before 1", "before 2", "after 2", "after 1", "teardown ok"]);
  });

  test("an unhandled error: 500 page in production, teardown sees the error", async () => {
    const log: string[] = [];
    const client = makeApp(log).testClient();
    const response = await client.get("/boom");
    assert.equal(response.status, 500);
    assert.match(response.text, /Internal Server Error/);
    assert.doesNotMatch(response.text, /kaput/);
    assert.deepEqual(log.slice(-1), ["teardown kaput"]);
    assert.ok(client.errors.some((line) => line.includes("kaput")));
  });

  test("TESTING propagates the error to the test, after teardown", async () => {
    const log: string[] = [];
    const app = makeApp(log);
    app.config.TESTING = true;
    await assert.rejects(app.testClient().get("/boom"), /kaput/);
    assert.equal(log.at(-1), "teardown kaput");
  });

  test("DEBUG shows the traceback page", async () => {
    const app = makeApp([]);
    app.config.DEBUG = true;
    const response = await app.testClient().get("/boom");
    assert.equal(response.status, 500);
    assert.match(response.text, /kaput/);
  });

  test("g lives for one request", async () => {
    const app = new Flask(import.meta.url, { staticFolder: null });
    app.beforeRequest(() => {
      g.count = ((g.count as number | undefined) ?? 0) + 1;
    });
    app.get("/", function index() {
      return String(g.count);
    });
    const client = app.testClient();
    assert.equal((await client.get("/")).text, "1");
    assert.equal((await client.get("/")).text, "1");
  });
});

describe("error handlers", () => {
  function errorApp() {
    const app = new Flask(import.meta.url, { staticFolder: null });
    app.get("/missing", function missing() {
      abort(404, "No such post.");
    });
    app.get("/forbidden", function forbidden() {
      abort(403);
    });
    app.get("/bad", function bad() {
      throw new BadRequest("Bad things.");
    });
    app.get("/db", function db() {
      throw new MissingRowError("row 7");
    });
    app.get("/plain", function plain() {
      throw new TypeError("oops");
    });
    return app;
  }

  test("by code, with the description; the handler may set the status", async () => {
    const app = errorApp();
    app.errorhandler(404, (error: NotFound) => [`custom: ${error.description}`, 404]);
    const response = await app.testClient().get("/missing");
    assert.equal(response.status, 404);
    assert.equal(response.text, "custom: No such post.");
    // Routing's 404 goes through the same handler.
    assert.equal(
      (await app.testClient().get("/nowhere")).text,
      "custom: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
    );
  });

  test("by class: the most specific class wins, the hierarchy is searched", async () => {
    const app = errorApp();
    app.errorhandler(DatabaseError, (error) => [`db: ${error.message}`, 503]);
    app.errorhandler(Error, () => ["any error", 500]);
    app.errorhandler(HTTPException, (error) => [`http ${error.code}`, error.code]);
    const client = app.testClient();
    const db = await client.get("/db");
    assert.equal(db.status, 503);
    assert.equal(db.text, "db: row 7");
    assert.equal((await client.get("/plain")).text, "any error");
    assert.equal((await client.get("/forbidden")).text, "http 403");
  });

  test("a code handler beats a base-class handler; 405 has one too", async () => {
    const app = errorApp();
    app.errorhandler(HTTPException, () => "base");
    app.errorhandler(Forbidden, () => ["forbidden!", 403]);
    app.errorhandler(405, () => ["no such method", 405]);
    const client = app.testClient();
    assert.equal((await client.get("/forbidden")).text, "forbidden!");
    assert.equal((await client.get("/bad")).text, "base");
    assert.equal((await client.post("/bad")).text, "no such method");
  });

  test("a 500 handler gets InternalServerError with the original error", async () => {
    const app = errorApp();
    app.errorhandler(500, (error: InternalServerError) => [
      `sorry: ${(error.originalError as Error).message}`,
      500,
    ]);
    const response = await app.testClient().get("/plain");
    assert.equal(response.status, 500);
    assert.equal(response.text, "sorry: oops");
  });

  test("an unknown code is refused at registration", () => {
    assert.throws(() => errorApp().errorhandler(999, () => ""), {
      code: "FLASK_E_UNKNOWN_ERROR_CODE",
    });
  });

  test("abort with an unknown code is a clear error; abort(response) sends it", async () => {
    assert.throws(() => abort(299), { code: "FLASK_E_UNKNOWN_ABORT_CODE" });
    const app = errorApp();
    app.get("/teapot", function teapot() {
      abort(new (class extends HTTPException {})(418, "short and stout").getResponse());
    });
    const response = await app.testClient().get("/teapot");
    assert.equal(response.status, 418);
  });
});
