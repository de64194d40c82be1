import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createInputStream } from "@tsgi/core";
import { buildTestEnviron } from "@tsgi/core/testing";
import { Flask } from "../app/flask.ts";
import { request } from "../ctx/globals.ts";
import { Request } from "./request.ts";

function makeApp(config: Record<string, unknown> = {}) {
  const app = new Flask(import.meta.url, { staticFolder: null });
  app.config.fromObject(config);
  app.route("/form", { methods: ["POST"] }, function form() {
    return { get: request.form.get("missing") ?? null, title: request.form["title"] };
  });
  app.route("/upload", { methods: ["POST"] }, function upload() {
    const file = request.files.require("doc");
    return {
      name: file.name,
      filename: file.filename,
      type: file.mimetype,
      size: file.size,
      text: file.text(),
      title: request.form.get("title") ?? null,
      many: request.files.getAll("many").map((item) => item.filename),
    };
  });
  app.route("/json", { methods: ["POST"] }, function json() {
    return { value: request.json as unknown };
  });
  app.route("/silent", { methods: ["POST"] }, function silent() {
    return { value: request.getJson({ silent: true }) ?? "nothing" };
  });
  app.route("/raw", { methods: ["POST", "PUT"] }, function raw() {
    return `${request.data.byteLength} bytes of ${request.mimetype}`;
  });
  app.route("/binary", { methods: ["PUT"] }, async function binary() {
    return `${(await request.getData()).byteLength} binary bytes`;
  });
  return app;
}

describe("request data", () => {
  test("form: get returns undefined, indexing a missing key is a 400 naming it", async () => {
    const client = makeApp().testClient();
    const ok = await client.post("/form", { data: { title: "Hello" } });
    assert.deepEqual(ok.json(), { get: null, title: "Hello" });
    const missing = await client.post("/form", { data: { body: "x" } });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /the key &#34;title&#34; is missing/);
  });

  test("multipart: fields and files, several files per field", async () => {
    const response = await makeApp()
      .testClient()
      .post("/upload", {
        data: {
          title: "Report",
          doc: { content: "hello file", filename: "notes.txt", contentType: "text/plain" },
          many: [
            { content: "1", filename: "a.bin" },
            { content: "2", filename: "b.bin" },
          ],
        },
      });
    assert.deepEqual(response.json(), {
      name: "doc",
      filename: "notes.txt",
      type: "text/plain",
      size: 10,
      text: "hello file",
      title: "Report",
      many: ["a.bin", "b.bin"],
    });
  });

  test("multipart: a missing file field is a 400; a malformed body is a 400", async () => {
    const client = makeApp().testClient();
    const missing = await client.post("/upload", {
      data: { title: "x", other: { content: "1", filename: "x" } },
    });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /doc/);
    const malformed = await client.post("/upload", {
      data: '--b\r\nContent-Disposition: form-data; name="doc"; filename="x"\r\n\r\nunterminated',
      contentType: "multipart/form-data; boundary=b",
    });
    assert.equal(malformed.status, 400);
    const noBoundary = await client.post("/upload", {
      data: "x",
      contentType: "multipart/form-data",
    });
    assert.equal(noBoundary.status, 400);
    assert.match(noBoundary.text, /multipart body cannot be parsed/);
  });

  test("a body stream that fails is a 400, not a crash", async () => {
    const app = makeApp();
    const environ = buildTestEnviron("POST", "/form", { form: { title: "x" } });
    environ["tsgi.input"] = createInputStream(
      (async function* () {
        yield new TextEncoder().encode("title=");
        throw new Error("connection reset");
      })(),
    );
    let status = "";
    const body = await app.tsgiApp(environ, (line) => {
      status = line;
      return async () => {};
    });
    let text = "";
    for await (const chunk of body) text += new TextDecoder().decode(chunk);
    assert.equal(status, "400 Bad Request");
    assert.match(text, /connection reset/);
  });

  test("MAX_CONTENT_LENGTH: a declared length over the limit → 413 before reading", async () => {
    const app = makeApp({ MAX_CONTENT_LENGTH: 16 });
    const environ = buildTestEnviron("POST", "/raw", { body: "x".repeat(17) });
    let reads = 0;
    const input = environ["tsgi.input"];
    environ["tsgi.input"] = Object.assign(Object.create(input) as typeof input, {
      [Symbol.asyncIterator]: () => {
        reads++;
        return input[Symbol.asyncIterator]();
      },
      read: (size?: number) => {
        reads++;
        return input.read(size);
      },
    });
    let status = "";
    await app.tsgiApp(environ, (line) => {
      status = line;
      return async () => {};
    });
    assert.equal(status, "413 Request Entity Too Large");
    assert.equal(reads, 0);
    const client = app.testClient();
    const response = await client.post("/raw", { data: "x".repeat(17) });
    assert.equal(response.status, 413);
    assert.match(response.text, /Request Entity Too Large/);
    assert.equal(
      (await client.post("/raw", { data: "x".repeat(16) })).text,
      "16 bytes of text/plain",
    );
  });

  test("MAX_CONTENT_LENGTH: a chunked body is cut off with 413 while streaming", async () => {
    const app = makeApp({ MAX_CONTENT_LENGTH: 10 });
    const environ = buildTestEnviron("PUT", "/binary", { contentType: "application/octet-stream" });
    delete environ.CONTENT_LENGTH;
    let chunksRead = 0;
    const chunks = (function* () {
      for (let index = 0; index < 100; index++) {
        chunksRead++;
        yield new Uint8Array(4);
      }
    })();
    environ["tsgi.input"] = createInputStream(chunks);
    let status = "";
    const body = await app.tsgiApp(environ, (line) => {
      status = line;
      return async () => {};
    });
    for await (const _chunk of body) void _chunk;
    assert.equal(status, "413 Request Entity Too Large");
    assert.ok(chunksRead < 10, `read ${chunksRead} chunks`);
  });

  test("multipart files over MAX_CONTENT_LENGTH → 413; too many parts → 413", async () => {
    const big = makeApp({ MAX_CONTENT_LENGTH: 100 }).testClient();
    const response = await big.post("/upload", {
      data: { doc: { content: "x".repeat(500), filename: "big.bin" } },
    });
    assert.equal(response.status, 413);
    const parts = makeApp({ MAX_FORM_PARTS: 2 }).testClient();
    const many = await parts.post("/upload", {
      data: { a: "1", b: "2", c: "3", doc: { content: "x", filename: "x" } },
    });
    assert.equal(many.status, 413);
    const fields = makeApp({ MAX_FORM_MEMORY_SIZE: 5 }).testClient();
    assert.equal((await fields.post("/form", { data: { title: "far too long" } })).status, 413);
  });

  test("JSON: parsed, bad JSON → 400 with the reason, wrong type → 415, silent", async () => {
    const client = makeApp().testClient();
    assert.deepEqual((await client.post("/json", { json: { a: [1] } })).json(), {
      value: { a: [1] },
    });
    const bad = await client.post("/json", { data: "{nope", contentType: "application/json" });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /failed to decode JSON object/);
    const wrongType = await client.post("/json", { data: { a: "1" } });
    assert.equal(wrongType.status, 415);
    assert.deepEqual(
      (await client.post("/silent", { data: "{nope", contentType: "application/json" })).json(),
      {
        value: "nothing",
      },
    );
    const vendor = await client.post("/json", {
      data: "[1]",
      contentType: "application/vnd.api+json",
    });
    assert.deepEqual(vendor.json(), { value: [1] });
  });
});

