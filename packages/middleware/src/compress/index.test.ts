import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { get } from "node:http";
import type { IncomingMessage } from "node:http";
import { test } from "node:test";
import { brotliDecompressSync, createGunzip, gunzipSync } from "node:zlib";
import express from "express";
import { validate } from "@tsgi/core";
import type { App } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromExpress } from "@tsgi/express";
import { serve } from "@tsgi/server";
import { streamingApp, textApp, tracker } from "../_test/apps.ts";
import { errorPages } from "../error-pages/index.ts";
import { compress } from "./index.ts";

const big = "TSGI compresses text. ".repeat(200);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

test("gzip: an Array body stays whole with an exact Content-Length", async () => {
  const app = compress(
    validate(
      textApp(big, [
        ["Set-Cookie", "a=1"],
        ["Set-Cookie", "b=2"],
      ]),
    ),
  );
  const response = await createTestClient(app).get("/", { headers: { "Accept-Encoding": "gzip" } });
  assert.equal(response.header("content-encoding"), "gzip");
  assert.equal(response.header("vary"), "Accept-Encoding");
  assert.equal(Number(response.header("content-length")), response.body.byteLength);
  assert.ok(response.body.byteLength < big.length / 5);
  assert.equal(gunzipSync(response.body).toString(), big);
  assert.deepEqual(response.headerAll("set-cookie"), ["a=1", "b=2"]);
});

test("brotli is preferred, q-values are honoured", async () => {
  const client = createTestClient(compress(validate(textApp(big))));
  const br = await client.get("/", { headers: { "Accept-Encoding": "gzip, deflate, br" } });
  assert.equal(br.header("content-encoding"), "br");
  assert.equal(brotliDecompressSync(br.body).toString(), big);
  const gz = await client.get("/", { headers: { "Accept-Encoding": "br;q=0.1, gzip;q=0.9" } });
  assert.equal(gz.header("content-encoding"), "gzip");
  const none = await client.get("/", { headers: { "Accept-Encoding": "br;q=0, identity" } });
  assert.equal(none.header("content-encoding"), undefined);
  assert.equal(none.text, big);
  assert.equal(none.header("vary"), "Accept-Encoding");
  const absent = await client.get("/");
  assert.equal(absent.text, big);
});

test("skips small, already coded, no-transform and incompressible responses", async () => {
  const accept = { headers: { "Accept-Encoding": "gzip, br" } };
  const cases: [App, string][] = [
    [textApp("tiny"), "tiny"],
    [textApp(big, [["Cache-Control", "public, no-transform"]]), big],
    [textApp(big, [["Content-Encoding", "br"]]), big],
  ];
  for (const [app, text] of cases) {
    const response = await createTestClient(compress(validate(app))).get("/", accept);
    assert.notEqual(response.header("content-encoding"), "gzip");
    assert.equal(response.text, text);
  }
  const png: App = (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "image/png"]]);
    return [new Uint8Array(4096)];
  };
  const image = await createTestClient(compress(validate(png))).get("/", accept);
  assert.equal(image.header("content-encoding"), undefined);
  assert.equal(image.header("vary"), undefined);
  assert.equal(image.body.byteLength, 4096);
});

test("a strong ETag becomes weak; an existing Vary is extended, not merged", async () => {
  const app = compress(
    validate(
      textApp(big, [
        ["ETag", '"v1"'],
        ["Vary", "Cookie"],
      ]),
    ),
  );
  const response = await createTestClient(app).get("/", { headers: { "Accept-Encoding": "gzip" } });
  assert.equal(response.header("etag"), 'W/"v1"');
  assert.deepEqual(response.headerAll("vary"), ["Cookie", "Accept-Encoding"]);
});

test("a streamed body is compressed chunk by chunk and closed exactly once", async () => {
  const closes = tracker();
  const app = compress(validate(streamingApp(["a".repeat(2000), "b".repeat(2000)], closes)));
  const response = await createTestClient(app).get("/", { headers: { "Accept-Encoding": "gzip" } });
  assert.equal(response.header("content-encoding"), "gzip");
  assert.equal(response.header("content-length"), undefined);
  assert.equal(gunzipSync(response.body).toString(), "a".repeat(2000) + "b".repeat(2000));
  assert.equal(closes.closed, 1);
  assert.equal(closes.returned, 1);
});

