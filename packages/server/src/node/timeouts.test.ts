import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { App, Environ } from "@tsgi/core";
import { RawClient, encode, sleep, startServer, waitUntil } from "./_test-helpers.ts";

const seenBy = (seen: Environ[]): App => {
  return async (environ, startResponse) => {
    seen.push(environ);
    await environ["tsgi.input"].read();
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return [encode("ok")];
  };
};

describe("node limits: timeouts", { timeout: 30_000 }, () => {
  it("cuts off a client that never finishes its headers (slowloris) with 408", async () => {
    const seen: Environ[] = [];
    const server = await startServer(seenBy(seen), { headersTimeout: 300 });
    try {
      const client = await RawClient.connect(server.port);
      const began = Date.now();
      client.write("GET / HTTP/1.1\r\nHost: t\r\n");
      // Trickling bytes does not reset the clock: it runs from the request's first byte.
      for (let i = 0; i < 40 && !client.closed; i++) {
        client.write(`X-Drip-${i}: x\r\n`);
        await sleep(25);
      }
      await client.waitClose(3_000);
      const elapsed = Date.now() - began;
      assert.match(client.text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
      assert.ok(elapsed >= 250 && elapsed < 2_000, `cut off after ${elapsed} ms`);
      assert.equal(seen.length, 0);
    } finally {
      await server.close();
    }
  });

  it("does not count a keep-alive pause against headersTimeout", async () => {
    const server = await startServer(seenBy([]), { headersTimeout: 200, keepAliveTimeout: 5_000 });
    try {
      const client = await RawClient.connect(server.port);
      client.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      assert.equal((await client.readResponse()).status, 200);
      await sleep(600);
      client.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      assert.equal((await client.readResponse()).status, 200);
      client.destroy();
    } finally {
      await server.close();
    }
  });

  it("answers 408 and closes when the body does not arrive within requestTimeout", async () => {
    let readError: unknown;
    const server = await startServer(
      async (environ, startResponse) => {
        try {
          await environ["tsgi.input"].read();
        } catch (error) {
          readError = error;
          throw error;
        }
        startResponse("200 OK", []);
        return [];
      },
      { requestTimeout: 400, headersTimeout: 200 },
    );
    try {
      const client = await RawClient.connect(server.port);
      const began = Date.now();
      client.write("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\npartial");
      const response = await client.readResponse({ timeoutMs: 3_000 });
      assert.equal(response.status, 408);
      await client.waitClose();
      assert.ok(Date.now() - began >= 350);
      assert.equal((readError as { code?: string }).code, "ERR_HTTP_REQUEST_TIMEOUT");
    } finally {
      await server.close();
    }
  });

  it("announces and applies keepAliveTimeout", async () => {
    const server = await startServer(seenBy([]), { keepAliveTimeout: 1_000 });
    try {
      const client = await RawClient.connect(server.port);
      client.write("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
      const response = await client.readResponse();
      assert.equal(response.header("keep-alive"), "timeout=1");
      // node adds a 1 s grace to the advertised timeout before it closes an idle socket.
      const began = Date.now();
      await client.waitClose(4_000);
      assert.ok(Date.now() - began >= 900, "not before the advertised timeout");
    } finally {
      await server.close();
    }
  });
});

describe("node limits: maxConcurrentRequests", { timeout: 10_000 }, () => {
  it("answers 503 with Retry-After beyond the limit, without calling the app", async () => {
    let calls = 0;
    let release = (): void => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = await startServer(
      async (environ, startResponse) => {
        calls++;
        if (environ.PATH_INFO === "/slow") await gate;
        startResponse("200 OK", []);
        return [encode("done")];
      },
      { maxConcurrentRequests: 1 },
    );
    try {
      const slow = await RawClient.connect(server.port);
      slow.write("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
      await waitUntil(() => calls === 1, "the slow request to start");
      const other = await RawClient.connect(server.port);
      other.write("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
      const busy = await other.readResponse();
      assert.equal(busy.status, 503);
      assert.equal(busy.header("retry-after"), "1");
      assert.match(busy.body.toString(), /^Service Unavailable: .+\n$/);
      assert.equal(calls, 1, "the app was not called for the refused request");
      release();
      assert.equal((await slow.readResponse()).status, 200);
      other.write("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n");
      assert.equal((await other.readResponse()).status, 200, "a slot is free again");
      slow.destroy();
      other.destroy();
    } finally {
      release();
      await server.close();
    }
  });
});
