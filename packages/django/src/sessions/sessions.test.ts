import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clientFor, testSettings } from "../core/_test-helpers.ts";
import { dumps } from "../core/signing.ts";
import { HttpResponse } from "../http/response.ts";
import { JsonResponse } from "../http/response-types.ts";
import { path } from "../urls/conf.ts";
import { SessionMiddleware } from "./middleware.ts";
import { SignedCookieSession } from "./signed-cookies.ts";

const urlpatterns = [
  path("count/", (request) => {
    const visits = Number(request.session.get("visits", 0)) + 1;
    request.session.set("visits", visits);
    return new JsonResponse({ visits });
  }),
  path("read/", (request) => new JsonResponse({ visits: request.session.get("visits") ?? null })),
  path("plain/", () => new HttpResponse("no session use")),
  path("logout/", async (request) => {
    await request.session.flush();
    return new HttpResponse("bye");
  }),
  path("cycle/", async (request) => {
    await request.session.cycleKey();
    return new JsonResponse({
      modified: request.session.modified,
      visits: request.session.get("visits"),
    });
  }),
];
const settings = { ROOT_URLCONF: urlpatterns, MIDDLEWARE: [SessionMiddleware] };

describe("SessionMiddleware with signed cookies", () => {
  test("stores values across requests in an HttpOnly cookie, with Vary: Cookie", async () => {
    const client = clientFor(settings);
    const first = await client.get("/count/");
    assert.deepEqual(first.json(), { visits: 1 });
    const cookie = first.headerAll("set-cookie")[0]!;
    assert.match(
      cookie,
      /^sessionid=[^;]+; expires=.*; Max-Age=1209600; HttpOnly; Path=\/; SameSite=Lax$/,
    );
    assert.equal(first.header("vary"), "Cookie");
    assert.deepEqual((await client.get("/count/")).json(), { visits: 2 });
    const read = await client.get("/read/");
    assert.deepEqual(read.json(), { visits: 2 });
    assert.equal(read.headerAll("set-cookie").length, 0, "unchanged session is not re-sent");
    const plain = await client.get("/plain/");
    assert.equal(plain.header("vary"), undefined);
  });

  test("a tampered or foreign cookie reads as an empty session", async () => {
    const client = clientFor(settings);
    await client.get("/count/");
    const valid = client.cookies
      .header(new URL("http://localhost/"))!
      .split("=")
      .slice(1)
      .join("=");
    const tampered = valid.replace(/^./, (char) => (char === "e" ? "f" : "e"));
    const response = await client.get("/read/", { cookies: { sessionid: tampered } });
    assert.deepEqual(response.json(), { visits: null });
    const otherKey = dumps(
      { visits: 99 },
      { key: "another-secret", salt: "django.contrib.sessions.backends.signed_cookies" },
    );
    assert.deepEqual(
      (await clientFor(settings).get("/read/", { cookies: { sessionid: otherKey } })).json(),
      { visits: null },
    );
  });

  test("an expired cookie reads as empty", async () => {
    const session = new SignedCookieSession(undefined, testSettings());
    session.set("visits", 5);
    await session.save();
    const expired = new SignedCookieSession(
      session.sessionKey,
      testSettings({ SESSION_COOKIE_AGE: -1 }),
    );
    await expired.load();
    assert.equal(expired.get("visits"), undefined);
  });

  test("flush deletes the cookie; cycleKey keeps the data and re-sends the cookie", async () => {
    // With signed cookies the key is the signed data, so a new key is simply a new cookie.
    const client = clientFor(settings);
    await client.get("/count/");
    const cycled = await client.get("/cycle/");
    assert.deepEqual(cycled.json(), { modified: true, visits: 1 });
    assert.match(cycled.headerAll("set-cookie")[0]!, /^sessionid=/);
    const bye = await client.get("/logout/");
    assert.match(bye.headerAll("set-cookie")[0]!, /^sessionid=; expires=Thu, 01 Jan 1970/);
    assert.deepEqual((await client.get("/read/")).json(), { visits: null });
  });

  test("SESSION_EXPIRE_AT_BROWSER_CLOSE makes a browser-session cookie", async () => {
    const client = clientFor({ ...settings, SESSION_EXPIRE_AT_BROWSER_CLOSE: true });
    const cookie = (await client.get("/count/")).headerAll("set-cookie")[0]!;
    assert.doesNotMatch(cookie, /Max-Age|expires/);
  });
});
