import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { App, Environ } from "@tsgi/core";
import { encode, rawRequest, startServer, waitUntil } from "./_test-helpers.ts";
import { nodeServer } from "./index.ts";

function recorder(seen: Environ[]): App {
  return (environ, startResponse) => {
    seen.push(environ);
    startResponse("200 OK", []);
    return [encode("ok")];
  };
}

const SPOOFED =
  "GET / HTTP/1.1\r\nHost: internal\r\nX-Forwarded-For: 203.0.113.9\r\n" +
  "X-Forwarded-Proto: https\r\nX-Forwarded-Host: shop.example\r\n\r\n";

describe("node server: proxy headers", { timeout: 10_000 }, () => {
  it("applies X-Forwarded-* from a trusted peer (loopback by default)", async () => {
    const seen: Environ[] = [];
    const server = await startServer(recorder(seen));
    try {
      await rawRequest(server.port, SPOOFED);
      await waitUntil(() => server.access.length === 1, "the access line");
      const environ = seen[0]!;
      assert.equal(environ.REMOTE_ADDR, "203.0.113.9");
      assert.equal(environ.REMOTE_PORT, undefined);
      assert.equal(environ["tsgi.peer_addr"], "127.0.0.1");
      assert.equal(environ["tsgi.url_scheme"], "https");
      assert.equal(environ.HTTP_HOST, "shop.example");
      assert.equal(environ.SERVER_NAME, "shop.example");
      assert.equal(environ.SERVER_PORT, "443");
      assert.match(server.access[0]!, /^203\.0\.113\.9 - - /, "the access log shows the client");
    } finally {
      await server.close();
    }
  });

  it("ignores a spoofed X-Forwarded-For from an untrusted peer", async () => {
    const seen: Environ[] = [];
    const server = await startServer(recorder(seen), { forwardedAllowIps: ["10.0.0.0/8"] });
    try {
      await rawRequest(server.port, SPOOFED);
      const environ = seen[0]!;
      assert.equal(environ.REMOTE_ADDR, "127.0.0.1");
      assert.match(String(environ.REMOTE_PORT), /^\d+$/);
      assert.equal(environ["tsgi.peer_addr"], "127.0.0.1");
      assert.equal(environ["tsgi.url_scheme"], "http");
      assert.equal(environ.HTTP_HOST, "internal");
      assert.equal(environ.HTTP_X_FORWARDED_FOR, "203.0.113.9", "the header stays visible");
    } finally {
      await server.close();
    }
  });

  it("reads Forwarded right to left from a trusted peer", async () => {
    const seen: Environ[] = [];
    const server = await startServer(recorder(seen), {
      forwardedAllowIps: ["127.0.0.1", "10.0.0.0/8"],
    });
    try {
      await rawRequest(
        server.port,
        "GET / HTTP/1.1\r\nHost: internal\r\n" +
          'Forwarded: for=6.6.6.6, for="[2001:db8::5]:4711";proto=https, for=10.0.0.9\r\n\r\n',
      );
      assert.equal(seen[0]?.REMOTE_ADDR, "2001:db8::5");
      assert.equal(seen[0]?.REMOTE_PORT, "4711");
      assert.equal(seen[0]?.["tsgi.url_scheme"], "https");
    } finally {
      await server.close();
    }
  });

  it("refuses a bad forwardedAllowIps entry at start, before binding", async () => {
    await assert.rejects(
      nodeServer.listen(() => [], { port: 0, forwardedAllowIps: ["nope"] }),
      {
        code: "TSGI_E_INVALID_FORWARDED_ALLOW_IPS",
      },
    );
  });
});
