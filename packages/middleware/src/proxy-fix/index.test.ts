import assert from "node:assert/strict";
import { test } from "node:test";
import express from "express";
import { requestUri, validate } from "@tsgi/core";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { textApp } from "../_test/apps.ts";
import { proxyFix, proxyFixOriginal } from "./index.ts";

const describeApp: App = (environ, startResponse) => {
  startResponse("200 OK", [["Content-Type", "application/json"]]);
  return [
    new TextEncoder().encode(
      JSON.stringify({
        addr: environ.REMOTE_ADDR,
        url: requestUri(environ),
        scriptName: environ.SCRIPT_NAME,
        serverPort: environ.SERVER_PORT,
        original: proxyFixOriginal(environ)?.REMOTE_ADDR,
      }),
    ),
  ];
};

const remote = { extraEnviron: { REMOTE_ADDR: "10.0.0.1" } };

test("defaults: the nearest X-Forwarded-For and -Proto entries, host untouched", async () => {
  const client = createTestClient(proxyFix(validate(describeApp)));
  const response = await client.get("/p?q=1", {
    ...remote,
    headers: {
      "X-Forwarded-For": "6.6.6.6, 203.0.113.9",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "evil.example",
    },
  });
  assert.deepEqual(response.json(), {
    addr: "203.0.113.9",
    url: "https://localhost/p?q=1",
    scriptName: "",
    serverPort: "80",
    original: "10.0.0.1",
  });
});

test("two trusted hops take the second value from the right; too few values are ignored", async () => {
  const client = createTestClient(proxyFix(validate(describeApp), { xFor: 2 }));
  const two = await client.get("/", {
    ...remote,
    headers: { "X-Forwarded-For": "1.1.1.1, 2.2.2.2, 3.3.3.3" },
  });
  assert.equal((two.json() as { addr: string }).addr, "2.2.2.2");
  const one = await client.get("/", { ...remote, headers: { "X-Forwarded-For": "3.3.3.3" } });
  assert.equal((one.json() as { addr: string }).addr, "10.0.0.1");
});

test("host, port and prefix, and malformed values ignored", async () => {
  const app = proxyFix(validate(describeApp), { xHost: 1, xPort: 1, xPrefix: 1 });
  const client = createTestClient(app);
  const response = await client.get("/posts", {
    headers: {
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "www.example.org:8443",
      "X-Forwarded-Port": "9443",
      "X-Forwarded-Prefix": "/blog/",
    },
  });
  const body = response.json() as { url: string; scriptName: string; serverPort: string };
  assert.equal(body.url, "https://www.example.org:9443/blog/posts");
  assert.equal(body.scriptName, "/blog");
  assert.equal(body.serverPort, "9443");
  const bad = await client.get("/", {
    headers: {
      "X-Forwarded-Proto": "javascript",
      "X-Forwarded-Host": "a b",
      "X-Forwarded-Port": "x",
    },
  });
  assert.equal((bad.json() as { url: string }).url, "http://localhost/");
});

test("an Express app sees the client's address and scheme", async () => {
  const inner = express();
  inner.get("/", (req, res) => res.send(`${req.ip} ${req.protocol} ${req.secure}`));
  const app = proxyFix(validate(fromExpress(inner)));
  const response = await createTestClient(app).get("/", {
    ...remote,
    headers: { "X-Forwarded-For": "198.51.100.4", "X-Forwarded-Proto": "https" },
  });
  assert.match(response.text, /198\.51\.100\.4 https true/);
});

test("bad options fail at construction with a code", () => {
  for (const options of [{ xFor: -1 }, { xProto: 1.5 }, { xHost: "1" }]) {
    assert.throws(() => proxyFix(textApp("x"), options as never), {
      code: "TSGI_E_MW_INVALID_OPTION",
    });
  }
});
