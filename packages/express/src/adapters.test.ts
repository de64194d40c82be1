// In-process checks of the two adapters: backpressure reaching res.write, the mount mapping
// both ways, and the shape detection.
import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import express4 from "express4";
import { createInputStream } from "@tsgi/core";
import type { Body, Environ } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress, isExpressApp, toExpress } from "./index.ts";
import type { NotAnExpressAppError } from "./index.ts";

// The user's Express may be 4 or 5; both are driven by shape.
const MAJORS: [string, typeof express][] = [
  ["Express 5", express],
  ["Express 4", express4 as unknown as typeof express],
];

function environ(path: string, extra: Partial<Environ> = {}): Environ {
  return {
    REQUEST_METHOD: "GET",
    SCRIPT_NAME: "",
    PATH_INFO: path,
    QUERY_STRING: "",
    SERVER_NAME: "127.0.0.1",
    SERVER_PORT: "80",
    SERVER_PROTOCOL: "HTTP/1.1",
    REMOTE_ADDR: "127.0.0.1",
    "tsgi.version": [1, 0],
    "tsgi.url_scheme": "http",
    "tsgi.input": createInputStream([]),
    "tsgi.errors": { write() {}, writelines() {}, flush() {} },
    "tsgi.multithread": false,
    "tsgi.multiprocess": false,
    "tsgi.run_once": false,
    ...extra,
  };
}

test("a slow TSGI consumer makes res.write return false, and 'drain' follows", async () => {
  const results: boolean[] = [];
  let drained = false;
  const app = express().get("/", (_req, res) => {
    const chunk = Buffer.alloc(8 * 1024, 120);
    for (let i = 0; i < 4; i++) results.push(res.write(chunk));
    res.once("drain", () => {
      drained = true;
      res.end();
    });
  });
  const body = (await fromExpress(app)(
    environ("/"),
    () => async () => {},
  )) as AsyncIterable<Uint8Array>;
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(results, [true, false, false, false]);
  let total = 0;
  for await (const chunk of body) total += chunk.byteLength;
  assert.equal(total, 32 * 1024);
  assert.equal(drained, true);
});

test("SCRIPT_NAME becomes req.baseUrl; req.originalUrl keeps the prefix", async () => {
  const app = express().get("/page", (req, res) =>
    res.json({ url: req.url, baseUrl: req.baseUrl, originalUrl: req.originalUrl, path: req.path }),
  );
  const chunks: Uint8Array[] = [];
  const body: Body = await fromExpress(app)(
    environ("/page", {
      SCRIPT_NAME: "/ex",
      QUERY_STRING: "q=1",
      "tsgi.request_target": "/ex/page?q=1",
    }),
    () => async () => {},
  );
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  assert.deepEqual(JSON.parse(Buffer.concat(chunks).toString()), {
    url: "/page?q=1",
    baseUrl: "/ex",
    originalUrl: "/ex/page?q=1",
    path: "/page",
  });
});

for (const [major, framework] of MAJORS) {
  test(`toExpress mounted at a path in ${major}: SCRIPT_NAME = baseUrl, PATH_INFO = rest, raw target kept`, async () => {
    const seen: Partial<Environ>[] = [];
    const host = framework().use(
      "/mount",
      toExpress((env, startResponse) => {
        seen.push({
          SCRIPT_NAME: env.SCRIPT_NAME,
          PATH_INFO: env.PATH_INFO,
          QUERY_STRING: env.QUERY_STRING,
          "tsgi.request_target": env["tsgi.request_target"],
          "tsgi.server": env["tsgi.server"],
        });
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [new TextEncoder().encode("ok")];
      }),
    );
    const response = await createTestClient(fromExpress(host)).get("/mount/a%2Fb?x=1");
    assert.equal(response.text, "ok");
    assert.deepEqual(seen[0], {
      SCRIPT_NAME: "/mount",
      PATH_INFO: "/a/b",
      QUERY_STRING: "x=1",
      "tsgi.request_target": "/mount/a%2Fb?x=1",
      "tsgi.server": "express",
    });
  });
}

test("a body parser that ran first: tsgi.input is empty and tsgi.express.body has its result", async () => {
  const host = express().use(
    express.json(),
    toExpress(async (env, startResponse) => {
      const rest = await env["tsgi.input"].read();
      startResponse("200 OK", [["Content-Type", "application/json"]]);
      return [
        new TextEncoder().encode(
          JSON.stringify({ rest: rest.byteLength, body: env["tsgi.express.body"] }),
        ),
      ];
    }),
  );
  const response = await createTestClient(fromExpress(host)).post("/", { json: { a: 1 } });
  assert.deepEqual(response.json(), { rest: 0, body: { a: 1 } });
});

test("Express apps are recognised by shape", () => {
  assert.equal(isExpressApp(express()), true);
  assert.equal(isExpressApp(express4()), true);
  assert.equal(isExpressApp(express4.Router()), false);
  assert.equal(
    isExpressApp(() => {}),
    false,
  );
  assert.throws(
    () => fromExpress({} as never),
    (error: NotAnExpressAppError) => error.code === "TSGI_E_NOT_EXPRESS_APP",
  );
});
