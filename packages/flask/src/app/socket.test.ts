import assert from "node:assert/strict";
import { test } from "node:test";
import { serve } from "@tsgi/server";
import { Flask } from "./flask.ts";
import { request, session } from "../ctx/globals.ts";
import { redirect } from "../helpers/redirect.ts";

test("over a real socket: routes, sessions, uploads, static files, 405 and 413", async () => {
  const app = new Flask(new URL("../_fixtures/app.ts", import.meta.url).href);
  app.config.fromObject({ SECRET_KEY: "socket", MAX_CONTENT_LENGTH: 1024 });
  app.route("/login", { methods: ["POST"] }, function login() {
    session.set("user", request.form.require("username"));
    return redirect("/");
  });
  app.get("/", function index() {
    return `hello ${String(session.get("user") ?? "stranger")}`;
  });
  app.post("/upload", function upload() {
    return { size: request.files.require("file").size };
  });
  const handle = await serve(app.tsgiApp, { server: "node", host: "127.0.0.1", port: 0 });
  try {
    const base = handle.address.url.replace(/\/$/, "");
    const login = await fetch(`${base}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "ada" }),
      redirect: "manual",
    });
    assert.equal(login.status, 303);
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    assert.equal(
      await (await fetch(`${base}/`, { headers: { Cookie: cookie } })).text(),
      "hello ada",
    );

    const form = new FormData();
    form.append("file", new Blob(["x".repeat(100)]), "x.bin");
    assert.deepEqual(await (await fetch(`${base}/upload`, { method: "POST", body: form })).json(), {
      size: 100,
    });
    const tooBig = await fetch(`${base}/upload`, {
      method: "POST",
      body: "y".repeat(2000),
      headers: { "Content-Type": "text/plain" },
    });
    assert.equal(tooBig.status, 413);

    const css = await fetch(`${base}/static/css/site.css`);
    assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(await css.text(), "body {\n  color: red;\n}\n");
    const notModified = await fetch(`${base}/static/css/site.css`, {
      headers: { "If-None-Match": css.headers.get("etag")! },
    });
    assert.equal(notModified.status, 304);

    const wrongMethod = await fetch(`${base}/login`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get("allow"), "OPTIONS, POST");
    await wrongMethod.text();
  } finally {
    await handle.close();
  }
});
