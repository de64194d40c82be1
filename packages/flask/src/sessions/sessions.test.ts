import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "../app/flask.ts";
import { session } from "../ctx/globals.ts";
import { SecureCookieSessionInterface } from "./cookie-session.ts";
import { TimestampSigner } from "./signing.ts";

function makeApp(config: Record<string, unknown> = {}) {
  const app = new Flask(import.meta.url, { staticFolder: null });
  app.config.fromObject({ SECRET_KEY: "s3cret", TESTING: true, ...config });
  app.get("/set", function set() {
    session.set("user", "ada");
    return "set";
  });
  app.get("/get", function get() {
    return String(session.get("user") ?? "none");
  });
  app.get("/permanent", function permanent() {
    session.permanent = true;
    session.set("user", "ada");
    return "permanent";
  });
  app.get("/clear", function clear() {
    session.clear();
    return "cleared";
  });
  app.get("/untouched", function untouched() {
    return "nothing";
  });
  return app;
}

describe("signed-cookie sessions", () => {
  test("set, then read back; the cookie is HttpOnly, SameSite=Lax, Path=/, no Expires", async () => {
    const client = makeApp().testClient();
    const set = await client.get("/set");
    const cookie = set.header("set-cookie")!;
    assert.match(cookie, /^session=[\w-]+\.[0-9a-z]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.equal(set.header("vary"), "Cookie");
    assert.equal((await client.get("/get")).text, "ada");
  });

  test("a response that never touched the session has no Vary and no cookie", async () => {
    const response = await makeApp().testClient().get("/untouched");
    assert.equal(response.header("vary"), undefined);
    assert.equal(response.header("set-cookie"), undefined);
  });

  test("reading the session adds Vary: Cookie but sends no cookie", async () => {
    const response = await makeApp().testClient().get("/get");
    assert.equal(response.header("vary"), "Cookie");
    assert.equal(response.header("set-cookie"), undefined);
  });

  test("a tampered cookie is an empty session, never an error", async () => {
    const client = makeApp().testClient();
    await client.get("/set");
    const value = client.cookies.get("session")!;
    const [payload, stamp, signature] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ user: "admin" })).toString("base64url");
    for (const bad of [
      `${forged}.${stamp}.${signature}`,
      `${payload}.${stamp}.AAAA`,
      "garbage",
      `${payload}..`,
    ]) {
      const response = await client.get("/get", { headers: { Cookie: `session=${bad}` } });
      assert.equal(response.status, 200);
    }
    const fresh = makeApp().testClient();
    fresh.cookies.set("session", `${forged}.${stamp}.${signature}`);
    assert.equal((await fresh.get("/get")).text, "none");
  });

  test("SECRET_KEY_FALLBACKS verify old cookies; the next save uses the new key", async () => {
    const old = makeApp({ SECRET_KEY: "old-key" }).testClient();
    await old.get("/set");
    const oldCookie = old.cookies.get("session")!;

    const rotated = makeApp({ SECRET_KEY: "new-key", SECRET_KEY_FALLBACKS: ["old-key"] });
    const client = rotated.testClient();
    client.cookies.set("session", oldCookie);
    assert.equal((await client.get("/get")).text, "ada");
    await client.get("/set");
    const newCookie = client.cookies.get("session")!;
    const onlyNew = makeApp({ SECRET_KEY: "new-key" }).testClient();
    onlyNew.cookies.set("session", newCookie);
    assert.equal((await onlyNew.get("/get")).text, "ada");
    const withoutFallback = makeApp({ SECRET_KEY: "new-key" }).testClient();
    withoutFallback.cookies.set("session", oldCookie);
    assert.equal((await withoutFallback.get("/get")).text, "none");
  });

  test("emptying the session deletes the cookie", async () => {
    const client = makeApp().testClient();
    await client.get("/set");
    const response = await client.get("/clear");
    assert.match(
      response.header("set-cookie")!,
      /^session=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=\//,
    );
    assert.equal(client.cookies.get("session"), undefined);
    assert.equal((await client.get("/get")).text, "none");
  });

  test("a permanent session has Expires and is refreshed on each request", async () => {
    const client = makeApp({ PERMANENT_SESSION_LIFETIME: 3600 }).testClient();
    const first = await client.get("/permanent");
    assert.match(first.header("set-cookie")!, /Expires=/);
    const again = await client.get("/get");
    assert.match(again.header("set-cookie")!, /Expires=/);
    const notRefreshed = makeApp({ SESSION_REFRESH_EACH_REQUEST: false }).testClient();
    await notRefreshed.get("/permanent");
    assert.equal((await notRefreshed.get("/get")).header("set-cookie"), undefined);
  });

  test("cookie attributes follow SESSION_COOKIE_*", async () => {
    const client = makeApp({
      SESSION_COOKIE_NAME: "sid",
      SESSION_COOKIE_SECURE: true,
      SESSION_COOKIE_DOMAIN: "example.org",
      SESSION_COOKIE_PATH: "/app",
      SESSION_COOKIE_SAMESITE: "Strict",
      SESSION_COOKIE_HTTPONLY: false,
    }).testClient();
    const cookie = (await client.get("/set")).header("set-cookie")!;
    assert.match(cookie, /^sid=.+; Domain=example.org; Path=\/app; Secure; SameSite=Strict$/);
  });

  test("an expired cookie is an empty session", () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const signer = new TimestampSigner(["k"], "cookie-session", { now: () => now });
    const token = signer.sign('{"user":"ada"}');
    assert.equal(signer.unsign(token, 60), '{"user":"ada"}');
    now += 61_000;
    assert.equal(signer.unsign(token, 60), undefined);
    const app = makeApp({ SECRET_KEY: "k", PERMANENT_SESSION_LIFETIME: 60 });
    app.sessionInterface = new SecureCookieSessionInterface({ now: () => now });
    return app
      .testClient()
      .get("/get", { headers: { Cookie: `session=${token}` } })
      .then((response) => assert.equal(response.text, "none"));
  });

  test("without SECRET_KEY reading works and writing is a clear error", async () => {
    const app = makeApp({ SECRET_KEY: null });
    const client = app.testClient();
    assert.equal((await client.get("/get")).text, "none");
    await assert.rejects(client.get("/set"), { code: "FLASK_E_NO_SECRET_KEY" });
  });

  test("sessionTransaction prepares and reads the session between requests", async () => {
    const client = makeApp().testClient();
    await client.sessionTransaction((s) => void s.set("user", "grace"));
    assert.equal((await client.get("/get")).text, "grace");
    await client.get("/set");
    await client.sessionTransaction((s) => assert.equal(s.get("user"), "ada"));
  });
});