describe("request attributes", () => {
  test("URL parts, args, cookies, headers, remote address", async () => {
    const environ = buildTestEnviron("GET", "/caf%C3%A9?a=1&a=2&b=%C3%BC", {
      baseUrl: "https://example.org:8443/shop",
      headers: { Cookie: 'sid=abc; theme="dark"', "User-Agent": "test-agent", "X-Thing": "1" },
    });
    const request = new Request(environ);
    assert.equal(request.method, "GET");
    assert.equal(request.scheme, "https");
    assert.equal(request.isSecure, true);
    assert.equal(request.host, "example.org:8443");
    assert.equal(request.path, "/café");
    assert.equal(request.scriptRoot, "/shop");
    assert.equal(request.fullPath, "/café?a=1&a=2&b=%C3%BC");
    assert.equal(request.url, "https://example.org:8443/shop/caf%C3%A9?a=1&a=2&b=%C3%BC");
    assert.equal(request.baseUrl, "https://example.org:8443/shop/caf%C3%A9");
    assert.equal(request.urlRoot, "https://example.org:8443/shop/");
    assert.equal(request.hostUrl, "https://example.org:8443/");
    assert.deepEqual(request.args.getAll("a"), ["1", "2"]);
    assert.equal(request.args["b"], "ü");
    assert.equal(request.args.get("a", undefined, Number), 1);
    assert.equal(request.args.get("b", 0, Number), 0);
    assert.throws(() => request.args["zzz"], { name: "BadRequestKeyError", key: "zzz" });
    assert.equal(request.cookies.get("sid"), "abc");
    assert.equal(request.cookies.get("theme"), "dark");
    assert.equal(request.headers.get("user-agent"), "test-agent");
    assert.equal(request.userAgent, "test-agent");
    assert.equal(request.headers.get("x-missing", "none"), "none");
    assert.equal(request.remoteAddr, "127.0.0.1");
  });

  test("data before loading is a clear error; getData reads it", async () => {
    const environ = buildTestEnviron("POST", "/", { body: "raw text" });
    const request = new Request(environ);
    assert.throws(() => request.data, { code: "FLASK_E_BODY_NOT_LOADED" });
    assert.equal(new TextDecoder().decode(await request.getData()), "raw text");
    assert.equal(request.data.byteLength, 8);
  });
});

test("binary bodies are left for the view: request.stream or getData", async () => {
  const app = makeApp();
  app.route("/stream", { methods: ["PUT"] }, async function stream() {
    let total = 0;
    for await (const chunk of request.stream) total += chunk.byteLength;
    return `${total} streamed`;
  });
  const client = app.testClient();
  const bytes = new Uint8Array(3000);
  const streamed = await client.put("/stream", {
    data: bytes,
    contentType: "application/octet-stream",
  });
  assert.equal(streamed.text, "3000 streamed");
  const read = await client.put("/binary", { data: bytes, contentType: "image/png" });
  assert.equal(read.text, "3000 binary bytes");
});
