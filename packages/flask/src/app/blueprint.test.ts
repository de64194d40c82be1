import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "./flask.ts";
import { Blueprint } from "./blueprint.ts";
import { request } from "../ctx/globals.ts";
import { urlFor } from "../helpers/url-for.ts";
import { abort } from "../exceptions/abort.ts";
import { renderTemplate } from "../templating/render.ts";

const fixtures = new URL("../_fixtures/", import.meta.url);

function makeApp(log: string[] = []) {
  const app = new Flask(fixtures.href + "app.ts");
  app.config.TESTING = true;
  app.get("/", function index() {
    return `index ${urlFor("auth.login")}`;
  });
  app.beforeRequest(() => void log.push("app before"));
  app.afterRequest(() => void log.push("app after"));

  const auth = new Blueprint("auth", fixtures.href + "auth.ts", { urlPrefix: "/auth" });
  auth.route("/login", { methods: ["GET", "POST"] }, function login() {
    return `login at ${urlFor(".login")} from ${request.blueprint}`;
  });
  auth.get("/missing", function missing() {
    abort(404);
  });
  auth.beforeRequest(() => void log.push("auth before"));
  auth.afterRequest(() => void log.push("auth after"));
  auth.teardownRequest(() => void log.push("auth teardown"));
  auth.errorhandler(404, () => ["auth has no such page", 404]);
  auth.beforeAppRequest(() => void log.push("auth-for-app before"));
  auth.appErrorhandler(403, () => ["app-wide 403 from auth", 403]);

  const admin = new Blueprint("admin", fixtures.href + "admin.ts", {
    urlPrefix: "/admin",
    templateFolder: "admin_templates",
    staticFolder: "admin_static",
  });
  admin.get("/", function index() {
    return renderTemplate("admin/page.html", { who: request.blueprint });
  });
  admin.get("/forbidden", function forbidden() {
    abort(403);
  });
  const users = new Blueprint("users", fixtures.href + "users.ts", { urlPrefix: "/users" });
  users.get("/<int:id>", function show({ id }) {
    return `${request.endpoint} ${urlFor(".show", { id })} ${request.blueprints.join(",")}`;
  });
  admin.registerBlueprint(users);
  app.registerBlueprint(auth);
  app.registerBlueprint(admin);
  return app;
}

describe("blueprints", () => {
  test("routes get the prefix and dotted endpoints; .name is relative", async () => {
    const client = makeApp().testClient();
    assert.equal((await client.get("/")).text, "index /auth/login");
    assert.equal((await client.post("/auth/login")).text, "login at /auth/login from auth");
  });

  test("nested blueprints: names and prefixes are joined", async () => {
    const response = await makeApp().testClient().get("/admin/users/5");
    assert.equal(response.text, "admin.users.show /admin/users/5 admin.users,admin");
  });

  test("hooks: the blueprint's run only for its requests; app-wide ones for all", async () => {
    const log: string[] = [];
    const client = makeApp(log).testClient();
    await client.get("/auth/login");
    assert.deepEqual(log, [
      "app before",
      "auth-for-app before",
      "auth before",
      "auth after",
      "app after",
      "auth teardown",
    ]);
    log.length = 0;
    await client.get("/");
    assert.deepEqual(log, ["app before", "auth-for-app before", "app after"]);
  });

  test("error handlers: blueprint-scoped and app-wide", async () => {
    const client = makeApp().testClient();
    assert.equal((await client.get("/auth/missing")).text, "auth has no such page");
    assert.match((await client.get("/nowhere")).text, /Not Found/);
    assert.equal((await client.get("/admin/forbidden")).text, "app-wide 403 from auth");
  });

  test("the blueprint's own templates and static files", async () => {
    const client = makeApp().testClient();
    assert.equal((await client.get("/admin/")).text, "<p>admin admin /admin/</p>\n");
    const asset = await client.get("/admin/admin_static/app.js");
    assert.equal(asset.status, 200);
    assert.equal(asset.text, 'console.log("admin asset");\n');
    assert.equal(asset.header("content-type"), "text/javascript; charset=utf-8");
  });

  test("names: no dots, no double registration without a new name", () => {
    assert.throws(() => new Blueprint("a.b", import.meta.url), { code: "FLASK_E_BLUEPRINT_NAME" });
    const app = new Flask(import.meta.url, { staticFolder: null });
    const bp = new Blueprint("shop", import.meta.url);
    bp.get("/", function index() {
      return "shop";
    });
    app.registerBlueprint(bp, { urlPrefix: "/shop" });
    assert.throws(() => app.registerBlueprint(bp), { code: "FLASK_E_BLUEPRINT_EXISTS" });
    app.registerBlueprint(bp, { urlPrefix: "/store", name: "store" });
    assert.ok(app.viewFunctions.has("store.index"));
    assert.throws(() => bp.get("/x", { endpoint: "a.b" }, () => ""), {
      code: "FLASK_E_ENDPOINT_DOT",
    });
  });
});
