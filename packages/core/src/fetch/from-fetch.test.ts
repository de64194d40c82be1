import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createInputStream } from "../input.ts";
import { buildTestEnviron, createTestClient } from "../testing/index.ts";
import type { Body, Environ, StartResponse } from "../types.ts";
import { buildRequest, fromFetch } from "./from-fetch.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A stream whose pulls and cancels are counted; `highWaterMark: 0` so only reads pull. */
function countingStream(total: number) {
  const counts = { pulls: 0, cancels: 0 };
  let index = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        counts.pulls++;
        if (index < total) controller.enqueue(bytes(`${index++},`));
        else controller.close();
      },
      cancel() {
        counts.cancels++;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counts };
}

/** Calls a TSGI app by hand, to look at its body before any server touches it. */
async function call(app: ReturnType<typeof fromFetch>, environ: Environ) {
  let status = "";
  let headers: (readonly [string, string])[] = [];
  const startResponse: StartResponse = (s, h) => {
    status = s;
    headers = h;
    return async () => {};
  };
  const body: Body = await app(environ, startResponse);
  return { status, headers, body };
}

describe("buildRequest", () => {
  test("URL, method, headers with dashes, content headers and the body", async () => {
    const environ = buildTestEnviron("POST", "/items/é?x=1", {
      json: { a: 1 },
      headers: { "X-Request-Id": "r1", Cookie: "a=1" },
      baseUrl: "http://shop.test:8080/",
    });
    const request = buildRequest(environ);
    assert.equal(request.url, "http://shop.test:8080/items/%C3%A9?x=1");
    assert.equal(request.method, "POST");
    assert.equal(request.headers.get("x-request-id"), "r1");
    assert.equal(request.headers.get("content-type"), "application/json");
    assert.equal(request.headers.get("content-length"), "7");
    assert.equal(request.headers.get("cookie"), "a=1");
    assert.deepEqual(await request.json(), { a: 1 });
  });

  test("no body for GET, HEAD or a zero Content-Length", () => {
    assert.equal(buildRequest(buildTestEnviron("GET", "/")).body, null);
    assert.equal(buildRequest(buildTestEnviron("HEAD", "/")).body, null);
    assert.equal(buildRequest(buildTestEnviron("POST", "/", { body: "" })).body, null);
    assert.notEqual(buildRequest(buildTestEnviron("POST", "/", { body: "x" })).body, null);
  });

  test("the request body reads tsgi.input lazily, chunk by chunk", async () => {
    let pulled = 0;
    const source = (function* () {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield bytes(`${i};`);
      }
    })();
    const environ = buildTestEnviron("PUT", "/upload", {
      headers: { "Transfer-Encoding": "chunked" },
    });
    environ["tsgi.input"] = createInputStream(source);
    const request = buildRequest(environ);
    await tick();
    assert.equal(pulled, 0, "nothing read before the handler asks");
    const reader = request.body!.getReader();
    assert.deepEqual((await reader.read()).value, bytes("0;"));
    await tick();
    assert.equal(pulled, 1);
    await reader.cancel();
  });

  test("the signal is tsgi.signal, and origin replaces the rebuilt one", () => {
    const controller = new AbortController();
    const environ = buildTestEnviron("GET", "/p?q", {
      extraEnviron: { "tsgi.signal": controller.signal },
    });
    const request = buildRequest(environ, { origin: "https://public.example" });
    assert.equal(request.url, "https://public.example/p?q");
    controller.abort();
    assert.equal(request.signal.aborted, true);
  });
});

describe("fromFetch", () => {
  test("status line from statusText, or the standard reason when there is none", async () => {
    const client = createTestClient(
      fromFetch((request) =>
        request.url.endsWith("/custom")
          ? new Response("x", { status: 202, statusText: "Queued Up" })
          : new Response(null, { status: 404 }),
      ),
    );
    assert.equal((await client.get("/custom")).statusLine, "202 Queued Up");
    assert.equal((await client.get("/other")).statusLine, "404 Not Found");
  });

  test("every Set-Cookie survives; hop-by-hop headers are dropped", async () => {
    const handler = () => {
      const headers = new Headers([
        ["Set-Cookie", "a=1"],
        ["Set-Cookie", "b=2, with comma"],
        ["Connection", "keep-alive"],
        ["Content-Type", "text/plain"],
      ]);
      return new Response("ok", { headers });
    };
    const response = await createTestClient(fromFetch(handler)).get("/");
    assert.deepEqual(response.headerAll("set-cookie"), ["a=1", "b=2, with comma"]);
    assert.equal(response.header("connection"), undefined);
    assert.equal(response.text, "ok");
  });

  test("the handler gets the environ as its second argument", async () => {
    const app = fromFetch((_request, environ) => new Response(String(environ.REMOTE_ADDR)));
    assert.equal((await createTestClient(app).get("/")).text, "127.0.0.1");
  });

  test("the response body streams: one pull per chunk the server takes", async () => {
    const { stream, counts } = countingStream(1000);
    const app = fromFetch(() => new Response(stream));
    const { status, body } = await call(app, buildTestEnviron("GET", "/"));
    assert.equal(status, "200 OK");
    assert.equal(counts.pulls, 0);
    const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    assert.deepEqual((await iterator.next()).value, bytes("0,"));
    assert.deepEqual((await iterator.next()).value, bytes("1,"));
    assert.equal(counts.pulls, 2);
    await iterator.return!();
    assert.equal(counts.cancels, 1, "closing the body cancels the stream");
  });

  test("a body that is never iterated is cancelled by close(), once", async () => {
    const { stream, counts } = countingStream(10);
    const { body } = await call(
      fromFetch(() => new Response(stream)),
      buildTestEnviron("GET", "/"),
    );
    const closable = body as AsyncIterable<Uint8Array> & { close(): Promise<void> };
    await closable.close();
    await closable.close();
    assert.equal(counts.cancels, 1);
  });

  test("HEAD through a server: the stream is cancelled, no bytes are sent", async () => {
    const { stream, counts } = countingStream(10);
    const response = await createTestClient(
      fromFetch(() => new Response(stream)),
      { validate: false },
    ).head("/");
    assert.equal(response.body.byteLength, 0);
    assert.equal(counts.cancels, 1);
  });

  test("a handler error is the app's error (a server answers 500)", async () => {
    const app = fromFetch(() => {
      throw new Error("handler failed");
    });
    await assert.rejects(createTestClient(app).get("/"), /handler failed/);
    assert.equal((await createTestClient(app, { catchErrors: true }).get("/")).status, 500);
  });

  test("a handler that returns no Response is a TypeError", async () => {
    const app = fromFetch(() => "nope" as unknown as Response);
    await assert.rejects(createTestClient(app).get("/"), TypeError);
  });

  test("methods fetch cannot carry get 501, a Host that is no URL gets 400", async () => {
    const client = createTestClient(fromFetch(() => new Response("unreachable")));
    assert.equal((await client.request("TRACE", "/")).status, 501);
    const badHost = await client.get("/", { headers: { Host: "bad host" } });
    assert.equal(badHost.status, 400);
    assert.ok(client.errors.some((line) => line.includes("cannot build a Request")));
  });
});
