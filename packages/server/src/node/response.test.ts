import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { RawClient, encode, rawRequest, sleep, startServer } from "./_test-helpers.ts";
import type { TestServer } from "./_test-helpers.ts";

const GET = (path = "/") => `GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`;

// One server, one app per path: keeps the suite fast while each case stays independent.
const routes: Record<string, App> = {
  "/deferred-exc-info": (_environ, startResponse) => {
    startResponse("200 OK", [
      ["Content-Type", "text/plain"],
      ["X-Before", "1"],
    ]);
    return (function* () {
      try {
        yield new Uint8Array(0); // empty: must not commit the headers
        throw new Error("boom");
      } catch (error) {
        startResponse("503 Service Unavailable", [["Content-Type", "text/plain"]], error);
        yield encode("sorry");
      }
    })();
  },
  "/exc-info-after-headers": (environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return (function* () {
      yield encode("partial");
      const original = new Error("late failure");
      try {
        startResponse("500 Internal Server Error", [], original);
      } catch (rethrown) {
        environ["tsgi.errors"].write(`rethrown-same:${rethrown === original}\n`);
        throw rethrown;
      }
    })();
  },
  "/twice": (_environ, startResponse) => {
    startResponse("200 OK", []);
    startResponse("201 Created", []);
    return [encode("never")];
  },
  "/write": async (_environ, startResponse) => {
    const write = startResponse("200 OK", [["Content-Type", "text/plain"]]);
    await write(encode("from-write;"));
    return [encode("from-body")];
  },
  "/write-non-bytes": async (_environ, startResponse) => {
    const write = startResponse("200 OK", []);
    await write("text" as unknown as Uint8Array);
    return [];
  },
  "/sync": (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return new Set([encode("a"), encode("b"), encode("c")]);
  },
  "/async": (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return (async function* () {
      yield encode("x");
      yield new Uint8Array(0);
      await sleep(5);
      yield encode("y");
    })();
  },
  "/lazy-start": (_environ, startResponse) =>
    (function* () {
      startResponse("202 Accepted", [["X-Lazy", "yes"]]);
      yield encode("late start");
    })(),
  "/array": (_environ, startResponse) => {
    startResponse("200 OK", [
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
    ]);
    return [encode("hello"), encode(", "), encode("world")];
  },
  "/empty-array": (_environ, startResponse) => {
    startResponse("200 OK", []);
    return [];
  },
  "/cl-honoured": (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Length", "6"]]);
    return (async function* () {
      yield encode("abc");
      yield encode("def");
    })();
  },
  "/cl-too-long": (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Length", "4"]]);
    return (async function* () {
      yield encode("abc");
      yield encode("defgh");
      yield encode("never");
    })();
  },
  "/cl-too-short": (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Length", "10"]]);
    return [encode("abc")];
  },
  "/hop-by-hop": (_environ, startResponse) => {
    startResponse("200 OK", [
      ["Transfer-Encoding", "gzip"],
      ["Keep-Alive", "timeout=1"],
      ["Upgrade", "h2c"],
      ["Trailer", "X-T"],
      ["X-Kept", "yes"],
      ["Connection", "close"],
    ]);
    return [encode("ok")];
  },
  "/status-crlf": (_environ, startResponse) => {
    startResponse("200 OK\r\nX-Injected: 1", []);
    return [encode("no")];
  },
  "/header-crlf": (_environ, startResponse) => {
    startResponse("200 OK", [["X-A", "1\r\nX-Injected: 1"]]);
    return [encode("no")];
  },
  "/reason": (_environ, startResponse) => {
    startResponse("299 Caf\u00e9 Fine", [["X-Latin1", "\u00e9t\u00e9"]]);
    return [encode("ok")];
  },
  "/204": (_environ, startResponse) => {
    startResponse("204 No Content", []);
    return [encode("ignored")];
  },
  "/304": (_environ, startResponse) => {
    startResponse("304 Not Modified", [["ETag", '"v1"']]);
    return (async function* () {
      yield encode("ignored");
    })();
  },
};

