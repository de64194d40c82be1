import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import { validate } from "@tsgi/core";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { textApp } from "../_test/apps.ts";
import { methodOverride, ORIGINAL_METHOD_KEY } from "./index.ts";

const methodApp: App = async (environ, startResponse) => {
  const body = new TextDecoder().decode(await environ["tsgi.input"].read());
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [
    new TextEncoder().encode(
      `${environ.REQUEST_METHOD} ${String(environ[ORIGINAL_METHOD_KEY])} ${body}`,
    ),
  ];
};

test("a POST with the header becomes that method", async () => {
  const client = createTestClient(methodOverride(validate(methodApp)));
  const response = await client.post("/", { headers: { "X-HTTP-Method-Override": "delete" } });
  assert.equal(response.text, "DELETE POST ");
});

test("the _method form field works and the app still reads the whole form", async () => {
  const client = createTestClient(methodOverride(validate(methodApp)));
  const response = await client.post("/", { form: { title: "x", _method: "PUT" } });
  assert.equal(response.text, "PUT POST title=x&_method=PUT");
});

test("only POST, only listed methods; other bodies untouched", async () => {
  const client = createTestClient(methodOverride(validate(methodApp), { maxFormBytes: 10 }));
  const get = await client.get("/", { headers: { "X-HTTP-Method-Override": "DELETE" } });
  assert.equal(get.text, "GET undefined ");
  const connect = await client.post("/", { headers: { "X-HTTP-Method-Override": "CONNECT" } });
  assert.equal(connect.text, "POST undefined ");
  const big = await client.post("/", { form: { _method: "DELETE", padding: "xxxxxxxxxx" } });
  assert.equal(big.text, "POST undefined _method=DELETE&padding=xxxxxxxxxx");
  const json = await client.post("/", { json: { _method: "DELETE" } });
  assert.equal(json.text, 'POST undefined {"_method":"DELETE"}');
});

test("an Express app routes the overridden method and parses the form", async () => {
  const inner = express();
  inner.delete("/posts/:id", express.urlencoded({ extended: false }), (req, res) =>
    res.send(`deleted ${req.params.id} (${(req.body as { reason: string }).reason})`),
  );
  const client = createTestClient(methodOverride(validate(fromExpress(inner))));
  const response = await client.post("/posts/3", { form: { _method: "DELETE", reason: "spam" } });
  assert.equal(response.text, "deleted 3 (spam)");
});

test("bad options fail at construction with a code", () => {
  for (const options of [
    { header: "a b" },
    { formField: "" },
    { methods: ["DE LETE"] },
    { maxFormBytes: -1 },
  ]) {
    assert.throws(() => methodOverride(textApp("x"), options as never), {
      code: "TSGI_E_MW_INVALID_OPTION",
    });
  }
});
