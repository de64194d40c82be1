import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestClient } from "@tsgi/core/testing";
import type { App } from "@tsgi/core";
import { clientFor } from "../core/_test-helpers.ts";
import { path } from "../urls/conf.ts";
import { parseCookie, serializeCookie } from "./cookies.ts";
import { FileResponse } from "./file-response.ts";
import { HttpResponse } from "./response.ts";
import {
  DisallowedRedirect,
  HttpResponseNotAllowed,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
  JsonResponse,
} from "./response-types.ts";
import { StreamingHttpResponse } from "./streaming.ts";

describe("HttpResponse", () => {
  test("content, charset, status and headers", () => {
    const response = new HttpResponse("héllo", { status: 201, headers: { "X-A": "1" } });
    assert.equal(response.statusLine, "201 Created");
    assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(response.content.byteLength, 6);
    response.write(" world");
    assert.equal(response.text, "héllo world");
    const latin = new HttpResponse("é", { charset: "iso-8859-1" });
    assert.deepEqual([...latin.content], [0xe9]);
    assert.throws(() => new HttpResponse("", { status: 99 }), /100 to 599/);
    assert.throws(() => response.headers.set("X-Bad", "a\r\nInjected: 1"), /newline/);
  });

  test("every cookie is its own Set-Cookie header", () => {
    const response = new HttpResponse("");
    response.setCookie("a", "1", { maxAge: 60, httpOnly: true, sameSite: "Lax" });
    response.setCookie("b", "two words");
    response.deleteCookie("c");
    const cookies = response
      .headerList()
      .filter(([name]) => name === "Set-Cookie")
      .map(([, value]) => value);
    assert.equal(cookies.length, 3);
    assert.match(cookies[0]!, /^a=1; expires=.*; Max-Age=60; HttpOnly; Path=\/; SameSite=Lax$/);
    assert.equal(cookies[1], 'b="two words"; Path=/');
    assert.match(cookies[2]!, /^c=; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=\/$/);
    assert.deepEqual(parseCookie('b="two words"; a=1'), { b: "two words", a: "1" });
    assert.equal(serializeCookie({ name: "x", value: "é" }), 'x="\\303\\251"');
  });

  test("JSON, redirects and 405", () => {
    assert.equal(new JsonResponse({ a: 1n }).text, '{"a":"1"}');
    assert.throws(() => new JsonResponse([1]), /safe option/);
    assert.equal(new JsonResponse([1], { safe: false }).text, "[1]");
    const found = new HttpResponseRedirect("/polls/é/?a=1");
    assert.equal(found.status, 302);
    assert.equal(found.url, "/polls/%C3%A9/?a=1");
    // Existing escapes are kept, never escaped twice (a `next` parameter carrying a URL).
    const withNext = new HttpResponseRedirect("/login/?next=/x/%3Fa%3D1 b");
    assert.equal(withNext.url, "/login/?next=/x/%3Fa%3D1%20b");
    assert.equal(new HttpResponsePermanentRedirect("https://example.org/").status, 301);
    assert.throws(() => new HttpResponseRedirect("javascript:alert(1)"), DisallowedRedirect);
    const notAllowed = new HttpResponseNotAllowed(["get", "post"]);
    assert.equal(notAllowed.status, 405);
    assert.equal(notAllowed.headers.get("Allow"), "GET, POST");
  });
});

describe("responses through the application", () => {
  let dir: string;
  let filePath: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "django-file-response-"));
    filePath = join(dir, "report.txt");
    await writeFile(filePath, "report body\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("repeated Set-Cookie survive to startResponse", async () => {
    const client = clientFor({
      ROOT_URLCONF: [
        path("", () => {
          const response = new HttpResponse("ok");
          response.setCookie("a", "1");
          response.setCookie("b", "2");
          return response;
        }),
      ],
    });
    const response = await client.get("/");
    assert.deepEqual(response.headerAll("set-cookie"), ["a=1; Path=/", "b=2; Path=/"]);
    assert.equal(response.header("content-length"), "2");
  });

  test("a streaming response streams and closes its generator; HEAD sends no body", async () => {
    let closed = 0;
    async function* rows() {
      try {
        yield "one\n";
        yield new TextEncoder().encode("two\n");
      } finally {
        closed += 1;
      }
    }
    const client = clientFor({
      ROOT_URLCONF: [
        path("", () => new StreamingHttpResponse(rows(), { contentType: "text/plain" })),
      ],
    });
    const response = await client.get("/");
    assert.equal(response.text, "one\ntwo\n");
    assert.equal(response.header("content-length"), undefined);
    assert.equal(closed, 1);
    const head = await client.head("/");
    assert.equal(head.status, 200);
    assert.equal(head.body.byteLength, 0);
  });

  test("a FileResponse sends the file with type, length and disposition, via file_wrapper", async () => {
    const client = clientFor({
      ROOT_URLCONF: [path("", () => new FileResponse(filePath, { asAttachment: true }))],
    });
    const response = await client.get("/");
    assert.equal(response.text, "report body\n");
    assert.equal(response.header("content-type"), "text/plain; charset=utf-8");
    assert.equal(response.header("content-length"), "12");
    assert.equal(response.header("content-disposition"), 'attachment; filename="report.txt"');

    let wrapped = false;
    const app: App = clientApp(filePath);
    const withWrapper = createTestClient(app, {
      extraEnviron: {
        "tsgi.file_wrapper": (file: string) => {
          wrapped = true;
          return fileBody(file);
        },
      },
    });
    assert.equal((await withWrapper.get("/")).text, "report body\n");
    assert.equal(wrapped, true);
  });

  test("a missing file is a 500, not a crash", async () => {
    const client = clientFor({
      ROOT_URLCONF: [path("", () => new FileResponse(join(dir, "missing.txt")))],
    });
    const response = await client.get("/");
    assert.equal(response.status, 500);
  });
});

import { fileWrapper } from "@tsgi/core";
import { getTsgiApplication } from "../handlers/tsgi.ts";
import { testSettings } from "../core/_test-helpers.ts";

function clientApp(file: string): App {
  return getTsgiApplication({
    settings: testSettings({ ROOT_URLCONF: [path("", () => new FileResponse(file))] }),
  });
}

function fileBody(file: string) {
  return fileWrapper(file);
}
