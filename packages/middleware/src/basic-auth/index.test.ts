import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import { validate } from "@tsgi/core";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { textApp } from "../_test/apps.ts";
import { basicAuth, safeEqual } from "./index.ts";

const auth = (user: string, password: string) => ({
  headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` },
});

const whoAmI: App = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [new TextEncoder().encode(`${String(environ.REMOTE_USER)} ${String(environ.AUTH_TYPE)}`)];
};

test("401 with a challenge without or with wrong credentials; the app is not called", async () => {
  let called = 0;
  const app = basicAuth(
    validate((environ, startResponse) => {
      called++;
      return whoAmI(environ, startResponse);
    }),
    { users: { alice: "s3cret" }, realm: "Admin area" },
  );
  const client = createTestClient(app);
  for (const options of [
    {},
    auth("alice", "wrong"),
    auth("bob", "s3cret"),
    { headers: { Authorization: "Bearer abc" } },
    { headers: { Authorization: "Basic !!!" } },
  ]) {
    const response = await client.get("/", options);
    assert.equal(response.status, 401);
    assert.equal(response.header("www-authenticate"), 'Basic realm="Admin area", charset="UTF-8"');
  }
  assert.equal(called, 0);
});

test("valid credentials reach the app with REMOTE_USER, UTF-8 and colons in passwords", async () => {
  const app = basicAuth(validate(whoAmI), { users: { alice: "s3cret", zoë: "a:b:ç" } });
  const client = createTestClient(app);
  assert.equal((await client.get("/", auth("alice", "s3cret"))).text, "alice Basic");
  assert.equal((await client.get("/", auth("zoë", "a:b:ç"))).text, "zoë Basic");
});

test("a custom async verify", async () => {
  const app = basicAuth(validate(whoAmI), {
    verify: async (user, password) => user === "svc" && safeEqual(password, "token"),
  });
  const client = createTestClient(app);
  assert.equal((await client.get("/", auth("svc", "token"))).status, 200);
  assert.equal((await client.get("/", auth("svc", "nope"))).status, 401);
});

test("in front of an Express app", async () => {
  const inner = express();
  inner.get("/", (_req, res) => res.send("express secret"));
  const client = createTestClient(basicAuth(validate(fromExpress(inner)), { users: { a: "b" } }));
  assert.equal((await client.get("/")).status, 401);
  assert.equal((await client.get("/", auth("a", "b"))).text, "express secret");
});

test("safeEqual compares by value", () => {
  assert.equal(safeEqual("abc", "abc"), true);
  assert.equal(safeEqual("abc", "abd"), false);
  assert.equal(safeEqual("abc", "abcd"), false);
});

test("bad options fail at construction with a code", () => {
  for (const options of [
    {},
    { users: { "a:b": "c" } },
    { users: { a: 1 } },
    { users: { a: "b" }, realm: 'x"y' },
    { verify: "no" },
  ]) {
    assert.throws(() => basicAuth(textApp("x"), options as never), {
      code: "TSGI_E_MW_INVALID_OPTION",
    });
  }
});
