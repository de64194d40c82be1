import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Environ } from "@tsgi/core";
import { RawClient, encode, rawRequest, startServer } from "./_test-helpers.ts";
import type { TestServer } from "./_test-helpers.ts";

describe("node server: requests refused before the app", { timeout: 20_000 }, () => {
  let server: TestServer;
  let seen: Environ[] = [];
  before(async () => {
    server = await startServer((environ, startResponse) => {
      seen.push(environ);
      startResponse("200 OK", []);
      return [encode("ok")];
    });
  });
  after(() => server.close());

  const refused = async (request: string, status: number, text: RegExp, closes = true) => {
    seen = [];
    const client = await RawClient.connect(server.port);
    client.write(request);
    const response = await client.readResponse();
    assert.equal(response.status, status, request);
    assert.match(response.body.toString(), text);
    assert.equal(seen.length, 0, "the app was called");
    if (closes) await client.waitClose();
    client.destroy();
  };

  it("answers 505 to HTTP versions other than 1.x", async () => {
    await refused("GET /foo HTTP/2.0\r\nHost: t\r\n\r\n", 505, /HTTP Version Not Supported/);
  });

  it("accepts * only with OPTIONS", async () => {
    await refused("GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400, /only valid for OPTIONS/);
    const response = await rawRequest(server.port, "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n");
    assert.equal(response.status, 200);
  });

  it("refuses a malformed absolute-form target, accepts a well-formed one", async () => {
    await refused("PUT s://]ufd/: HTTP/1.1\r\nHost: t\r\n\r\n", 400, /malformed request target/);
    seen = [];
    const response = await rawRequest(
      server.port,
      "GET http://user@example.org:8080/p?q=1 HTTP/1.1\r\nHost: example.org:8080\r\n\r\n",
    );
    assert.equal(response.status, 200);
    assert.equal(seen[0]?.PATH_INFO, "/p");
    assert.equal(seen[0]?.QUERY_STRING, "q=1");
    assert.equal(seen[0]?.HTTP_HOST, "example.org:8080", "one Host, from the target's authority");
  });

  it("refuses a second Host or Content-Type header", async () => {
    // The framing is sound, so the connection may stay open.
    await refused(
      "GET / HTTP/1.1\r\nHost: a\r\nHost: evil\r\n\r\n",
      400,
      /more than one Host/,
      false,
    );
    await refused(
      "GET / HTTP/1.1\r\nHost: a\r\nContent-Type: a/b\r\ncontent-type: c/d\r\n\r\n",
      400,
      /more than one Content-Type/,
      false,
    );
  });

  it("refuses Transfer-Encoding in an HTTP/1.0 request", async () => {
    await refused(
      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      400,
      /HTTP\/1\.0/,
    );
  });

  it("answers 431 to more than 100 header fields instead of dropping some", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `X-H${i}: ${i}\r\n`).join("");
    await refused(`GET / HTTP/1.1\r\nHost: t\r\n${many}\r\n`, 431, /more than 100 header fields/);
    seen = [];
    const enough = Array.from({ length: 99 }, (_, i) => `X-H${i}: ${i}\r\n`).join("");
    assert.equal(
      (await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: t\r\n${enough}\r\n`)).status,
      200,
    );
    assert.equal(seen[0]?.HTTP_X_H98, "98");
  });

  it("accepts an HTTP/1.1 request without Host, as gunicorn does", async () => {
    seen = [];
    const response = await rawRequest(server.port, "GET /no-host HTTP/1.1\r\n\r\n");
    assert.equal(response.status, 200);
    assert.equal(seen[0]?.HTTP_HOST, undefined);
    assert.equal(seen[0]?.SERVER_NAME, "127.0.0.1");
  });
});
