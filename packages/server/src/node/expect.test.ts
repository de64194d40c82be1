import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { RawClient, encode, sleep, startServer } from "./_test-helpers.ts";
import type { TestServer } from "./_test-helpers.ts";

describe("node server: Expect", { timeout: 20_000 }, () => {
  let server: TestServer;
  let calls = 0;
  before(async () => {
    server = await startServer(async (environ, startResponse) => {
      calls++;
      if (environ.PATH_INFO === "/echo") {
        const body = await environ["tsgi.input"].read();
        startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
        return [body];
      }
      startResponse("403 Forbidden", []);
      return [encode("no upload for you")];
    });
  });
  after(() => server.close());

  const upload = (path: string, expect: string) =>
    `POST ${path} HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: ${expect}\r\n\r\n`;

  it("sends 100 Continue only when the app reads, then delivers the body", async () => {
    const client = await RawClient.connect(server.port);
    client.write(upload("/echo", "100-continue"));
    await client.waitFor((text) => text.includes("\r\n\r\n"), "100 Continue");
    assert.equal(client.text, "HTTP/1.1 100 Continue\r\n\r\n");
    client.write("hello");
    await client.waitFor((text) => text.includes("hello"), "the echo");
    // The interim response, then a final one on a connection that stays usable.
    const [interim, final] = [client.text.slice(0, 25), client.text.slice(25)];
    assert.equal(interim, "HTTP/1.1 100 Continue\r\n\r\n");
    assert.match(final, /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(final, /Connection: keep-alive/);
    client.destroy();
  });

  it("sends no 100 to an app that answers without reading, and closes the connection", async () => {
    const client = await RawClient.connect(server.port);
    client.write(upload("/refuse", "100-continue"));
    const rest = await client.waitClose();
    assert.doesNotMatch(rest, /100 Continue/);
    assert.match(rest, /^HTTP\/1\.1 403 Forbidden\r\n/);
    assert.match(rest, /Connection: close\r\n/);
    assert.match(rest, /no upload for you$/);
  });

  it("answers 417 to any other expectation without calling the app", async () => {
    const before = calls;
    const client = await RawClient.connect(server.port);
    client.write(upload("/echo", "something-else"));
    const response = await client.readResponse();
    assert.equal(response.status, 417);
    assert.equal(response.header("connection"), "close");
    assert.match(response.body.toString(), /100-continue/);
    await client.waitClose();
    await sleep(10);
    assert.equal(calls, before);
  });
});
