import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import Fastify from "fastify";
import { applicationUri, validate } from "@tsgi/core";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { fromFastify } from "@tsgi/fastify";
import { serve } from "@tsgi/server";
import { echoPathsApp, textApp } from "../_test/apps.ts";
import { dispatcher } from "./index.ts";

const site = () =>
  dispatcher(validate(textApp("root")), {
    mounts: {
      "/blog": validate(echoPathsApp),
      "/api/v1": validate(echoPathsApp),
      "/api": validate(textApp("api root")),
    },
  });

test("moves the matched prefix from PATH_INFO to SCRIPT_NAME", async () => {
  const client = createTestClient(site());
  assert.deepEqual((await client.get("/blog/posts/1")).json(), {
    method: "GET",
    scriptName: "/blog",
    pathInfo: "/posts/1",
    target: "/blog/posts/1",
  });
  const bare = (await client.get("/blog")).json() as { scriptName: string; pathInfo: string };
  assert.equal(bare.scriptName, "/blog");
  assert.equal(bare.pathInfo, "");
});

test("the longest prefix wins and only whole segments match", async () => {
  const client = createTestClient(site());
  const v1 = (await client.get("/api/v1/users")).json() as { scriptName: string };
  assert.equal(v1.scriptName, "/api/v1");
  assert.equal((await client.get("/api/v2")).text, "api root");
  assert.equal((await client.get("/blogs")).text, "root");
  assert.equal((await client.get("/")).text, "root");
});

test("appends to an existing SCRIPT_NAME and decoded paths stay decoded", async () => {
  const client = createTestClient(site(), { baseUrl: "http://example.org/site" });
  const body = (await client.get("/blog/caf%C3%A9")).json() as Record<string, string>;
  assert.equal(body.scriptName, "/site/blog");
  assert.equal(body.pathInfo, "/café");
});

test("outer middleware still sees the original environ", async () => {
  let seen = "";
  const outer =
    (inner: App): App =>
    (environ, startResponse) => {
      const body = inner(environ, startResponse);
      seen = `${environ.SCRIPT_NAME}|${environ.PATH_INFO}`;
      return body;
    };
  await createTestClient(outer(site())).get("/blog/x");
  assert.equal(seen, "|/blog/x");
});

test("a mounted app builds its URLs from SCRIPT_NAME", async () => {
  const urlApp: App = (environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return [new TextEncoder().encode(applicationUri(environ))];
  };
  const client = createTestClient(dispatcher(textApp("root"), { mounts: { "/docs": urlApp } }));
  assert.equal((await client.get("/docs/page")).text, "http://localhost/docs");
});

test("an Express app mounted at a prefix redirects within its mount (real socket)", async () => {
  const shop = express();
  shop.get("/", (req, res) => res.redirect(`${req.baseUrl}/cart`));
  shop.get("/cart", (req, res) =>
    res.send(`cart at ${req.baseUrl}${req.path} (${req.originalUrl})`),
  );
  const app = dispatcher(textApp("home"), { mounts: { "/shop": validate(fromExpress(shop)) } });
  const handle = await serve(validate(app), { server: "node", host: "127.0.0.1", port: 0 });
  try {
    const redirect = await fetch(`${handle.address.url}/shop/`, { redirect: "manual" });
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get("location"), "/shop/cart");
    await redirect.arrayBuffer();
    const cart = await fetch(`${handle.address.url}/shop/cart?x=1`);
    assert.equal(await cart.text(), "cart at /shop/cart (/shop/cart?x=1)");
    const home = await fetch(`${handle.address.url}/elsewhere`);
    assert.equal(await home.text(), "home");
  } finally {
    await handle.close();
  }
});

test("a Fastify app mounted at a prefix sees PATH_INFO when asked to", async () => {
  const fastify = Fastify();
  fastify.get("/hello", async () => ({ hello: "world" }));
  const app = dispatcher(textApp("home"), {
    mounts: { "/fast": fromFastify(fastify, { path: "strip-script-name" }) },
  });
  const response = await createTestClient(app).get("/fast/hello");
  assert.deepEqual(response.json(), { hello: "world" });
  await fastify.close();
});

test("bad options fail at construction with a code", () => {
  for (const mounts of [{ blog: textApp("x") }, { "/blog/": textApp("x") }, { "/a": "nope" }]) {
    assert.throws(
      () => dispatcher(textApp("x"), { mounts: mounts as never }),
      (error: { code?: string }) => error.code === "TSGI_E_MW_INVALID_OPTION",
    );
  }
  assert.throws(() => dispatcher(textApp("x"), undefined as never), {
    code: "TSGI_E_MW_INVALID_OPTION",
  });
});
