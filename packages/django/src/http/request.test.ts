import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildTestEnviron, type TestEnvironOptions } from "@tsgi/core/testing";
import {
  BadRequest,
  DisallowedHost,
  RequestDataTooBig,
  TooManyFieldsSent,
  TooManyFilesSent,
} from "../core/exceptions.ts";
import { testSettings } from "../core/_test-helpers.ts";
import type { SettingsInput } from "../conf/settings.ts";
import { HttpRequest } from "./request.ts";

function makeRequest(
  method: string,
  path: string,
  options: TestEnvironOptions = {},
  settings: SettingsInput = {},
) {
  return new HttpRequest(buildTestEnviron(method, path, options), testSettings(settings));
}

function multipart(
  parts: { name: string; filename?: string; type?: string; value: string }[],
  boundary = "XyZ",
) {
  let body = "";
  for (const part of parts) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) body += `; filename="${part.filename}"`;
    body += "\r\n";
    if (part.type !== undefined) body += `Content-Type: ${part.type}\r\n`;
    body += `\r\n${part.value}\r\n`;
  }
  return {
    body: body + `--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe("HttpRequest", () => {
  test("reads method, paths, GET, cookies and headers from the environ", () => {
    const request = makeRequest("get", "/polls/?page=2&tag=a&tag=b", {
      baseUrl: "http://localhost/app",
      headers: { "X-Custom-Header": "yes", Cookie: "sessionid=abc; theme=dark" },
    });
    assert.equal(request.method, "GET");
    assert.equal(request.path, "/app/polls/");
    assert.equal(request.pathInfo, "/polls/");
    assert.deepEqual(request.GET.getList("tag"), ["a", "b"]);
    assert.equal(request.COOKIES.theme, "dark");
    assert.equal(request.headers.get("x-custom-header"), "yes");
    assert.equal(request.headers.get("X_CUSTOM_HEADER"), "yes");
    assert.equal(request.getFullPath(), "/app/polls/?page=2&tag=a&tag=b");
    assert.equal(request.buildAbsoluteUri("../x/"), "http://localhost/app/x/");
    assert.equal(request.scheme, "http");
  });

  test("validates the Host against ALLOWED_HOSTS", () => {
    assert.equal(
      makeRequest("GET", "/", { headers: { Host: "localhost:8000" } }).getHost(),
      "localhost:8000",
    );
    assert.throws(
      () => makeRequest("GET", "/", { headers: { Host: "evil.example" } }).getHost(),
      DisallowedHost,
    );
    assert.throws(
      () => makeRequest("GET", "/", { headers: { Host: "bad host" } }).getHost(),
      /RFC 1034/,
    );
    const wildcard = makeRequest(
      "GET",
      "/",
      { headers: { Host: "a.example.org" } },
      { ALLOWED_HOSTS: [".example.org"] },
    );
    assert.equal(wildcard.getHost(), "a.example.org");
    // DEBUG with an empty list allows localhost names only, as Django does.
    const debug = { DEBUG: true, ALLOWED_HOSTS: [] };
    assert.equal(
      makeRequest("GET", "/", { headers: { Host: "app.localhost" } }, debug).getHost(),
      "app.localhost",
    );
    assert.throws(
      () => makeRequest("GET", "/", { headers: { Host: "example.org" } }, debug).getHost(),
      DisallowedHost,
    );
  });

  test("honours SECURE_PROXY_SSL_HEADER", () => {
    const request = makeRequest(
      "GET",
      "/",
      { headers: { "X-Forwarded-Proto": "https" } },
      {
        SECURE_PROXY_SSL_HEADER: ["HTTP_X_FORWARDED_PROTO", "https"],
      },
    );
    assert.equal(request.isSecure(), true);
  });

  test("parses urlencoded forms into POST", async () => {
    const request = makeRequest("POST", "/", { form: { choice: ["1", "2"], name: "Zoë" } });
    await request.loadBody();
    assert.deepEqual(request.POST.getList("choice"), ["1", "2"]);
    assert.equal(request.POST.get("name"), "Zoë");
    assert.equal(request.FILES.size, 0);
  });

  test("reads a JSON body; bad JSON is a BadRequest", async () => {
    const request = makeRequest("POST", "/", { json: { choice: 3 } });
    await request.loadBody();
    assert.deepEqual(request.json(), { choice: 3 });
    assert.equal(request.POST.size, 0);
    const bad = makeRequest("POST", "/", { body: "{nope", contentType: "application/json" });
    await bad.loadBody();
    assert.throws(() => bad.json(), BadRequest);
  });

  test("parses multipart fields and files", async () => {
    const { body, contentType } = multipart([
      { name: "title", value: "Hello" },
      { name: "upload", filename: "C:\\docs\\notes.txt", type: "text/plain", value: "file body" },
    ]);
    const request = makeRequest("POST", "/", { body, contentType });
    await request.loadBody();
    assert.equal(request.POST.get("title"), "Hello");
    const file = request.FILES.get("upload");
    assert.equal(file?.name, "notes.txt");
    assert.equal(file?.contentType, "text/plain");
    assert.equal(file?.text(), "file body");
    assert.throws(() => request.body, /not kept for multipart/);
  });

  test("refuses malformed or oversized bodies with 400-class errors", async () => {
    const noBoundary = makeRequest("POST", "/", { body: "x", contentType: "multipart/form-data" });
    await assert.rejects(noBoundary.loadBody(), BadRequest);
    const truncated = makeRequest("POST", "/", {
      body: '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nabc',
      contentType: "multipart/form-data; boundary=XyZ",
    });
    await assert.rejects(truncated.loadBody(), BadRequest);
    const big = makeRequest(
      "POST",
      "/",
      { body: "a".repeat(100) },
      { DATA_UPLOAD_MAX_MEMORY_SIZE: 10 },
    );
    await assert.rejects(big.loadBody(), RequestDataTooBig);
    const many = makeRequest(
      "POST",
      "/",
      { form: { a: "1", b: "2", c: "3" } },
      { DATA_UPLOAD_MAX_NUMBER_FIELDS: 2 },
    );
    await assert.rejects(many.loadBody(), TooManyFieldsSent);
    const files = multipart([
      { name: "a", filename: "a.txt", value: "1" },
      { name: "b", filename: "b.txt", value: "2" },
    ]);
    const tooManyFiles = makeRequest("POST", "/", files, { DATA_UPLOAD_MAX_NUMBER_FILES: 1 });
    await assert.rejects(tooManyFiles.loadBody(), TooManyFilesSent);
    const bigFile = multipart([{ name: "a", filename: "a.txt", value: "x".repeat(50) }]);
    const tooBigFile = makeRequest("POST", "/", bigFile, { FILE_UPLOAD_MAX_SIZE: 10 });
    await assert.rejects(tooBigFile.loadBody(), RequestDataTooBig);
  });

  test("body, POST and FILES need loadBody first", () => {
    const request = makeRequest("POST", "/", { form: { a: "1" } });
    assert.throws(() => request.POST, /loadBody/);
  });

  test("session and user say which middleware is missing", () => {
    const request = makeRequest("GET", "/");
    assert.throws(() => request.session, /SessionMiddleware/);
    assert.throws(() => request.user, /AuthenticationMiddleware/);
  });
});
