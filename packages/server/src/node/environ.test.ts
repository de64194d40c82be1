import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Environ } from "@tsgi/core";
import { RawClient, encode, rawRequest, sleep, startServer, waitUntil } from "./_test-helpers.ts";
import type { TestServer } from "./_test-helpers.ts";

describe("node server: environ and tsgi.input", { timeout: 20_000 }, () => {
  let server: TestServer;
  let last: Environ | undefined;
  let calls = 0;
  let inputFailure: unknown;
  before(async () => {
    server = await startServer(async (environ, startResponse) => {
      calls++;
      last = environ;
      const input = environ["tsgi.input"];
      let body: Uint8Array[] = [];
      switch (environ.PATH_INFO) {
        case "/echo":
          body = [await input.read()];
          break;
        case "/lines": {
          const first = await input.readline();
          const rest: Uint8Array[] = [];
          for await (const chunk of input) rest.push(chunk);
          body = [encode(`first=${new TextDecoder().decode(first)}`), ...rest];
          break;
        }
        case "/partial":
          body = [await input.read(10)];
          break;
        case "/upload-abort":
          try {
            await input.read();
          } catch (error) {
            inputFailure = error;
          }
          break;
      }
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return body;
    });
  });
  after(() => server.close());

  it("builds a PEP 3333 environ with the node server's keys", async () => {
    const client = await RawClient.connect(server.port);
    client.write("GET /caf%C3%A9/a%2Fb?x=%20y&z HTTP/1.1\r\nHost: example.org\r\n\r\n");
    await client.readResponse();
    const environ = last!;
    assert.equal(environ.REQUEST_METHOD, "GET");
    assert.equal(environ.PATH_INFO, "/café/a/b");
    assert.equal(environ.QUERY_STRING, "x=%20y&z");
    assert.equal(environ["tsgi.request_target"], "/caf%C3%A9/a%2Fb?x=%20y&z");
    assert.equal(environ.SERVER_PROTOCOL, "HTTP/1.1");
    assert.equal(environ.SERVER_NAME, "127.0.0.1");
    assert.equal(environ.SERVER_PORT, String(server.port));
    assert.equal(environ.REMOTE_ADDR, "127.0.0.1");
    assert.equal(environ.REMOTE_PORT, String(client.socket.localPort));
    assert.equal(environ.HTTP_HOST, "example.org");
    assert.equal(environ["tsgi.server"], "node");
    assert.equal(environ["tsgi.url_scheme"], "http");
    assert.equal(typeof environ["tsgi.file_wrapper"], "function");
    assert.ok(environ["tsgi.signal"] instanceof AbortSignal);
    assert.ok(Object.keys(environ).includes("tsgi.signal"));
    client.destroy();
  });

  it("lets a middleware replace tsgi.signal", async () => {
    await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    const replacement = new AbortController().signal;
    last!["tsgi.signal"] = replacement;
    assert.equal(last!["tsgi.signal"], replacement);
  });

  it("drops header names with underscores and joins repeated headers", async () => {
    await rawRequest(
      server.port,
      "GET / HTTP/1.1\r\nHost: t\r\nX_Forwarded_For: 6.6.6.6\r\nX-Forwarded-For: 1.1.1.1\r\n" +
        "Accept: a\r\nAccept: b\r\nCookie: c=1\r\nCookie: d=2\r\n\r\n",
    );
    assert.equal(last!.HTTP_X_FORWARDED_FOR, "1.1.1.1");
    assert.equal(last!.HTTP_ACCEPT, "a, b");
    assert.equal(last!.HTTP_COOKIE, "c=1; d=2");
  });

  it("answers 400 without calling the app for a path that is not UTF-8", async () => {
    const before = calls;
    const client = await RawClient.connect(server.port);
    client.write("GET /bad%FF HTTP/1.1\r\nHost: t\r\n\r\n");
    const response = await client.readResponse();
    assert.equal(response.status, 400);
    assert.match(response.body.toString(), /^Bad Request: .*not valid UTF-8/);
    assert.equal(calls, before);
    // The connection stays usable.
    client.write("GET /after HTTP/1.1\r\nHost: t\r\n\r\n");
    assert.equal((await client.readResponse()).status, 200);
    client.destroy();
  });

  it("reads a Content-Length body, with CONTENT_TYPE and CONTENT_LENGTH", async () => {
    const response = await rawRequest(
      server.port,
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
    );
    assert.equal(response.body.toString(), "hello");
    assert.equal(last!.CONTENT_TYPE, "text/plain");
    assert.equal(last!.CONTENT_LENGTH, "5");
    assert.equal(last!.HTTP_CONTENT_LENGTH, undefined);
  });

  it("reads a chunked body whole with readline() and async iteration", async () => {
    const response = await rawRequest(
      server.port,
      "POST /lines HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" +
        "4\r\nab\nc\r\n3\r\nde\n\r\n0\r\n\r\n",
    );
    assert.equal(response.body.toString(), "first=ab\ncde\n");
    assert.equal(last!.CONTENT_LENGTH, undefined);
  });

  it("keeps the connection usable after a body the app read only in part, or not at all", async () => {
    const big = "x".repeat(1024 * 1024);
    const client = await RawClient.connect(server.port);
    client.write(
      `POST /partial HTTP/1.1\r\nHost: t\r\nContent-Length: ${big.length}\r\n\r\n${big}`,
    );
    const partial = await client.readResponse();
    assert.equal(partial.body.toString(), "x".repeat(10));
    client.write(`POST /ignore HTTP/1.1\r\nHost: t\r\nContent-Length: ${big.length}\r\n\r\n${big}`);
    assert.equal((await client.readResponse()).status, 200);
    client.write("GET /third HTTP/1.1\r\nHost: t\r\n\r\n");
    const third = await client.readResponse();
    assert.equal(third.status, 200);
    assert.equal(last!.PATH_INFO, "/third");
    client.destroy();
  });

  it("makes the app's read fail, not hang, when the client disconnects mid-upload", async () => {
    inputFailure = undefined;
    const client = await RawClient.connect(server.port);
    client.write("POST /upload-abort HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly some");
    await sleep(20);
    client.destroy();
    await waitUntil(() => inputFailure !== undefined, "the read to fail");
    assert.ok(inputFailure instanceof Error);
  });
});
