import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import express from "express";
import { fileWrapper, isFileBody, validate } from "@tsgi/core";
import type { App, Body } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { streamingApp, textApp, tracker } from "../_test/apps.ts";
import { etag } from "./index.ts";

test("tags an Array body and answers If-None-Match with 304", async () => {
  const client = createTestClient(
    etag(validate(textApp("hello", [["Cache-Control", "max-age=60"]]))),
  );
  const first = await client.get("/");
  const tag = first.header("etag")!;
  assert.match(tag, /^"5-[A-Za-z0-9_-]+"$/);
  assert.equal((await client.get("/")).header("etag"), tag);
  const again = await client.get("/", { headers: { "If-None-Match": `W/${tag}` } });
  assert.equal(again.status, 304);
  assert.equal(again.header("etag"), tag);
  assert.equal(again.header("cache-control"), "max-age=60");
  assert.equal(again.header("content-length"), undefined);
  assert.equal(again.body.byteLength, 0);
  const other = await client.get("/", { headers: { "If-None-Match": '"nope"' } });
  assert.equal(other.status, 200);
  assert.equal(other.text, "hello");
});

test("different bodies get different tags; weak option; POST untouched", async () => {
  const a = await createTestClient(etag(textApp("a"))).get("/");
  const b = await createTestClient(etag(textApp("b"))).get("/");
  assert.notEqual(a.header("etag"), b.header("etag"));
  const weak = await createTestClient(etag(textApp("a"), { weak: true })).get("/");
  assert.equal(weak.header("etag"), `W/${a.header("etag")}`);
  const post = await createTestClient(etag(validate(textApp("a")))).post("/");
  assert.equal(post.header("etag"), undefined);
});

test("a streamed body is not buffered; the app's own ETag still gives 304 and closes it", async () => {
  const closes = tracker();
  const app = etag(validate(streamingApp(["a", "b"], closes)));
  const streamed = await createTestClient(app).get("/");
  assert.equal(streamed.header("etag"), undefined);
  assert.equal(streamed.text, "ab");
  const own = tracker();
  const tagged = etag(
    validate(
      streamingApp(["a"], own, [
        ["Content-Type", "text/plain"],
        ["ETag", '"v2"'],
      ]),
    ),
  );
  const response = await createTestClient(tagged).get("/", {
    headers: { "If-None-Match": '"v2"' },
  });
  assert.equal(response.status, 304);
  assert.equal(own.pulled, 0);
  assert.equal(own.closed, 1);
});

test("a file body keeps its brand and gets a stat-based tag", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tsgi-etag-"));
  try {
    const path = join(dir, "f.txt");
    await writeFile(path, "file body");
    const bodies: Body[] = [];
    const fileApp: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return fileWrapper(path);
    };
    const spy =
      (inner: App): App =>
      async (environ, startResponse) => {
        const body = await inner(environ, startResponse);
        bodies.push(body);
        return body;
      };
    const client = createTestClient(spy(etag(fileApp)));
    const response = await client.get("/");
    assert.equal(response.text, "file body");
    assert.ok(isFileBody(bodies[0]));
    const tag = response.header("etag")!;
    assert.match(tag, /^"9-/);
    assert.equal((await client.get("/", { headers: { "If-None-Match": tag } })).status, 304);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("in front of an Express app with its own ETags turned off", async () => {
  const inner = express();
  inner.set("etag", false);
  inner.get("/", (_req, res) => res.send("express body"));
  const client = createTestClient(etag(validate(fromExpress(inner))));
  const first = await client.get("/");
  const tag = first.header("etag")!;
  assert.match(tag, /^"c-/); // ours: 12 bytes
  const again = await client.get("/", { headers: { "If-None-Match": tag } });
  assert.equal(again.status, 304);
});

test("bad options fail at construction with a code", () => {
  assert.throws(() => etag(textApp("x"), { weak: 1 as never }), {
    code: "TSGI_E_MW_INVALID_OPTION",
  });
});
