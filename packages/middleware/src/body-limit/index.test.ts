import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import { createInputStream, validate } from "@tsgi/core";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { serve } from "@tsgi/server";
import { textApp } from "../_test/apps.ts";
import { bodyLimit } from "./index.ts";

const encoder = new TextEncoder();

const echoLength: App = async (environ, startResponse) => {
  const body = await environ["tsgi.input"].read();
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [encoder.encode(`read ${body.byteLength}`)];
};

/** Sends `chunks` to `app` as a body without Content-Length, as a chunked upload arrives. */
function chunkedUpload(app: App, ...chunks: string[]): App {
  return (environ, startResponse) => {
    delete environ.CONTENT_LENGTH;
    environ["tsgi.input"] = createInputStream(chunks.map((chunk) => encoder.encode(chunk)));
    return app(environ, startResponse);
  };
}

test("a declared Content-Length over the limit gets 413 before the app runs", async () => {
  let called = 0;
  const app = bodyLimit(
    validate((environ, startResponse) => {
      called++;
      return echoLength(environ, startResponse);
    }),
    { limit: 10 },
  );
  const client = createTestClient(app);
  const response = await client.post("/", { body: "x".repeat(11) });
  assert.equal(response.status, 413);
  assert.equal(called, 0);
  assert.equal((await client.post("/", { body: "x".repeat(10) })).text, "read 10");
});

test("an undeclared body is counted as it is read; over the limit becomes 413", async () => {
  const app = bodyLimit(validate(echoLength), { limit: 8 });
  const fits = await createTestClient(chunkedUpload(app, "abcd", "efgh")).post("/");
  assert.equal(fits.text, "read 8");
  const response = await createTestClient(chunkedUpload(app, "abcd", "efgh", "i")).post("/");
  assert.equal(response.status, 413);
  assert.match(response.text, /larger than 8 bytes/);
});

test("readline and iteration are capped too; the app sees the coded error", async () => {
  const codes: string[] = [];
  const lines: App = async (environ, startResponse) => {
    try {
      for await (const chunk of environ["tsgi.input"]) void chunk;
    } catch (error) {
      codes.push((error as { code: string }).code);
    }
    try {
      await environ["tsgi.input"].readline();
    } catch (error) {
      codes.push((error as { code: string }).code);
    }
    return textApp("handled")(environ, startResponse);
  };
  const app = chunkedUpload(bodyLimit(validate(lines), { limit: 4 }), "line one\n", "line two\n");
  assert.equal((await createTestClient(app).post("/")).text, "handled");
  assert.deepEqual(codes, ["TSGI_E_MW_BODY_TOO_LARGE", "TSGI_E_MW_BODY_TOO_LARGE"]);
});

test("in front of an Express app with a body parser (real socket)", async () => {
  const inner = express();
  inner.post("/", express.text(), (req, res) => res.send(`got ${String(req.body).length}`));
  const handle = await serve(validate(bodyLimit(validate(fromExpress(inner)), { limit: 16 })), {
    server: "node",
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const ok = await fetch(handle.address.url, {
      method: "POST",
      body: "small",
      headers: { "Content-Type": "text/plain" },
    });
    assert.equal(await ok.text(), "got 5");
    const big = await fetch(handle.address.url, {
      method: "POST",
      body: "x".repeat(100),
      headers: { "Content-Type": "text/plain" },
    });
    assert.equal(big.status, 413);
    await big.arrayBuffer();
  } finally {
    await handle.close();
  }
});

test("bad options fail at construction with a code", () => {
  for (const options of [undefined, {}, { limit: -1 }, { limit: 1.5 }, { limit: "1mb" }]) {
    assert.throws(() => bodyLimit(textApp("x"), options as never), {
      code: "TSGI_E_MW_INVALID_OPTION",
    });
  }
});
