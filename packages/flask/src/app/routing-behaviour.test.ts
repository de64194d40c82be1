import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "./flask.ts";
import { request } from "../ctx/globals.ts";
import { urlFor } from "../helpers/url-for.ts";

function makeApp() {
  const app = new Flask(import.meta.url, { staticFolder: null });
  app.config.TESTING = true;
  app.get("/", function index() {
    return "index";
  });
  app.route("/login", { methods: ["GET", "POST"] }, function login() {
    return `login ${request.method}`;
  });
  app.get("/projects/", function projects() {
    return "projects";
  });
  app.get("/post/<int:id>", function post({ id }) {
    return `post ${String(id)} ${typeof id}`;
  });
  app.get("/post/<slug>", function postBySlug({ slug }) {
    return `slug ${String(slug)}`;
  });
  app.delete("/post/<int:id>", { endpoint: "deletePost" }, ({ id }) => `deleted ${String(id)}`);
  return app;
}

describe("routing through the app", () => {
  test("the endpoint defaults to the view function's name", () => {
    const app = makeApp();
    assert.deepEqual(
      [...app.viewFunctions.keys()].sort(),
      ["deletePost", "index", "login", "post", "postBySlug", "projects"].sort(),
    );
  });

  test("converters: int beats string, and the view gets a number", async () => {
    const client = makeApp().testClient();
    assert.equal((await client.get("/post/7")).text, "post 7 number");
    assert.equal((await client.get("/post/hello")).text, "slug hello");
  });

  test("wrong method → 405 with Allow; DELETE reaches its own rule", async () => {
    const client = makeApp().testClient();
    const response = await client.put("/login");
    assert.equal(response.status, 405);
    assert.equal(response.header("allow"), "GET, HEAD, OPTIONS, POST");
    assert.match(response.text, /Method Not Allowed/);
    assert.equal((await client.delete("/post/3")).text, "deleted 3");
  });

  test("HEAD is automatic where GET exists, with headers and no body", async () => {
    const response = await makeApp().testClient().head("/login");
    assert.equal(response.status, 200);
    assert.equal(response.header("content-length"), "10"); // "login HEAD": the view sees HEAD
    assert.equal(response.body.byteLength, 0);
  });

  test("OPTIONS is automatic, answering Allow", async () => {
    const response = await makeApp().testClient().options("/post/1");
    assert.equal(response.status, 200);
    assert.equal(response.header("allow"), "DELETE, GET, HEAD, OPTIONS");
  });

  test("a rule ending in / redirects the slashless URL with 308, keeping the query", async () => {
    const response = await makeApp().testClient().get("/projects?page=2");
    assert.equal(response.status, 308);
    assert.equal(response.header("location"), "http://localhost/projects/?page=2");
  });

  test("an unknown URL is a 404 with Werkzeug's page", async () => {
    const response = await makeApp().testClient().get("/nope");
    assert.equal(response.status, 404);
    assert.match(response.text, /<title>404 Not Found<\/title>/);
    assert.equal(response.header("content-type"), "text/html; charset=utf-8");
  });

  test("a duplicate rule is rejected at registration", () => {
    const app = makeApp();
    assert.throws(
      () =>
        app.get("/login", function other() {
          return "x";
        }),
      { code: "FLASK_E_DUPLICATE_RULE" },
    );
  });

  test("one endpoint cannot point at two views; an arrow needs an endpoint", () => {
    const app = makeApp();
    assert.throws(
      () =>
        app.get("/again", function index() {
          return "x";
        }),
      { code: "FLASK_E_ENDPOINT_EXISTS" },
    );
    assert.throws(
      () =>
        app.addUrlRule(
          "/anon",
          {},
          (
            () => () =>
              "x"
          )(),
        ),
      {
        code: "FLASK_E_NO_ENDPOINT",
      },
    );
  });

  test("registering after the first request is refused", async () => {
    const app = makeApp();
    await app.testClient().get("/");
    assert.throws(
      () =>
        app.get("/late", function late() {
          return "x";
        }),
      { code: "FLASK_E_SETUP_FINISHED" },
    );
  });
});

describe("urlFor", () => {
  test("variables, unknown values as the query, _anchor, _external, _method", async () => {
    const app = makeApp();
    await app.testRequestContext("/").run(() => {
      assert.equal(urlFor("post", { id: 3 }), "/post/3");
      assert.equal(urlFor("index", { page: 2, tag: ["a", "b"] }), "/?page=2&tag=a&tag=b");
      assert.equal(urlFor("post", { id: 3, _anchor: "comments" }), "/post/3#comments");
      assert.equal(urlFor("post", { id: 3, _external: true }), "http://localhost/post/3");
      assert.equal(urlFor("post", { id: 3, _scheme: "https" }), "https://localhost/post/3");
      assert.equal(urlFor("deletePost", { id: 3, _method: "DELETE" }), "/post/3");
    });
  });

  test("a mounted app builds URLs under SCRIPT_NAME", async () => {
    const app = makeApp();
    app.get("/where", function where() {
      return urlFor("post", { id: 1 });
    });
    const client = app.testClient({ baseUrl: "http://example.org/blog" });
    assert.equal((await client.get("/where")).text, "/blog/post/1");
    const redirect = await client.get("/projects");
    assert.equal(redirect.header("location"), "http://example.org/blog/projects/");
  });

  test("a missing value is a BuildError naming it", async () => {
    await makeApp()
      .testRequestContext("/")
      .run(() => {
        assert.throws(
          () => urlFor("post"),
          (error: Error & { code?: string }) => {
            assert.equal(error.code, "FLASK_E_BUILD");
            assert.match(error.message, /"post"/);
            return true;
          },
        );
      });
  });

  test("outside a request: SERVER_NAME is needed, then URLs are external", async () => {
    const app = makeApp();
    await app.appContext().run(() => {
      assert.throws(() => urlFor("index"), { code: "FLASK_E_NO_SERVER_NAME" });
    });
    app.config.SERVER_NAME = "example.com";
    app.config.PREFERRED_URL_SCHEME = "https";
    await app.appContext().run(() => {
      assert.equal(urlFor("post", { id: 2 }), "https://example.com/post/2");
    });
  });
});

test("root path, name and instance path from import.meta.url, as Flask's import_name", () => {
  const single = new Flask("file:///srv/hello/app.ts", { staticFolder: null });
  assert.equal(single.rootPath, "/srv/hello");
  assert.equal(single.name, "app");
  assert.equal(single.instancePath, "/srv/hello/instance");
  assert.equal(single.templateFolder, "/srv/hello/templates");
  const pkg = new Flask("file:///srv/blog/src/flaskr/index.ts", { staticFolder: null });
  assert.equal(pkg.rootPath, "/srv/blog/src/flaskr");
  assert.equal(pkg.name, "flaskr");
  assert.equal(pkg.instancePath, "/srv/blog/src/instance");
  assert.equal(new Flask("/srv/x", { instancePath: "var" }).instancePath, "/srv/x/var");
});
