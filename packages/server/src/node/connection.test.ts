import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { RawClient, encode, sleep, startServer } from "./_test-helpers.ts";
import type { TestServer } from "./_test-helpers.ts";

describe("node server: connections", { timeout: 20_000 }, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(async (environ, startResponse) => {
      const delay = Number(new URLSearchParams(environ.QUERY_STRING).get("delay") ?? 0);
      if (delay > 0) await sleep(delay);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      if (environ.PATH_INFO === "/stream") {
        return (async function* () {
          yield encode("streamed ");
          yield encode("body");
        })();
      }
      return [encode(`path=${environ.PATH_INFO}`)];
    });
  });
  after(() => server.close());

  it("serves two requests on one keep-alive connection, advertising a 75 s idle timeout", async () => {
    const client = await RawClient.connect(server.port);
    client.write("GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
    const first = await client.readResponse();
    assert.equal(first.header("keep-alive"), "timeout=75");
    client.write("GET /b HTTP/1.1\r\nHost: t\r\n\r\n");
    const second = await client.readResponse();
    assert.equal(second.body.toString(), "path=/b");
    assert.equal(client.closed, false);
    client.destroy();
  });

  it("answers pipelined requests in order, bodies not mixed", async () => {
    const client = await RawClient.connect(server.port);
    client.write(
      "GET /1?delay=30 HTTP/1.1\r\nHost: t\r\n\r\n" +
        "GET /2 HTTP/1.1\r\nHost: t\r\n\r\n" +
        "GET /stream?delay=10 HTTP/1.1\r\nHost: t\r\n\r\n",
    );
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await client.readResponse()).body.toString());
    assert.deepEqual(bodies, ["path=/1", "path=/2", "streamed body"]);
    client.destroy();
  });

  it("HTTP/1.0 keep-alive works when the body is a single known-length chunk", async () => {
    const client = await RawClient.connect(server.port);
    client.write("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const first = await client.readResponse();
    assert.equal(first.header("content-length"), "9");
    assert.equal(first.header("connection"), "keep-alive");
    client.write("GET /two HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assert.equal((await client.readResponse()).body.toString(), "path=/two");
    client.destroy();
  });

  it("HTTP/1.0 with a streamed body: no chunked encoding, closed after the body", async () => {
    const client = await RawClient.connect(server.port);
    client.write("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    await client.waitClose();
    const response = await client.readResponse();
    assert.equal(response.chunked, false);
    assert.equal(response.header("connection"), "close");
    assert.equal(response.body.toString(), "streamed body");
  });

  it("closes after answering a client's Connection: close", async () => {
    const client = await RawClient.connect(server.port);
    client.write("GET /bye HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    const response = await client.readResponse();
    assert.equal(response.header("connection"), "close");
    await client.waitClose();
  });

  it("serves separate connections concurrently", async () => {
    const slow = await RawClient.connect(server.port);
    const fast = await RawClient.connect(server.port);
    slow.write("GET /slow?delay=200 HTTP/1.1\r\nHost: t\r\n\r\n");
    fast.write("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
    const fastResponse = await fast.readResponse({ timeoutMs: 150 });
    assert.equal(fastResponse.body.toString(), "path=/fast");
    assert.equal((await slow.readResponse()).body.toString(), "path=/slow");
    slow.destroy();
    fast.destroy();
  });
});
