import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gunzipSync, gzipSync } from "node:zlib";
import Fastify from "fastify";
import { isFileBody, validate } from "@tsgi/core";
import type { App, Body } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromFastify } from "@tsgi/fastify";
import { serve } from "@tsgi/server";
import { textApp } from "../_test/apps.ts";
import { staticFiles } from "./index.ts";

let base: string;
let root: string;
const css = "body { color: red; }\n".repeat(20);

before(async () => {
  base = await mkdtemp(join(tmpdir(), "tsgi-static-"));
  root = join(base, "public");
  await mkdir(join(root, "docs"), { recursive: true });
  await mkdir(join(root, "empty"));
  await writeFile(join(root, "app.css"), css);
  await writeFile(join(root, "app.css.gz"), gzipSync(css));
  await writeFile(join(root, "hello.txt"), "0123456789");
  await writeFile(join(root, "docs", "index.html"), "<h1>docs</h1>");
  await writeFile(join(root, ".env"), "SECRET=1");
  await writeFile(join(base, "outside.txt"), "secret");
  await symlink(join(base, "outside.txt"), join(root, "escape.txt"));
  const old = new Date("2020-01-01T00:00:00Z");
  await utimes(join(root, "hello.txt"), old, old);
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

const fallback = () => validate(textApp("from the app"));

test("serves a file with type, length, validators and cache headers", async () => {
  const client = createTestClient(staticFiles(fallback(), { root, maxAge: 60 }));
  const response = await client.get("/hello.txt");
  assert.equal(response.status, 200);
  assert.equal(response.text, "0123456789");
  assert.equal(response.header("content-type"), "text/plain; charset=utf-8");
  assert.equal(response.header("content-length"), "10");
  assert.equal(response.header("last-modified"), "Wed, 01 Jan 2020 00:00:00 GMT");
  assert.equal(response.header("cache-control"), "public, max-age=60");
  assert.equal(response.header("accept-ranges"), "bytes");
  assert.match(response.header("etag") ?? "", /^"[0-9a-f]+-[0-9a-f]+"$/);
});

test("304 for If-None-Match and If-Modified-Since, without a body", async () => {
  const client = createTestClient(staticFiles(fallback(), { root }));
  const first = await client.get("/hello.txt");
  const etag = first.header("etag")!;
  const byTag = await client.get("/hello.txt", { headers: { "If-None-Match": `"x", ${etag}` } });
  assert.equal(byTag.status, 304);
  assert.equal(byTag.header("etag"), etag);
  assert.equal(byTag.header("content-length"), undefined);
  const byDate = await client.get("/hello.txt", {
    headers: { "If-Modified-Since": "Thu, 02 Jan 2020 00:00:00 GMT" },
  });
  assert.equal(byDate.status, 304);
  const changed = await client.get("/hello.txt", { headers: { "If-None-Match": '"other"' } });
  assert.equal(changed.status, 200);
});

test("Range: 206 with Content-Range, suffix ranges, 416, If-Range", async () => {
  const client = createTestClient(staticFiles(fallback(), { root }));
  const part = await client.get("/hello.txt", { headers: { Range: "bytes=2-4" } });
  assert.equal(part.status, 206);
  assert.equal(part.text, "234");
  assert.equal(part.header("content-range"), "bytes 2-4/10");
  const suffix = await client.get("/hello.txt", { headers: { Range: "bytes=-3" } });
  assert.equal(suffix.text, "789");
  const open = await client.get("/hello.txt", { headers: { Range: "bytes=8-" } });
  assert.equal(open.text, "89");
  const bad = await client.get("/hello.txt", { headers: { Range: "bytes=20-30" } });
  assert.equal(bad.status, 416);
  assert.equal(bad.header("content-range"), "bytes */10");
  const etag = part.header("etag")!;
  const stale = await client.get("/hello.txt", {
    headers: { Range: "bytes=0-1", "If-Range": '"old"' },
  });
  assert.equal(stale.status, 200);
  assert.equal(stale.text, "0123456789");
  const fresh = await client.get("/hello.txt", {
    headers: { Range: "bytes=0-1", "If-Range": etag },
  });
  assert.equal(fresh.status, 206);
  assert.equal(fresh.text, "01");
});

test("precompressed .gz served when accepted, with Vary and its own ETag", async () => {
  const client = createTestClient(staticFiles(fallback(), { root }));
  const gz = await client.get("/app.css", { headers: { "Accept-Encoding": "gzip, br" } });
  assert.equal(gz.header("content-encoding"), "gzip");
  assert.equal(gz.header("content-type"), "text/css; charset=utf-8");
  assert.equal(gz.header("vary"), "Accept-Encoding");
  assert.equal(gunzipSync(gz.body).toString(), css);
  const plain = await client.get("/app.css");
  assert.equal(plain.text, css);
  assert.equal(plain.header("vary"), "Accept-Encoding");
  assert.notEqual(plain.header("etag"), gz.header("etag"));
});

test("unsafe paths: .., symlinks out of root, dotfiles, NUL", async () => {
  const client = createTestClient(staticFiles(fallback(), { root, fallthrough: false }));
  assert.equal((await client.get("/%2e%2e/outside.txt")).status, 403);
  assert.equal((await client.get("/docs/%2e%2e/%2e%2e/outside.txt")).status, 403);
  assert.equal((await client.get("/escape.txt")).status, 403);
  assert.equal((await client.get("/.env")).status, 404);
  assert.equal((await client.get("/hello.txt%00.png")).status, 403);
  assert.equal((await client.get("/missing.txt")).status, 404);
  assert.equal((await client.get("/hello.txt/")).status, 404);
});

test("directories: index file, redirect to the slash, fallthrough", async () => {
  const app = staticFiles(fallback(), { root, prefix: "/static" });
  const client = createTestClient(app, { baseUrl: "http://localhost/site" });
  const index = await client.get("/static/docs/");
  assert.equal(index.text, "<h1>docs</h1>");
  assert.equal(index.header("content-type"), "text/html; charset=utf-8");
  const redirect = await client.get("/static/docs?x=1");
  assert.equal(redirect.status, 301);
  assert.equal(redirect.header("location"), "/site/static/docs/?x=1");
  assert.equal((await client.get("/static/empty/")).text, "from the app");
  assert.equal((await client.get("/static/missing")).text, "from the app");
  assert.equal((await client.get("/hello.txt")).text, "from the app");
  assert.equal((await client.post("/static/hello.txt")).text, "from the app");
  const head = await client.head("/static/hello.txt");
  assert.equal(head.header("content-length"), "10");
  assert.equal(head.body.byteLength, 0);
});

test("the body is the server's tsgi.file_wrapper body, sent over a real socket", async () => {
  const bodies: Body[] = [];
  const spy =
    (inner: App): App =>
    async (environ, startResponse) => {
      const body = await inner(environ, startResponse);
      bodies.push(body);
      return body;
    };
  const handle = await serve(spy(validate(staticFiles(fallback(), { root }))), {
    server: "node",
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const whole = await fetch(`${handle.address.url}/hello.txt`);
    assert.equal(await whole.text(), "0123456789");
    const part = await fetch(`${handle.address.url}/hello.txt`, { headers: { Range: "bytes=5-" } });
    assert.equal(part.status, 206);
    assert.equal(await part.text(), "56789");
    assert.ok(isFileBody(bodies[0]));
    assert.equal(isFileBody(bodies[1]) && bodies[1].start, 5);
  } finally {
    await handle.close();
  }
});

test("in front of a Fastify app: files first, the rest to Fastify", async () => {
  const fastify = Fastify();
  fastify.get("/api", async () => ({ api: true }));
  const client = createTestClient(staticFiles(validate(fromFastify(fastify)), { root }));
  assert.equal((await client.get("/hello.txt")).text, "0123456789");
  assert.deepEqual((await client.get("/api")).json(), { api: true });
  await fastify.close();
});

test("bad options fail at construction with a code", () => {
  for (const options of [
    {},
    { root: join(base, "nope") },
    { root: join(root, "hello.txt") },
    { root, prefix: "static" },
    { root, index: "a/b" },
    { root, maxAge: -1 },
    { root, cacheControl: "x\r\ny" },
  ]) {
    assert.throws(() => staticFiles(textApp("x"), options as never), {
      code: "TSGI_E_MW_INVALID_OPTION",
    });
  }
});
