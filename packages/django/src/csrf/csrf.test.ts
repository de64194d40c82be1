import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clientFor } from "../core/_test-helpers.ts";
import { HttpResponse } from "../http/response.ts";
import { path } from "../urls/conf.ts";
import {
  CsrfViewMiddleware,
  csrfExempt,
  DONT_ENFORCE_CSRF_CHECKS,
  ensureCsrfCookie,
  getToken,
  rotateToken,
} from "./middleware.ts";
import { maskCsrfSecret, newCsrfSecret, tokenMatchesSecret, unmaskCsrfToken } from "./tokens.ts";

const urlpatterns = [
  path("form/", (request) => new HttpResponse(getToken(request))),
  path("vote/", () => new HttpResponse("voted")),
  path(
    "hook/",
    csrfExempt(() => new HttpResponse("hooked")),
  ),
  path(
    "shell/",
    ensureCsrfCookie(() => new HttpResponse("no form here")),
  ),
  path("rotate/", (request) => {
    rotateToken(request);
    return new HttpResponse("rotated");
  }),
];
const settings = { ROOT_URLCONF: urlpatterns, MIDDLEWARE: [CsrfViewMiddleware] };

async function clientWithToken(options = {}) {
  const client = clientFor(settings, options);
  const page = await client.get("/form/");
  return { client, token: page.text, cookie: page.headerAll("set-cookie")[0]! };
}

describe("CSRF tokens", () => {
  test("masked tokens carry the secret and differ each time", () => {
    const secret = newCsrfSecret();
    const a = maskCsrfSecret(secret);
    const b = maskCsrfSecret(secret);
    assert.equal(a.length, 64);
    assert.notEqual(a, b);
    assert.equal(unmaskCsrfToken(a), secret);
    assert.ok(tokenMatchesSecret(b, secret));
    assert.ok(tokenMatchesSecret(secret, secret));
    assert.ok(!tokenMatchesSecret(maskCsrfSecret(newCsrfSecret()), secret));
  });
});

describe("CsrfViewMiddleware", () => {
  test("getToken sets the csrftoken cookie (with Vary: Cookie)", async () => {
    const { cookie, token } = await clientWithToken();
    assert.match(
      cookie,
      /^csrftoken=[A-Za-z0-9]{32}; expires=.*; Max-Age=31449600; Path=\/; SameSite=Lax$/,
    );
    assert.equal(token.length, 64);
  });

  test("ensureCsrfCookie sets the cookie without a form; rotateToken replaces the secret", async () => {
    const client = clientFor(settings);
    const shell = await client.get("/shell/");
    assert.match(shell.headerAll("set-cookie")[0] ?? "", /^csrftoken=[A-Za-z0-9]{32};/);
    assert.equal(
      (await client.get("/vote/")).headerAll("set-cookie").length,
      0,
      "no cookie when unused",
    );
    const before = client.cookies.header(new URL("http://localhost/"));
    const rotated = await client.get("/rotate/");
    assert.match(rotated.headerAll("set-cookie")[0] ?? "", /^csrftoken=/);
    assert.notEqual(client.cookies.header(new URL("http://localhost/")), before);
  });

  test("a POST without a cookie or token is refused with 403 and Django's reason", async () => {
    const client = clientFor(settings);
    const noCookie = await client.post("/vote/", { form: { choice: "1" } });
    assert.equal(noCookie.status, 403);
    assert.match(noCookie.text, /CSRF verification failed. Request aborted./);
    assert.match(noCookie.text, /CSRF cookie not set./);

    const { client: withCookie } = await clientWithToken();
    const missing = await withCookie.post("/vote/", { form: { choice: "1" } });
    assert.equal(missing.status, 403);
    assert.match(missing.text, /CSRF token missing./);
    for (const method of ["put", "patch", "delete"] as const) {
      assert.equal((await withCookie[method]("/vote/")).status, 403, method);
    }
  });

  test("a POST with the cookie and the form field or the header passes", async () => {
    const { client, token } = await clientWithToken();
    const field = await client.post("/vote/", {
      form: { choice: "1", csrfmiddlewaretoken: token },
    });
    assert.equal(field.status, 200);
    assert.equal(field.text, "voted");
    const header = await client.post("/vote/", { json: {}, headers: { "X-CSRFToken": token } });
    assert.equal(header.status, 200);
  });

  test("a wrong or malformed token is refused with the reason", async () => {
    const { client } = await clientWithToken();
    const wrong = await client.post("/vote/", {
      form: { csrfmiddlewaretoken: maskCsrfSecret(newCsrfSecret()) },
    });
    assert.equal(wrong.status, 403);
    assert.match(wrong.text, /CSRF token from POST incorrect./);
    const short = await client.post("/vote/", { headers: { "X-CSRFToken": "abc" } });
    assert.match(
      short.text,
      /CSRF token from the &#x27;X-Csrftoken&#x27; HTTP header has incorrect length./,
    );
  });

  test("GET, HEAD and OPTIONS, exempt views and the test client's flag are not checked", async () => {
    const client = clientFor(settings);
    assert.equal((await client.get("/vote/")).status, 200);
    assert.equal((await client.options("/vote/")).status, 200);
    assert.equal((await client.post("/hook/")).status, 200);
    const flagged = await client.post("/vote/", {
      extraEnviron: { [DONT_ENFORCE_CSRF_CHECKS]: true },
    });
    assert.equal(flagged.status, 200);
  });

  test("Origin must match the host or CSRF_TRUSTED_ORIGINS", async () => {
    const { client, token } = await clientWithToken();
    const form = { csrfmiddlewaretoken: token };
    assert.equal(
      (await client.post("/vote/", { form, headers: { Origin: "http://localhost" } })).status,
      200,
    );
    const evil = await client.post("/vote/", { form, headers: { Origin: "http://evil.example" } });
    assert.equal(evil.status, 403);
    assert.match(
      evil.text,
      /Origin checking failed - http:\/\/evil.example does not match any trusted origins./,
    );
    const trusted = clientFor({ ...settings, CSRF_TRUSTED_ORIGINS: ["https://*.example.org"] });
    const page = await trusted.get("/form/");
    const allowed = await trusted.post("/vote/", {
      form: { csrfmiddlewaretoken: page.text },
      headers: { Origin: "https://app.example.org" },
    });
    assert.equal(allowed.status, 200);
  });

  test("over HTTPS without Origin, the Referer must be same-site HTTPS", async () => {
    const { client, token } = await clientWithToken({ baseUrl: "https://localhost/" });
    const form = { csrfmiddlewaretoken: token };
    assert.match(
      (await client.post("/vote/", { form })).text,
      /Referer checking failed - no Referer./,
    );
    const insecure = await client.post("/vote/", {
      form,
      headers: { Referer: "http://localhost/form/" },
    });
    assert.match(insecure.text, /Referer is insecure while host is secure/);
    const foreign = await client.post("/vote/", {
      form,
      headers: { Referer: "https://evil.example/" },
    });
    assert.match(
      foreign.text,
      /Referer checking failed - https:\/\/evil.example\/ does not match any trusted origins./,
    );
    const good = await client.post("/vote/", {
      form,
      headers: { Referer: "https://localhost/form/" },
    });
    assert.equal(good.status, 200);
  });
});
