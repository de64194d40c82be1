import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "../app/flask.ts";
import { request, session } from "../ctx/globals.ts";
import { redirect } from "../helpers/redirect.ts";
import { urlFor } from "../helpers/url-for.ts";
import { Response } from "../wrappers/response.ts";

function makeApp() {
  const app = new Flask(import.meta.url, { staticFolder: null });
  app.config.fromObject({ SECRET_KEY: "dev", TESTING: true });
  app.route("/login", { methods: ["GET", "POST"] }, function login() {
    if (request.method === "POST") {
      session.set("user", request.form.require("username"));
      return redirect(urlFor("index"));
    }
    return "login form";
  });
  app.get("/", function index() {
    return `hello ${String(session.get("user") ?? "stranger")}`;
  });
  app.post("/keep", function keep() {
    return redirect(urlFor("echo"), 307);
  });
  app.post("/echo", function echo() {
    return `echo ${request.form.get("x") ?? ""}`;
  });
  app.get("/cookies", function cookies() {
    const response = new Response("set");
    response.setCookie("a", "1");
    response.setCookie("b", "two words");
    return response;
  });
  app.get("/read", function read() {
    return `${request.cookies.get("a")}|${request.cookies.get("b")}`;
  });
  return app;
}

describe("the Flask test client", () => {
  test("cookies are kept between requests (the session logs in)", async () => {
    const client = makeApp().testClient();
    const login = await client.post("/login", { data: { username: "ada" } });
    assert.equal(login.statusCode, 303);
    assert.equal(login.location, "/");
    assert.equal((await client.get("/")).text, "hello ada");
    await client.get("/cookies");
    assert.equal((await client.get("/read")).text, "1|two words");
  });

  test("followRedirects: 303 becomes GET, 307 keeps method and body; history", async () => {
    const client = makeApp().testClient();
    const page = await client.post("/login", { data: { username: "bob" }, followRedirects: true });
    assert.equal(page.text, "hello bob");
    assert.deepEqual(
      page.history.map((r) => r.statusCode),
      [303],
    );
    const kept = await client.post("/keep", { data: { x: "42" }, followRedirects: true });
    assert.equal(kept.text, "echo 42");
  });

  test("Flask-like response helpers: data, mimetype, getJson", async () => {
    const app = makeApp();
    app.get("/json", function json() {
      return { ok: true };
    });
    const response = await app.testClient().get("/json");
    assert.equal(response.mimetype, "application/json");
    assert.deepEqual(response.getJson(), { ok: true });
    assert.equal(new TextDecoder().decode(response.data), '{"ok":true}\n');
  });
});
