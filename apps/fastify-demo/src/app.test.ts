// The Fastify demo in process: fromFastify turns it into a TSGI app and the test client calls
// it with no socket. differential.test.ts covers the same routes over real sockets.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { createTestClient } from "@tsgi/core/testing";
import { fromFastify } from "@tsgi/fastify";
import { buildApp } from "./app.ts";

const client = () => createTestClient(fromFastify(buildApp({ streamDelayMs: 1 })));

describe("fastify-demo through fromFastify", () => {
  it("GET / is an HTML page that escapes the visitor's name", async () => {
    const response = await client().get("/", { query: { name: "<Zoë>" } });
    assert.equal(response.status, 200);
    assert.match(response.header("content-type") ?? "", /^text\/html/);
    assert.match(response.text, /Hello, &#60;Zoë&#62;/);
  });

  it("the todo API lists, creates, validates by schema, gets, 404s and deletes", async () => {
    const api = client();
    assert.equal((await api.get("/api/todos")).json<unknown[]>().length, 1);
    const created = await api.post("/api/todos", { json: { title: "Write tests" } });
    assert.equal(created.status, 201);
    assert.equal(created.header("location"), "/api/todos/2");
    assert.deepEqual(created.json(), { id: 2, title: "Write tests", done: false });
    const invalid = await api.post("/api/todos", { json: { title: "" } });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json<{ code: string }>().code, "FST_ERR_VALIDATION");
    assert.equal((await api.get("/api/todos/2")).json<{ title: string }>().title, "Write tests");
    assert.equal((await api.get("/api/todos/99")).status, 404);
    assert.equal((await api.get("/api/todos/abc")).status, 400);
    assert.equal((await api.delete("/api/todos/2")).status, 204);
    assert.equal((await api.get("/api/todos/2")).status, 404);
  });

  it("serves static files with ranges and conditional GET", async () => {
    const api = client();
    const css = await api.get("/static/style.css");
    assert.equal(css.status, 200);
    assert.match(css.header("content-type") ?? "", /^text\/css/);
    const range = await api.get("/static/hello.txt", { headers: { Range: "bytes=0-4" } });
    assert.equal(range.status, 206);
    assert.equal(range.text, "Hello");
    const etag = (await api.get("/static/hello.txt")).header("etag") ?? "";
    const notModified = await api.get("/static/hello.txt", { headers: { "If-None-Match": etag } });
    assert.equal(notModified.status, 304);
  });

  it("hashes an upload through @fastify/multipart as it streams in", async () => {
    const data = new Uint8Array(300_000).map((_, index) => index % 251);
    const boundary = "b0undary";
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.bin"\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await client().post("/upload", {
      body,
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), {
      name: "d.bin",
      // The part names no Content-Type, and multipart's default is text/plain (RFC 7578 §4.4).
      type: "text/plain",
      size: data.byteLength,
      sha256: createHash("sha256").update(data).digest("hex"),
      fields: { note: "hi" },
    });
  });

  it("/visit counts in a cookie and sends two Set-Cookie headers", async () => {
    const api = client();
    const first = await api.get("/visit");
    assert.equal(first.text, "visit number 1\n");
    assert.equal(first.headerAll("set-cookie").length, 2);
    assert.equal((await api.get("/visit")).text, "visit number 2\n");
  });

  it("/boom is Fastify's own 500 JSON, /old and /go-home redirect, /stream streams", async () => {
    const api = client();
    const boom = await api.get("/boom");
    assert.equal(boom.status, 500);
    assert.deepEqual(boom.json(), {
      statusCode: 500,
      error: "Internal Server Error",
      message: "boom",
    });
    const moved = await api.get("/old");
    assert.equal(moved.status, 301);
    assert.equal(moved.header("location"), "/");
    assert.equal((await api.get("/go-home")).status, 302);
    const stream = await api.get("/stream");
    assert.equal(stream.text, [1, 2, 3, 4, 5].map((line) => `line ${line} of 5\n`).join(""));
  });

  it("GET /health answers JSON", async () => {
    assert.deepEqual((await client().get("/health")).json(), { app: "fastify-demo", ok: true });
  });

  it("built with a prefix, routes, links, redirects and cookies live under it", async () => {
    const mounted = createTestClient(fromFastify(buildApp({ prefix: "/fastify" })), {
      extraEnviron: { SCRIPT_NAME: "/fastify" },
    });
    const home = await mounted.get("/");
    assert.equal(home.status, 200);
    assert.match(home.text, /href="\/fastify\/api\/todos"/);
    assert.match(home.text, /action="\/fastify\/upload"/);
    assert.equal((await mounted.get("/old")).header("location"), "/fastify/");
    const created = await mounted.post("/api/todos", { json: { title: "mounted" } });
    assert.equal(created.header("location"), "/fastify/api/todos/2");
    assert.equal((await mounted.get("/static/hello.txt")).status, 200);
    const visit = await mounted.get("/visit");
    const cookies = visit.headers.filter(([name]) => name.toLowerCase() === "set-cookie");
    assert.equal(cookies.length, 2);
    for (const [, value] of cookies) assert.match(value, /Path=\/fastify;/);
  });
});
