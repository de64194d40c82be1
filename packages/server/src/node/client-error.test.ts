import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { RawClient, encode, sleep, startServer } from "./_test-helpers.ts";
import type { TestServer } from "./_test-helpers.ts";

describe("node server: client errors", { timeout: 20_000 }, () => {
  let server: TestServer;
  let calls = 0;
  let readError: unknown;
  before(async () => {
    server = await startServer(async (environ, startResponse) => {
      calls++;
      if (environ.PATH_INFO === "/read") {
        try {
          await environ["tsgi.input"].read();
        } catch (error) {
          readError = error;
          throw error;
        }
      }
      await sleep(30); // answer asynchronously, after the parser saw what follows
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return [encode(`answer to ${environ.PATH_INFO}`)];
    });
  });
  after(() => server.close());

  it("answers a malformed request with 400, Connection: close and a short reason", async () => {
    const before = calls;
    const client = await RawClient.connect(server.port);
    client.write("GARBAGE\r\n\r\n");
    const response = await client.readResponse();
    assert.equal(response.status, 400);
    assert.equal(response.header("connection"), "close");
    assert.equal(response.header("content-type"), "text/plain; charset=utf-8");
    assert.match(response.body.toString(), /^Bad Request: .+\n$/);
    await client.waitClose();
    assert.equal(calls, before);
  });

  it("answers oversized headers with 431 without calling the app", async () => {
    const before = calls;
    const client = await RawClient.connect(server.port);
    client.write(`GET / HTTP/1.1\r\nHost: t\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    const response = await client.readResponse();
    assert.equal(response.status, 431);
    assert.match(response.body.toString(), /^Request Header Fields Too Large: .+\n$/);
    await client.waitClose();
    assert.equal(calls, before);
  });

  it("rejects ambiguous framing (Content-Length with Transfer-Encoding) with 400", async () => {
    const client = await RawClient.connect(server.port);
    client.write(
      "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    );
    const response = await client.readResponse();
    assert.equal(response.status, 400);
    await client.waitClose();
  });

  it("leaves an async response alone when bytes follow Connection: close (no stray 400)", async () => {
    const client = await RawClient.connect(server.port);
    client.write(
      "GET /first HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /second HTTP/1.1\r\nHost: t\r\n\r\n",
    );
    const rest = await client.waitClose();
    assert.equal(rest.match(/HTTP\/1\.1 /g)?.length, 1, rest);
    assert.match(rest, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(rest, /answer to \/first$/);
  });

  it("answers only the first of two HTTP/1.0 requests in one write", async () => {
    const client = await RawClient.connect(server.port);
    client.write("GET /one HTTP/1.0\r\n\r\nGET /two HTTP/1.0\r\n\r\n");
    const rest = await client.waitClose();
    assert.equal(rest.match(/HTTP\/1\.1 /g)?.length, 1, rest);
    assert.match(rest, /answer to \/one$/);
  });

  it("finishes the in-flight response, then closes, when garbage follows a keep-alive request", async () => {
    const client = await RawClient.connect(server.port);
    client.write("GET /kept HTTP/1.1\r\nHost: t\r\n\r\n\x00\x01garbage\r\n\r\n");
    const response = await client.readResponse();
    assert.equal(response.status, 200);
    assert.equal(response.body.toString(), "answer to /kept");
    const rest = await client.waitClose();
    assert.equal(rest, "", "nothing written over or after the in-flight response");
  });

  it("fails the app's read on a body framing error, and answers 400 if the app passes it on", async () => {
    readError = undefined;
    const client = await RawClient.connect(server.port);
    client.write(
      "POST /read HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    );
    await sleep(20);
    client.write("zz\r\nnot a chunk size\r\n");
    const response = await client.readResponse();
    assert.equal(response.status, 400);
    assert.equal((readError as { code?: string } | undefined)?.code, "HPE_INVALID_CHUNK_SIZE");
    await client.waitClose();
    assert.match(server.errorText(), /request body error for POST \/read/);
  });
});
