import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clientFor } from "../core/_test-helpers.ts";
import { HttpResponse } from "../http/response.ts";
import { include, path } from "../urls/conf.ts";
import { xframeOptionsExempt } from "./clickjacking.ts";
import { CommonMiddleware, noAppendSlash } from "./common.ts";
import { SecurityMiddleware } from "./security.ts";
import { XFrameOptionsMiddleware } from "./clickjacking.ts";

const ok = () => new HttpResponse("ok");
const urlpatterns = [
  path("polls/", include([path("<int:id>/", ok), path("list", ok)])),
  path("exact", ok),
  path("api/items/", noAppendSlash(ok)),
  path("framed/", xframeOptionsExempt(ok)),
  path("sameorigin/", () => {
    const response = new HttpResponse("x");
    response.headers.set("X-Frame-Options", "SAMEORIGIN");
    return response;
  }),
];

describe("CommonMiddleware", () => {
  const client = clientFor({ ROOT_URLCONF: urlpatterns, MIDDLEWARE: [CommonMiddleware] });

  test("APPEND_SLASH: 301 to the slashed URL when only that one resolves, query kept", async () => {
    const response = await client.get("/polls/1?x=1");
    assert.equal(response.status, 301);
    assert.equal(response.header("location"), "/polls/1/?x=1");
  });

  test("no redirect when the slashless URL resolves or the slashed one does not", async () => {
    assert.equal((await client.get("/exact")).status, 200);
    assert.equal((await client.get("/polls/list")).status, 200);
    assert.equal((await client.get("/nowhere")).status, 404);
    assert.equal((await client.get("/api/items")).status, 404, "noAppendSlash view");
  });

  test("no redirect with APPEND_SLASH=false", async () => {
    const off = clientFor({
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [CommonMiddleware],
      APPEND_SLASH: false,
    });
    assert.equal((await off.get("/polls/1")).status, 404);
  });

  test("a POST that would lose its data is an error in DEBUG", async () => {
    const debug = clientFor({
      DEBUG: true,
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [CommonMiddleware],
    });
    const response = await debug.post("/polls/1", { form: { a: "1" } });
    assert.equal(response.status, 500);
    assert.match(response.text, /APPEND_SLASH/);
    assert.equal((await client.post("/polls/1", { form: { a: "1" } })).status, 301);
  });

  test("DISALLOWED_USER_AGENTS are refused with 403", async () => {
    const strict = clientFor({
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [CommonMiddleware],
      DISALLOWED_USER_AGENTS: [/BadBot/],
    });
    assert.equal(
      (await strict.get("/exact", { headers: { "User-Agent": "BadBot/1.0" } })).status,
      403,
    );
    assert.equal(
      (await strict.get("/exact", { headers: { "User-Agent": "Firefox" } })).status,
      200,
    );
  });
});

describe("SecurityMiddleware", () => {
  test("adds nosniff, Referrer-Policy and COOP by default", async () => {
    const response = await clientFor({
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [SecurityMiddleware],
    }).get("/exact");
    assert.equal(response.header("x-content-type-options"), "nosniff");
    assert.equal(response.header("referrer-policy"), "same-origin");
    assert.equal(response.header("cross-origin-opener-policy"), "same-origin");
    assert.equal(response.header("strict-transport-security"), undefined);
  });

  test("redirects to HTTPS and sends HSTS over HTTPS when configured", async () => {
    const settings = {
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [SecurityMiddleware],
      SECURE_SSL_REDIRECT: true,
      SECURE_REDIRECT_EXEMPT: ["^exact$"],
      SECURE_HSTS_SECONDS: 3600,
      SECURE_HSTS_INCLUDE_SUBDOMAINS: true,
    };
    const http = clientFor(settings);
    const redirect = await http.get("/polls/1/?a=b");
    assert.equal(redirect.status, 301);
    assert.equal(redirect.header("location"), "https://localhost/polls/1/?a=b");
    assert.equal((await http.get("/exact")).status, 200);
    const https = await clientFor(settings, { baseUrl: "https://localhost/" }).get("/polls/1/");
    assert.equal(https.status, 200);
    assert.equal(https.header("strict-transport-security"), "max-age=3600; includeSubDomains");
  });
});

describe("XFrameOptionsMiddleware", () => {
  const client = clientFor({ ROOT_URLCONF: urlpatterns, MIDDLEWARE: [XFrameOptionsMiddleware] });
  test("DENY by default, the setting's value, the view's own, or none when exempt", async () => {
    assert.equal((await client.get("/exact")).header("x-frame-options"), "DENY");
    assert.equal((await client.get("/sameorigin/")).header("x-frame-options"), "SAMEORIGIN");
    assert.equal((await client.get("/framed/")).header("x-frame-options"), undefined);
    const same = clientFor({
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [XFrameOptionsMiddleware],
      X_FRAME_OPTIONS: "SAMEORIGIN",
    });
    assert.equal((await same.get("/exact")).header("x-frame-options"), "SAMEORIGIN");
  });
});
