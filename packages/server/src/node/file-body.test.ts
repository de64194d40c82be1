import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FileBody } from "@tsgi/core";
import { RawClient, rawRequest, startServer, waitUntil } from "./_test-helpers.ts";
import type { TestServer } from "./_test-helpers.ts";

describe("node server: tsgi.file_wrapper bodies", { timeout: 20_000 }, () => {
  let server: TestServer;
  let dir: string;
  let file: string;
  let closes = 0;
  const content = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tsgi-file-body-"));
    file = join(dir, "data.bin");
    writeFileSync(file, content);
    server = await startServer((environ, startResponse) => {
      const params = new URLSearchParams(environ.QUERY_STRING);
      const start = params.has("start") ? Number(params.get("start")) : undefined;
      const length = params.has("length") ? Number(params.get("length")) : undefined;
      const path = environ.PATH_INFO === "/missing" ? join(dir, "missing.bin") : file;
      startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
      const body: FileBody = environ["tsgi.file_wrapper"]!(path, {
        blockSize: 16 * 1024,
        ...(start === undefined ? {} : { start }),
        ...(length === undefined ? {} : { length }),
      });
      const close = body.close.bind(body);
      return Object.assign(body, {
        close: () => {
          closes++;
          return close();
        },
      });
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends the whole file with its Content-Length, and closes the body once", async () => {
    closes = 0;
    const response = await rawRequest(server.port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    assert.equal(response.header("content-length"), String(content.length));
    assert.equal(response.chunked, false);
    assert.ok(response.body.equals(content));
    await waitUntil(() => closes === 1, "close()");
  });

  it("honours start and length", async () => {
    const response = await rawRequest(
      server.port,
      "GET /?start=1000&length=5000 HTTP/1.1\r\nHost: t\r\n\r\n",
    );
    assert.equal(response.header("content-length"), "5000");
    assert.ok(response.body.equals(content.subarray(1000, 6000)));
  });

  it("clamps a range that runs past the end of the file", async () => {
    const response = await rawRequest(
      server.port,
      `GET /?start=${content.length - 10}&length=100 HTTP/1.1\r\nHost: t\r\n\r\n`,
    );
    assert.equal(response.header("content-length"), "10");
    assert.ok(response.body.equals(content.subarray(content.length - 10)));
  });

  it("HEAD: no body bytes, the body still closed", async () => {
    closes = 0;
    const client = await RawClient.connect(server.port);
    client.write("HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET /?length=3 HTTP/1.1\r\nHost: t\r\n\r\n");
    const head = await client.readResponse({ head: true });
    assert.equal(head.status, 200);
    assert.equal(head.header("content-length"), String(content.length), "as GET would send");
    const next = await client.readResponse();
    assert.ok(next.body.equals(content.subarray(0, 3)));
    await waitUntil(() => closes === 2, "both bodies closed");
    client.destroy();
  });

  it("answers 500 for a missing file, before any header went out", async () => {
    closes = 0;
    const response = await rawRequest(server.port, "GET /missing HTTP/1.1\r\nHost: t\r\n\r\n");
    assert.equal(response.status, 500);
    assert.match(server.errorText(), /ENOENT/);
    await waitUntil(() => closes === 1, "close()");
  });
});