test("write() output is compressed too, before the returned body", async () => {
  const app: App = async (_environ, startResponse) => {
    const write = startResponse("200 OK", [["Content-Type", "text/plain"]]);
    await write(encoder.encode("written "));
    return [encoder.encode(big)];
  };
  const response = await createTestClient(compress(validate(app))).get("/", {
    headers: { "Accept-Encoding": "gzip" },
  });
  assert.equal(response.header("content-encoding"), "gzip");
  assert.equal(gunzipSync(response.body).toString(), "written " + big);
});

test("startResponse called from the body's first pull, and HEAD", async () => {
  const lazy: App = (_environ, startResponse) =>
    (function* () {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      yield encoder.encode(big);
    })();
  const client = createTestClient(compress(validate(lazy)));
  const response = await client.get("/", { headers: { "Accept-Encoding": "gzip" } });
  assert.equal(gunzipSync(response.body).toString(), big);
  const head = await createTestClient(compress(validate(textApp(big)))).head("/", {
    headers: { "Accept-Encoding": "gzip" },
  });
  assert.equal(head.header("content-encoding"), "gzip");
  assert.equal(head.header("content-length"), undefined);
  assert.equal(head.body.byteLength, 0);
});

test("in front of an Express app", async () => {
  const app = express();
  app.get("/data", (_req, res) => res.json({ items: Array.from({ length: 1000 }, (_, i) => i) }));
  const response = await createTestClient(compress(validate(fromExpress(app)))).get("/data", {
    headers: { "Accept-Encoding": "br" },
  });
  assert.equal(response.header("content-encoding"), "br");
  const items = (JSON.parse(brotliDecompressSync(response.body).toString()) as { items: number[] })
    .items;
  assert.equal(items.length, 1000);
});

test("streams over a socket with backpressure: first event early, pulls stop when the client stops", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let pulls = 0;
  let finished = false;
  const app: App = (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/event-stream"]]);
    return (async function* () {
      try {
        yield encoder.encode("data: first\n\n");
        await released; // only once the client decoded the first event: nothing was held back
        for (;;) {
          pulls++;
          // Incompressible bytes, so the socket really fills up.
          yield randomBytes(16 * 1024);
        }
      } finally {
        finished = true;
      }
    })();
  };
  const handle = await serve(validate(compress(validate(app))), {
    server: "node",
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const request = get(`${handle.address.url}/`, { headers: { "Accept-Encoding": "gzip" } });
    request.on("error", () => undefined);
    const response = await new Promise<IncomingMessage>((resolve) =>
      request.on("response", resolve),
    );
    assert.equal(response.headers["content-encoding"], "gzip");
    const gunzip = createGunzip();
    response.pipe(gunzip);
    const first = await new Promise<Buffer>((resolve) => gunzip.once("data", resolve));
    assert.equal(decoder.decode(first), "data: first\n\n");
    response.unpipe(gunzip);
    response.pause();
    release();
    // The client reads nothing more: the server must stop pulling once the socket is full.
    let last = -1;
    for (let still = 0; still < 10;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      still = pulls === last ? still + 1 : 0;
      last = pulls;
    }
    assert.ok(pulls < 4096, `pulled ${pulls} chunks of 16 KiB for a client that stopped reading`);
    request.destroy();
    for (let i = 0; i < 500 && !finished; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(finished, "the body was closed after the client went away");
  } finally {
    await handle.close();
  }
});

test("bad options fail at construction with a code", () => {
  for (const options of [
    { threshold: -1 },
    { encodings: ["deflate"] },
    { encodings: [] },
    { gzipLevel: 10 },
    { filter: "text" },
  ]) {
    assert.throws(() => compress(textApp("x"), options as never), {
      code: "TSGI_E_MW_INVALID_OPTION",
    });
  }
});

test("an error page that replaces the head mid-pull is sent as given, not mislabelled", async () => {
  const failing: App = (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return (async function* () {
      yield new Uint8Array(0);
      throw new Error("failed before the first byte");
    })();
  };
  // errorPages inside compress replaces the 200 with excInfo while compress pulls the body.
  const app = compress(errorPages(validate(failing)), { threshold: 0 });
  const response = await createTestClient(app).get("/", {
    headers: { "Accept-Encoding": "gzip" },
  });
  assert.equal(response.status, 500);
  assert.equal(response.header("content-encoding"), undefined);
  assert.equal(response.text, "Internal Server Error\n");
});