describe("node server: responses", { timeout: 20_000 }, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((environ, startResponse) => {
      const app = routes[environ.PATH_INFO];
      if (app === undefined) {
        startResponse("404 Not Found", []);
        return [];
      }
      return app(environ, startResponse);
    });
  });
  after(() => server.close());

  it("defers headers past empty chunks, so excInfo can switch to an error response", async () => {
    const response = await rawRequest(server.port, GET("/deferred-exc-info"));
    assert.equal(response.status, 503);
    assert.equal(response.body.toString(), "sorry");
    assert.equal(response.header("x-before"), undefined);
  });

  it("re-throws excInfo once headers were sent, and aborts the response", async () => {
    const client = await RawClient.connect(server.port);
    client.write(GET("/exc-info-after-headers"));
    const rest = await client.waitClose();
    assert.match(rest, /^HTTP\/1\.1 200 OK/);
    assert.match(rest, /partial/);
    assert.doesNotMatch(rest, /\r\n0\r\n\r\n$/, "the chunked body must not be terminated");
    assert.match(server.errorText(), /rethrown-same:true/);
    assert.match(server.errorText(), /late failure/);
  });

  it("answers 500 when startResponse is called twice without excInfo", async () => {
    const response = await rawRequest(server.port, GET("/twice"));
    assert.equal(response.status, 500);
    assert.match(server.errorText(), /startResponse\(\) was called twice/);
  });

  it("write() sends headers and bytes before the returned body", async () => {
    const response = await rawRequest(server.port, GET("/write"));
    assert.equal(response.status, 200);
    assert.equal(response.body.toString(), "from-write;from-body");
    assert.equal(response.chunked, true);
  });

  it("write() with a non-Uint8Array rejects, and the app error gives 500", async () => {
    const response = await rawRequest(server.port, GET("/write-non-bytes"));
    assert.equal(response.status, 500);
    assert.match(server.errorText(), /write\(\) takes a Uint8Array/);
  });

  it("sends sync iterables (not only arrays) whole", async () => {
    const response = await rawRequest(server.port, GET("/sync"));
    assert.equal(response.body.toString(), "abc");
  });

  it("sends async generators chunked, skipping empty chunks", async () => {
    const response = await rawRequest(server.port, GET("/async"));
    assert.equal(response.chunked, true);
    assert.equal(response.body.toString(), "xy");
  });

  it("accepts startResponse called from inside the body", async () => {
    const response = await rawRequest(server.port, GET("/lazy-start"));
    assert.equal(response.status, 202);
    assert.equal(response.header("x-lazy"), "yes");
    assert.equal(response.body.toString(), "late start");
  });

  it("gives an Array body its summed Content-Length and keeps repeated Set-Cookie", async () => {
    const response = await rawRequest(server.port, GET("/array"));
    assert.equal(response.header("content-length"), "12");
    assert.equal(response.chunked, false);
    assert.deepEqual(response.all("set-cookie"), ["a=1", "b=2"]);
    assert.equal(response.body.toString(), "hello, world");
  });

  it("gives an empty body Content-Length: 0", async () => {
    const response = await rawRequest(server.port, GET("/empty-array"));
    assert.equal(response.header("content-length"), "0");
    assert.equal(response.chunked, false);
  });

  it("sends the app's Content-Length as is, without chunking", async () => {
    const response = await rawRequest(server.port, GET("/cl-honoured"));
    assert.equal(response.header("content-length"), "6");
    assert.equal(response.chunked, false);
    assert.equal(response.body.toString(), "abcdef");
  });

  it("never sends more than Content-Length, logs it and closes the connection", async () => {
    const client = await RawClient.connect(server.port);
    client.write(GET("/cl-too-long"));
    const response = await client.readResponse();
    assert.equal(response.body.toString(), "abcd");
    const rest = await client.waitClose();
    assert.equal(rest, "", "nothing after the truncated body");
    assert.match(server.errorText(), /longer than its Content-Length \(4 bytes\)/);
  });

  it("aborts a body shorter than Content-Length, so the client sees it incomplete", async () => {
    const client = await RawClient.connect(server.port);
    client.write(GET("/cl-too-short"));
    const rest = await client.waitClose();
    assert.match(rest, /^HTTP\/1\.1 200 OK\r\n[^]*Content-Length: 10\r\n[^]*\r\n\r\nabc$/);
    assert.match(server.errorText(), /shorter than its Content-Length \(3 of 10 bytes\)/);
  });

  it("drops hop-by-hop headers and honours Connection: close", async () => {
    const client = await RawClient.connect(server.port);
    client.write(GET("/hop-by-hop"));
    const response = await client.readResponse();
    for (const name of ["transfer-encoding", "keep-alive", "upgrade", "trailer"]) {
      assert.equal(response.header(name), undefined, name);
    }
    assert.equal(response.header("x-kept"), "yes");
    assert.equal(response.header("connection"), "close");
    assert.equal(response.body.toString(), "ok");
    await client.waitClose();
  });

  it("answers 500 for CR/LF in the status or a header value, never injecting a header", async () => {
    for (const path of ["/status-crlf", "/header-crlf"]) {
      const response = await rawRequest(server.port, GET(path));
      assert.equal(response.status, 500, path);
      assert.equal(response.header("x-injected"), undefined, path);
      assert.equal(response.body.toString(), "Internal Server Error\n");
    }
    assert.match(server.errorText(), /TSGI_E_INVALID_STATUS|invalid status/);
    assert.match(server.errorText(), /invalid value for header X-A/);
  });

  it("sends a custom reason phrase and Latin-1 header values byte for byte", async () => {
    const response = await rawRequest(server.port, GET("/reason"));
    assert.equal(response.status, 299);
    assert.equal(response.reason, "Caf\u00e9 Fine");
    assert.equal(response.header("x-latin1"), "\u00e9t\u00e9");
  });

  it("sends no body and adds no Content-Length for 204 and 304, keeping the connection", async () => {
    const client = await RawClient.connect(server.port);
    client.write(GET("/204") + GET("/304") + GET("/array"));
    const noContent = await client.readResponse();
    const notModified = await client.readResponse();
    const next = await client.readResponse();
    assert.equal(noContent.status, 204);
    assert.equal(noContent.header("content-length"), undefined);
    assert.equal(notModified.status, 304);
    assert.equal(notModified.header("content-length"), undefined);
    assert.equal(notModified.header("etag"), '"v1"');
    // Had any "ignored" bytes been sent, they would have been parsed as the next status line.
    assert.equal(next.status, 200);
    assert.equal(next.body.toString(), "hello, world");
    client.destroy();
  });

  it("HEAD: same headers as GET, no body bytes, never a guessed Content-Length: 0", async () => {
    const client = await RawClient.connect(server.port);
    client.write("HEAD /cl-honoured HTTP/1.1\r\nHost: test\r\n\r\n");
    const head = await client.readResponse({ head: true });
    assert.equal(head.header("content-length"), "6");
    client.write("HEAD /array HTTP/1.1\r\nHost: test\r\n\r\n");
    const headArray = await client.readResponse({ head: true });
    assert.equal(headArray.header("content-length"), "12", "the length GET would send");
    assert.deepEqual(headArray.all("set-cookie"), ["a=1", "b=2"]);
    client.write("HEAD /empty-array HTTP/1.1\r\nHost: test\r\n\r\n");
    const headEmpty = await client.readResponse({ head: true });
    assert.equal(headEmpty.header("content-length"), undefined);
    client.write("HEAD /async HTTP/1.1\r\nHost: test\r\n\r\n");
    const headStream = await client.readResponse({ head: true });
    assert.equal(headStream.header("content-length"), undefined);
    assert.equal(headStream.header("transfer-encoding"), undefined);
    client.write(GET("/sync"));
    const next = await client.readResponse();
    assert.equal(next.body.toString(), "abc");
    client.destroy();
  });
});
