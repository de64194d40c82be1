import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import { validate } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromFetch } from "@tsgi/core/fetch";
import { fromExpress } from "@tsgi/express";
import { textApp } from "../_test/apps.ts";
import { cors } from "./index.ts";

test("origin * adds Access-Control-Allow-Origin to every response", async () => {
  const client = createTestClient(cors(validate(textApp("hi"))));
  const response = await client.get("/", { headers: { Origin: "https://a.example" } });
  assert.equal(response.header("access-control-allow-origin"), "*");
  assert.equal(response.header("vary"), undefined);
  assert.equal(response.text, "hi");
});

test("a list of origins: allowed ones echoed with Vary and credentials, others get nothing", async () => {
  const app = cors(validate(textApp("hi", [["Vary", "Cookie"]])), {
    origin: ["https://a.example"],
    credentials: true,
    exposedHeaders: ["X-Request-Id"],
  });
  const client = createTestClient(app);
  const allowed = await client.get("/", { headers: { Origin: "https://a.example" } });
  assert.equal(allowed.header("access-control-allow-origin"), "https://a.example");
  assert.equal(allowed.header("access-control-allow-credentials"), "true");
  assert.equal(allowed.header("access-control-expose-headers"), "X-Request-Id");
  assert.deepEqual(allowed.headerAll("vary"), ["Cookie", "Origin"]);
  const refused = await client.get("/", { headers: { Origin: "https://evil.example" } });
  assert.equal(refused.header("access-control-allow-origin"), undefined);
  assert.equal(refused.header("access-control-allow-credentials"), undefined);
  assert.equal(refused.text, "hi");
});

test("preflight is answered without calling the app", async () => {
  let called = 0;
  const app = cors(
    validate((environ, startResponse) => {
      called++;
      return textApp("app")(environ, startResponse);
    }),
    { origin: /\.example$/, maxAge: 600, methods: ["GET", "POST"] },
  );
  const response = await createTestClient(app).options("/items", {
    headers: {
      Origin: "https://b.example",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "content-type, x-token",
    },
  });
  assert.equal(response.status, 204);
  assert.equal(response.header("access-control-allow-origin"), "https://b.example");
  assert.equal(response.header("access-control-allow-methods"), "GET, POST");
  assert.equal(response.header("access-control-allow-headers"), "content-type, x-token");
  assert.equal(response.header("access-control-max-age"), "600");
  assert.equal(called, 0);
  const plainOptions = await createTestClient(app).options("/items");
  assert.equal(plainOptions.text, "app");
  assert.equal(called, 1);
});

test("in front of an Express app, Set-Cookie pairs survive", async () => {
  const express5 = express();
  express5.get("/", (_req, res) => {
    res.cookie("a", "1");
    res.cookie("b", "2");
    res.send("express");
  });
  const app = cors(validate(fromExpress(express5)), {
    origin: "https://a.example",
    credentials: true,
  });
  const response = await createTestClient(app).get("/", {
    headers: { Origin: "https://a.example" },
  });
  assert.equal(response.text, "express");
  assert.equal(response.header("access-control-allow-origin"), "https://a.example");
  assert.equal(response.headerAll("set-cookie").length, 2);
});

test("in front of a fetch handler", async () => {
  const app = cors(validate(fromFetch(() => new Response("fetched"))), { origin: "*" });
  const response = await createTestClient(app).get("/", {
    headers: { Origin: "https://x.example" },
  });
  assert.equal(response.header("access-control-allow-origin"), "*");
  assert.equal(response.text, "fetched");
});

test("bad options fail at construction with a code", () => {
  for (const options of [
    { credentials: true },
    { origin: "a.example" },
    { origin: 3 },
    { methods: ["GET POST"] },
    { maxAge: -5 },
    { optionsSuccessStatus: 404 },
  ]) {
    assert.throws(() => cors(textApp("x"), options as never), { code: "TSGI_E_MW_INVALID_OPTION" });
  }
});
