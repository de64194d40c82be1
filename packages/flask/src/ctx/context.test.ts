import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "../app/flask.ts";
import { currentApp, g, request, session } from "./globals.ts";
import { hasAppContext, hasRequestContext } from "./context.ts";
import { Request } from "../wrappers/request.ts";

describe("context locals", () => {
  test("outside a request they throw a clear, coded error", () => {
    assert.throws(() => request.method, {
      code: "FLASK_E_OUTSIDE_REQUEST_CONTEXT",
      message: /Working outside of request context/,
    });
    assert.throws(() => session.get("x"), { code: "FLASK_E_OUTSIDE_REQUEST_CONTEXT" });
    assert.throws(() => g.user, { code: "FLASK_E_OUTSIDE_APP_CONTEXT" });
    assert.throws(() => currentApp.config, { code: "FLASK_E_OUTSIDE_APP_CONTEXT" });
    assert.equal(hasRequestContext(), false);
  });

  test("appContext gives currentApp and g, not request", async () => {
    const app = new Flask(import.meta.url, { staticFolder: null });
    await app.appContext().run(() => {
      assert.equal(currentApp.name, app.name);
      g.db = "connection";
      assert.equal(g.db, "connection");
      assert.ok("db" in g);
      assert.equal(hasAppContext(), true);
      assert.throws(() => request.path, { code: "FLASK_E_OUTSIDE_REQUEST_CONTEXT" });
    });
  });

  test("testRequestContext: request, session and g inside; instanceof works", async () => {
    const app = new Flask(import.meta.url, { staticFolder: null });
    app.config.SECRET_KEY = "x";
    await app.testRequestContext("/hello?x=1", { method: "POST", form: { a: "b" } }).run(() => {
      assert.equal(request.path, "/hello");
      assert.equal(request.method, "POST");
      assert.equal(request.args.get("x"), "1");
      assert.equal(request.form["a"], "b");
      assert.ok(request instanceof Request);
      session.set("k", 1);
      assert.equal(session.get("k"), 1);
    });
  });

  test("concurrent requests each see their own request", async () => {
    const app = new Flask(import.meta.url, { staticFolder: null });
    app.get("/<name>", async function echo() {
      await new Promise((resolve) => setTimeout(resolve, request.path === "/slow" ? 20 : 1));
      return request.path;
    });
    const client = app.testClient();
    const [slow, fast] = await Promise.all([client.get("/slow"), client.get("/fast")]);
    assert.equal(slow.text, "/slow");
    assert.equal(fast.text, "/fast");
  });
});
