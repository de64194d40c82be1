import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { rawRequest, startServer, waitUntil } from "./_test-helpers.ts";

const failing: App = () => {
  throw new TypeError('order <b>"total"</b> is undefined');
};

const REQUEST = "GET /orders/<script>?id=3 HTTP/1.1\r\nHost: t\r\n\r\n";

describe("node server: app errors in dev and production mode", { timeout: 10_000 }, () => {
  it("dev: an HTML traceback page, escaped, with the request and a dev-only note", async () => {
    const server = await startServer(failing, { dev: true });
    try {
      const response = await rawRequest(server.port, REQUEST);
      assert.equal(response.status, 500);
      assert.equal(response.header("content-type"), "text/html; charset=utf-8");
      assert.equal(response.header("cache-control"), "no-store");
      const html = response.body.toString("utf8");
      assert.match(html, /^<!DOCTYPE html>/);
      assert.match(html, /<h1>TypeError<\/h1>/);
      assert.ok(html.includes("order &lt;b&gt;&quot;total&quot;&lt;/b&gt; is undefined"));
      assert.ok(!html.includes("<b>"), "the message is escaped");
      assert.ok(html.includes("GET /orders/&lt;script&gt;?id=3"), "method and path shown, escaped");
      assert.ok(!html.includes("<script>"));
      assert.match(html, /at failing|dev-mode\.test\.ts/, "the stack is shown");
      assert.match(html, /development mode/);
      await waitUntil(() => /Error handling request/.test(server.errorText()), "the log line");
    } finally {
      await server.close();
    }
  });

  it("production (the default): plain-text 500, the traceback only in the error log", async () => {
    const server = await startServer(failing);
    try {
      const response = await rawRequest(server.port, REQUEST);
      assert.equal(response.status, 500);
      assert.equal(response.header("content-type"), "text/plain; charset=utf-8");
      assert.equal(response.body.toString(), "Internal Server Error\n");
      assert.doesNotMatch(response.body.toString(), /TypeError|total/);
      await waitUntil(() => /TypeError: order/.test(server.errorText()), "the traceback");
      assert.match(server.errorText(), /\[ERROR\] Error handling request GET \/orders/);
    } finally {
      await server.close();
    }
  });

  it("dev: an error after headers still aborts the response (no page mixed into the body)", async () => {
    const server = await startServer(
      (_environ, startResponse) => {
        startResponse("200 OK", [["Content-Length", "10"]]);
        return (async function* () {
          yield new TextEncoder().encode("12345");
          throw new Error("mid-stream");
        })();
      },
      { dev: true },
    );
    try {
      await assert.rejects(rawRequest(server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n"));
      await waitUntil(() => /mid-stream/.test(server.errorText()), "the log line");
    } finally {
      await server.close();
    }
  });
});
