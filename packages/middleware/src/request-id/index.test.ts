import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import { validate } from "@tsgi/core";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { textApp } from "../_test/apps.ts";
import { getRequestId, requestId } from "./index.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const idApp: App = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [
    new TextEncoder().encode(`${getRequestId(environ)}|${String(environ.HTTP_X_REQUEST_ID)}`),
  ];
};

test("generates a UUID, shows it to the app and returns it in the response", async () => {
  const response = await createTestClient(requestId(validate(idApp))).get("/");
  const id = response.header("x-request-id");
  assert.match(id ?? "", UUID);
  assert.equal(response.text, `${id}|${id}`);
});

test("keeps a well-formed incoming id, replaces a malformed one", async () => {
  const client = createTestClient(requestId(validate(idApp)));
  const kept = await client.get("/", { headers: { "X-Request-Id": "abc-123" } });
  assert.equal(kept.header("x-request-id"), "abc-123");
  const replaced = await client.get("/", { headers: { "X-Request-Id": "bad id <script>" } });
  assert.match(replaced.header("x-request-id") ?? "", UUID);
});

test("trustIncoming: false always generates; a custom header and generator", async () => {
  let n = 0;
  const app = requestId(validate(idApp), {
    header: "X-Trace",
    trustIncoming: false,
    generate: () => `t${++n}`,
  });
  const response = await createTestClient(app).get("/", { headers: { "X-Trace": "client" } });
  assert.equal(response.header("x-trace"), "t1");
  assert.equal(response.header("x-request-id"), undefined);
});

test("does not override an id header the app set itself", async () => {
  const app = requestId(validate(textApp("x", [["X-Request-Id", "from-app"]])));
  const response = await createTestClient(app).get("/");
  assert.deepEqual(response.headerAll("x-request-id"), ["from-app"]);
});

test("an Express app reads the id from its request headers", async () => {
  const app = express();
  app.get("/", (req, res) => res.send(`id=${req.get("x-request-id")}`));
  const response = await createTestClient(requestId(validate(fromExpress(app)))).get("/", {
    headers: { "X-Request-Id": "from-client" },
  });
  assert.equal(response.text, "id=from-client");
  assert.equal(response.header("x-request-id"), "from-client");
});

test("bad options and a bad generator fail with a code", async () => {
  assert.throws(() => requestId(idApp, { header: "bad header" }), {
    code: "TSGI_E_MW_INVALID_OPTION",
  });
  assert.throws(() => requestId(idApp, { generate: "x" as never }), {
    code: "TSGI_E_MW_INVALID_OPTION",
  });
  const app = requestId(idApp, { generate: () => "bad\nid" });
  await assert.rejects(createTestClient(app).get("/"), { code: "TSGI_E_MW_INVALID_OPTION" });
});
