import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "../app/flask.ts";
import { Blueprint } from "../app/blueprint.ts";
import { flash } from "../helpers/flash.ts";
import { g } from "../ctx/globals.ts";
import { renderTemplate, renderTemplateString } from "./render.ts";

const fixtures = new URL("../_fixtures/", import.meta.url);

function makeApp() {
  const app = new Flask(fixtures.href + "app.ts");
  app.config.fromObject({ SECRET_KEY: "dev", TESTING: true, SITE: "Flaskr" });
  const auth = new Blueprint("auth", import.meta.url, { urlPrefix: "/auth" });
  auth.get("/login", function login() {
    return renderTemplate("auth/login.html", { name: "<b>" });
  });
  app.registerBlueprint(auth);
  app.contextProcessor(() => ({ siteName: "Flaskr" }));
  app.templateFilter("shout", (text: string) => `${text.toUpperCase()}!`);
  app.get("/hello", function hello() {
    g.user = "ada";
    flash("<welcome>");
    return renderTemplate("hello.html", { name: "<script>" });
  });
  app.get("/note", function note() {
    return renderTemplate("note.txt", { name: "<raw>" });
  });
  app.get("/string", function string() {
    return renderTemplateString(
      "{{ value }} {{ value|safe }} {{ 'hi'|shout }} {{ config.SITE }} {{ data|tojson }}",
      { value: "<i>", data: { a: "</script>" } },
    );
  });
  return app;
}

describe("templates", () => {
  test("inheritance, autoescape for .html, globals url_for/request/g, flashes, processors", async () => {
    const client = makeApp().testClient();
    const text = (await client.get("/hello")).text;
    assert.match(text, /<title>Hi<\/title>/);
    assert.match(text, /<h1>Hello &lt;script&gt;<\/h1>/);
    assert.match(text, /<a href="\/auth\/login">in<\/a>/);
    assert.match(text, /<span>Flaskr \/hello ada<\/span>/);
    assert.match(text, /<p class="flash">&lt;welcome&gt;<\/p>/);
  });

  test("no autoescape for .txt; always for template strings; filters and tojson", async () => {
    const client = makeApp().testClient();
    assert.equal((await client.get("/note")).text, "Plain <raw>\n");
    assert.equal(
      (await client.get("/string")).text,
      '&lt;i&gt; <i> HI! Flaskr {"a":"\\u003c/script\\u003e"}',
    );
  });

  test("the app's folder, then the blueprints' (auth/login.html from the app)", async () => {
    assert.equal(
      (await makeApp().testClient().get("/auth/login")).text,
      "<p>login &lt;b&gt;</p>\n",
    );
  });

  test("a missing template is an error that names it", async () => {
    const app = makeApp();
    await app.testRequestContext("/").run(async () => {
      await assert.rejects(renderTemplate("nope.html"), /nope\.html/);
    });
  });
});
