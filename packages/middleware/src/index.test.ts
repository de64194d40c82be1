// The whole stack at once, in front of a raw app and an Express app, in-process and over a
// real socket: the middleware must compose without breaking each other's contracts.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import express from "express";
import { compose, isFileBody, validate } from "@tsgi/core";
import type { App, Body } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { serve } from "@tsgi/server";
import { textApp } from "./_test/apps.ts";
import {
  compress,
  cors,
  dispatcher,
  errorPages,
  etag,
  logger,
  securityHeaders,
  staticFiles,
} from "./index.ts";

test("a full stack in front of raw and Express apps", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tsgi-stack-"));
  try {
    await writeFile(join(dir, "site.css"), "a { color: blue; }\n".repeat(100));
    await writeFile(join(dir, "logo.png"), new Uint8Array(5000).fill(7));
    const shop = express();
    shop.get("/", (req, res) => res.redirect(`${req.baseUrl}/list`));
    shop.get("/list", (_req, res) => res.type("text").send("item ".repeat(500)));
    const site = dispatcher(validate(textApp("home")), {
      mounts: { "/shop": validate(fromExpress(shop)) },
    });
    const lines: string[] = [];
    const app: App = compose(
      site,
      (inner) => logger(inner, { sink: (line) => lines.push(line), format: '"%(r)s" %(s)s' }),
      (inner) => errorPages(inner),
      (inner) => securityHeaders(inner),
      (inner) => cors(inner),
      (inner) => compress(inner),
      (inner) => etag(inner),
      (inner) => staticFiles(inner, { root: dir, prefix: "/static" }),
    );

    const client = createTestClient(app);
    const css = await client.get("/static/site.css", { headers: { "Accept-Encoding": "gzip" } });
    assert.equal(css.header("content-encoding"), "gzip");
    assert.equal(gunzipSync(css.body).toString(), "a { color: blue; }\n".repeat(100));
    assert.equal(css.header("x-content-type-options"), "nosniff");
    assert.equal(css.header("access-control-allow-origin"), "*");

    // What the server gets for an image: still a file body, so it can use sendfile.
    const bodies: Body[] = [];
    const spied: App = async (environ, startResponse) => {
      const body = await app(environ, startResponse);
      bodies.push(body);
      return body;
    };
    const handle = await serve(validate(spied), { server: "node", host: "127.0.0.1", port: 0 });
    try {
      const redirect = await fetch(`${handle.address.url}/shop/`, { redirect: "manual" });
      assert.equal(redirect.headers.get("location"), "/shop/list");
      await redirect.arrayBuffer();
      const list = await fetch(`${handle.address.url}/shop/list`, {
        headers: { "Accept-Encoding": "br" },
      });
      assert.equal(list.headers.get("content-encoding"), "br");
      assert.equal(await list.text(), "item ".repeat(500));
      const logo = await fetch(`${handle.address.url}/static/logo.png`);
      assert.equal(logo.headers.get("content-type"), "image/png");
      assert.deepEqual(new Uint8Array(await logo.arrayBuffer()), new Uint8Array(5000).fill(7));
      assert.ok(isFileBody(bodies[2]));
      const home = await fetch(`${handle.address.url}/`);
      assert.equal(await home.text(), "home");
    } finally {
      await handle.close();
    }
    assert.deepEqual(lines, [
      '"GET /static/site.css HTTP/1.1" 200',
      '"GET /shop/ HTTP/1.1" 302',
      '"GET /shop/list HTTP/1.1" 200',
      '"GET /static/logo.png HTTP/1.1" 200',
      '"GET / HTTP/1.1" 200',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
