// The same environ over every protocol the http2 server speaks, except SERVER_PROTOCOL and
// (over TLS) tsgi.url_scheme; and the access log names the protocol that was used.
import assert from "node:assert/strict";
import { request as httpsRequest } from "node:https";
import { describe, it } from "node:test";
import type { App, Environ } from "@tsgi/core";
import { encode, openSession, request, startServer } from "./_test-helpers.ts";

function recording(seen: Environ[]): App {
  return (environ, startResponse) => {
    seen.push(environ);
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return [encode("ok")];
  };
}

function getHttps(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { rejectUnauthorized: false, headers, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("http2 server: environ", { timeout: 20_000 }, () => {
  for (const tls of [false, true]) {
    it(`HTTP/2${tls ? " over TLS" : " (h2c)"}: :authority is HTTP_HOST, SERVER_PROTOCOL is HTTP/2`, async () => {
      const seen: Environ[] = [];
      const server = await startServer(recording(seen), { tls });
      const session = await openSession(server.url);
      try {
        const result = await request(session, {
          ":path": "/p%C3%A9?q=1",
          "x-custom": "yes",
          cookie: ["a=1", "b=2"],
        });
        assert.equal(result.status, 200);
        const environ = seen[0]!;
        assert.equal(environ.HTTP_HOST, `127.0.0.1:${server.port}`);
        assert.equal(environ.SERVER_PROTOCOL, "HTTP/2");
        assert.equal(environ["tsgi.url_scheme"], tls ? "https" : "http");
        assert.equal(environ["tsgi.server"], "http2");
        assert.equal(environ.SERVER_NAME, "127.0.0.1");
        assert.equal(environ.SERVER_PORT, String(server.port));
        assert.equal(environ.REQUEST_METHOD, "GET");
        assert.equal(environ.PATH_INFO, "/pé");
        assert.equal(environ.QUERY_STRING, "q=1");
        assert.equal(environ["tsgi.request_target"], "/p%C3%A9?q=1");
        assert.equal(environ.HTTP_X_CUSTOM, "yes");
        assert.equal(environ.HTTP_COOKIE, "a=1; b=2", "cookie crumbs are joined with '; '");
        for (const key of Object.keys(environ)) {
          assert.ok(!key.startsWith("HTTP_:"), `pseudo-header ${key} leaked into environ`);
        }
        assert.match(server.access[0] ?? "", /"GET \/p%C3%A9\?q=1 HTTP\/2\.0" 200 2 /);
      } finally {
        session.destroy();
        await server.close();
      }
    });
  }

  it("HTTP/1.1 over TLS (ALPN fallback): the same environ, SERVER_PROTOCOL HTTP/1.1, https", async () => {
    const seen: Environ[] = [];
    const server = await startServer(recording(seen), { tls: true });
    try {
      assert.equal(await getHttps(`${server.url}/x`, { "x-custom": "yes" }), 200);
      const environ = seen[0]!;
      assert.equal(environ.SERVER_PROTOCOL, "HTTP/1.1");
      assert.equal(environ["tsgi.url_scheme"], "https");
      assert.equal(environ["tsgi.server"], "http2");
      assert.equal(environ.HTTP_HOST, `127.0.0.1:${server.port}`);
      assert.equal(environ.HTTP_X_CUSTOM, "yes");
      assert.match(server.access[0] ?? "", /"GET \/x HTTP\/1\.1" 200 2 /);
    } finally {
      await server.close();
    }
  });

  it("a Host header naming another authority than :authority is refused with 400", async () => {
    const seen: Environ[] = [];
    const server = await startServer(recording(seen));
    const session = await openSession(server.url);
    try {
      // node's client turns a lone host header into :authority: send both explicitly.
      const authority = `127.0.0.1:${server.port}`;
      const same = await request(session, {
        ":path": "/",
        ":authority": authority,
        host: authority,
      });
      assert.equal(same.status, 200, "a Host equal to :authority is fine");
      assert.equal(seen[0]!.HTTP_HOST, `127.0.0.1:${server.port}`);
      const other = await request(session, {
        ":path": "/",
        ":authority": authority,
        host: "evil.example",
      });
      assert.equal(other.status, 400);
      assert.equal(seen.length, 1, "the app is not called for the malformed request");
    } finally {
      session.destroy();
      await server.close();
    }
  });
});
