// Real Express middleware through fromExpress on the node server, compared with the same
// app on app.listen(): status, headers (minus connection-level ones) and body bytes.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { get } from "node:http";
import type { Server } from "node:http";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { nodeServer } from "@tsgi/server";
import type { ServerHandle } from "@tsgi/server";
import { fromExpress } from "../index.ts";
import express from "express";
import express4 from "express4";
import { events, fixtureApp, type ExpressModule } from "./_fixture-app.ts";

const IGNORED = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

let native: Server;
let nativeUrl = "";
let adapted: ServerHandle;

/** Serves the fixture app of one Express major natively and through fromExpress. */
function serveBoth(framework: ExpressModule): void {
  before(async () => {
    native = fixtureApp(framework).listen(0, "127.0.0.1");
    await new Promise((resolve) => native.once("listening", resolve));
    nativeUrl = `http://127.0.0.1:${(native.address() as AddressInfo).port}`;
    const app = fromExpress(fixtureApp(framework));
    adapted = await nodeServer.listen(app, { host: "127.0.0.1", port: 0 });
  });
  after(async () => {
    native.closeAllConnections();
    await new Promise((resolve) => native.close(resolve));
    await adapted.close({ timeout: 1_000 });
  });
}

interface Seen {
  status: number;
  headers: [string, string][];
  body: string;
}

// fetch() adds Cache-Control: no-cache to conditional requests, which defeats 304s.
function getRaw(base: string, path: string, headers: Record<string, string>): Promise<Seen> {
  return new Promise((resolve, reject) => {
    get(base + path, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
          const name = response.rawHeaders[i]!.toLowerCase();
          if (!IGNORED.has(name)) pairs.push([name, response.rawHeaders[i + 1]!]);
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: pairs,
          body: Buffer.concat(chunks).toString(),
        });
      });
    }).on("error", reject);
  });
}

async function send(base: string, path: string, init: RequestInit = {}): Promise<Seen> {
  const response = await fetch(base + path, { redirect: "manual", ...init });
  const headers = [...response.headers].filter(([name]) => !IGNORED.has(name));
  return { status: response.status, headers, body: await response.text() };
}

async function same(path: string, init: () => RequestInit = () => ({})): Promise<Seen> {
  const [expected, actual] = await Promise.all([
    send(nativeUrl, path, init()),
    send(adapted.address.url, path, init()),
  ]);
  assert.deepEqual(actual, expected);
  return actual;
}

// The user's own Express may be 4 or 5: the adapter detects it by shape and drives either.
const MAJORS: [string, ExpressModule][] = [
  ["Express 5", express],
  ["Express 4", express4 as unknown as ExpressModule],
];

for (const [major, framework] of MAJORS) {
  describe(
    `fromExpress fidelity on ${major} (node server vs app.listen)`,
    { timeout: 20_000 },
    () => {
      serveBoth(framework);
      test("express.static: 200, ETag → 304, Range → 206", async () => {
        const first = await same("/static/hello.txt");
        const etag = first.headers.find(([name]) => name === "etag")?.[1] ?? "";
        const conditional = { "if-none-match": etag };
        const notModified = await getRaw(adapted.address.url, "/static/hello.txt", conditional);
        assert.deepEqual(notModified, await getRaw(nativeUrl, "/static/hello.txt", conditional));
        assert.equal(notModified.status, 304);
        const range = await same("/static/hello.txt", () => ({ headers: { range: "bytes=2-5" } }));
        assert.equal(range.status, 206);
        assert.equal(range.body, "2345");
      });
      test("res.sendFile with Range", async () => {
        const range = await same("/file", () => ({ headers: { range: "bytes=-4" } }));
        assert.equal(range.body, "hij\n");
      });
      test("express.json: parsed, 400 on bad JSON, 413 over the limit", async () => {
        const json = (body: string) => () => ({
          method: "POST",
          body,
          headers: { "content-type": "application/json" },
        });
        assert.equal((await same("/json", json('{"a":[1,2]}'))).body, '{"got":{"a":[1,2]}}');
        assert.equal((await same("/json", json("{bad"))).status, 400);
        assert.equal(
          (await same("/json", json(JSON.stringify({ x: "y".repeat(2000) })))).status,
          413,
        );
      });
      test("express.urlencoded", async () => {
        const form = () => ({
          method: "POST",
          body: "a=1&b=two",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        });
        assert.equal((await same("/form", form)).body, '{"a":"1","b":"two"}');
      });
      test("cookie-parser and two res.cookie calls: two Set-Cookie headers", async () => {
        const seen = await same("/cookies", () => ({ headers: { cookie: "x=1; y=2" } }));
        assert.equal(seen.headers.filter(([name]) => name === "set-cookie").length, 2);
        assert.equal(seen.body, '{"seen":{"x":"1","y":"2"}}');
      });
      test("multer: a multi-megabyte multipart upload", async () => {
        const payload = new Uint8Array(3 * 1024 * 1024).fill(97);
        const form = () => {
          const data = new FormData();
          data.append("note", "hi");
          data.append("file", new Blob([payload]), "big.bin");
          return { method: "POST", body: data };
        };
        const actual = await send(adapted.address.url, "/upload", form());
        const expected = await send(nativeUrl, "/upload", form());
        assert.deepEqual(actual.body, expected.body);
        assert.equal(actual.body, `{"name":"big.bin","size":${payload.byteLength},"field":"hi"}`);
      });
      test("res.redirect", async () => assert.equal((await same("/redirect")).status, 302));
      test("req.ip with trust proxy", async () => {
        const seen = await same("/ip", () => ({
          headers: { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" },
        }));
        assert.equal(seen.body, '{"ip":"203.0.113.7","ips":["203.0.113.7"],"protocol":"https"}');
      });
      test("a thrown error: Express' native 500 page, byte for byte", async () => {
        assert.equal((await same("/boom")).status, 500);
      });
      test("404 native page", async () => assert.equal((await same("/nope")).status, 404));
      test("HEAD", async () => {
        const head = await same("/cookies", () => ({ method: "HEAD" }));
        assert.equal(head.body, "");
      });
      test("streaming response over time", async () => {
        assert.equal((await same("/stream")).body, "tick 0\ntick 1\ntick 2\n");
      });
      test("client disconnect reaches Express: req and res 'close'", async () => {
        events.closed.length = 0;
        const { port } = adapted.address;
        const socket = connect(port, "127.0.0.1");
        await new Promise((resolve) => socket.once("connect", resolve));
        socket.write("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
        await new Promise((resolve) => setTimeout(resolve, 100));
        socket.destroy();
        for (let waited = 0; events.closed.length < 2 && waited < 2_000; waited += 20) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.deepEqual([...events.closed].sort(), ["/hang", "/hang res"]);
      });
    },
  );
}
