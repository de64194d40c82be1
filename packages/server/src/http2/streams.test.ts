// What HTTP/2 changes for one request: streams that share a connection, RST_STREAM both ways,
// connection-specific fields, repeated fields, bodies without Content-Length, trailers.
import assert from "node:assert/strict";
import { constants } from "node:http2";
import { describe, it } from "node:test";
import type { App, Environ } from "@tsgi/core";
import { encode, openSession, request, sleep, startServer, waitUntil } from "./_test-helpers.ts";

describe("http2 server: streams", { timeout: 20_000 }, () => {
  it("a stream the client resets fires its own tsgi.signal and closes its body once, and no other stream's", async () => {
    const calls: string[] = [];
    let resetSignal: AbortSignal | undefined;
    let otherSignal: AbortSignal | undefined;
    let aborts = 0;
    const app: App = async (environ, startResponse) => {
      if (environ.PATH_INFO === "/other") {
        otherSignal = environ["tsgi.signal"];
        // Answers only once the first stream was reset: it was in flight the whole time.
        await waitUntil(() => calls.includes("close"), "the reset stream's body to close");
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [encode("still here")];
      }
      resetSignal = environ["tsgi.signal"];
      resetSignal?.addEventListener("abort", () => aborts++);
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      const ticks = (async function* () {
        for (const end = Date.now() + 5_000; Date.now() < end;) {
          yield encode("tick\n");
          await sleep(10);
        }
      })();
      return {
        [Symbol.asyncIterator]: () => ({
          next: () => ticks.next(),
          return: async () => {
            calls.push("return");
            await ticks.return(undefined);
            return { done: true as const, value: undefined };
          },
        }),
        close: () => void calls.push("close"),
      };
    };
    const server = await startServer(app);
    const session = await openSession(server.url);
    try {
      // The reset stream is the session's first: node's compatibility socket forwards 'close'
      // listeners to it, which is how one stream's reset could reach its neighbours.
      const stream = session.request({ ":path": "/ticks" }, { endStream: true });
      stream.on("error", () => {});
      await new Promise<void>((resolve) => stream.once("data", () => resolve()));
      const other = request(session, { ":path": "/other" });
      await waitUntil(() => otherSignal !== undefined, "the second stream to reach the app");
      stream.close(constants.NGHTTP2_CANCEL);
      const result = await other;
      assert.equal(result.status, 200);
      assert.equal(result.body.toString(), "still here");
      await waitUntil(() => resetSignal?.aborted === true, "tsgi.signal of the reset stream");
      await sleep(50);
      assert.deepEqual(calls, ["return", "close"], "return() then close(), once each");
      assert.equal(aborts, 1);
      assert.equal(otherSignal?.aborted, false, "the other stream's signal must not fire");
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it("an app error after headers resets the stream (INTERNAL_ERROR) after the bytes sent, and the connection carries on", async () => {
    const server = await startServer((environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      if (environ.PATH_INFO === "/next") return [encode("next")];
      return (async function* () {
        yield encode("partial;");
        await sleep(20);
        throw new Error("boom after headers");
      })();
    });
    const session = await openSession(server.url);
    try {
      const failed = await request(session, { ":path": "/fail" });
      assert.equal(failed.status, 200);
      assert.equal(failed.body.toString(), "partial;");
      assert.equal(failed.ended, false, "no END_STREAM: the response must not look complete");
      assert.equal(failed.rstCode, constants.NGHTTP2_INTERNAL_ERROR);
      const next = await request(session, { ":path": "/next" });
      assert.equal(next.body.toString(), "next", "the session outlives one failed stream");
      assert.match(server.errors.join(""), /boom after headers/);
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it("drops connection-specific response fields, which HTTP/2 forbids, and keeps repeated Set-Cookie", async () => {
    const server = await startServer((_environ, startResponse) => {
      startResponse("200 OK", [
        ["Set-Cookie", "a=1"],
        ["Connection", "close"],
        ["Keep-Alive", "timeout=5"],
        ["Proxy-Connection", "keep-alive"],
        ["Transfer-Encoding", "chunked"],
        ["Upgrade", "h2c"],
        ["TE", "trailers"],
        ["HTTP2-Settings", "AAMAAABkAAQAAP__"],
        ["Content-Type", "text/plain"],
        ["set-cookie", "b=2; HttpOnly"],
      ]);
      return [encode("fine")];
    });
    const session = await openSession(server.url);
    try {
      const result = await request(session, { ":path": "/" });
      assert.equal(result.status, 200);
      assert.equal(result.body.toString(), "fine");
      const names = result.raw.map(([name]) => name);
      for (const name of ["connection", "keep-alive", "proxy-connection", "transfer-encoding"]) {
        assert.ok(!names.includes(name), `${name} must not be sent`);
      }
      for (const name of ["upgrade", "te", "http2-settings"]) {
        assert.ok(!names.includes(name), `${name} must not be sent`);
      }
      assert.deepEqual(
        result.raw.filter(([name]) => name === "set-cookie").map(([, value]) => value),
        ["a=1", "b=2; HttpOnly"],
        "one set-cookie field per cookie, in order",
      );
      assert.equal(server.errors.join(""), "", "nothing to log");
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it("reads a body sent without Content-Length and ignores the client's trailers", async () => {
    const seen: Environ[] = [];
    const bodies: string[] = [];
    const server = await startServer(async (environ, startResponse) => {
      seen.push(environ);
      bodies.push(new TextDecoder().decode(await environ["tsgi.input"].read()));
      startResponse("200 OK", []);
      return [];
    });
    const session = await openSession(server.url);
    try {
      const stream = session.request(
        { ":path": "/upload", ":method": "POST" },
        { waitForTrailers: true },
      );
      stream.on("wantTrailers", () => stream.sendTrailers({ "x-checksum": "abc" }));
      stream.write("hello ");
      await sleep(20);
      stream.end("world");
      await new Promise<void>((resolve) => stream.on("close", () => resolve()).resume());
      assert.deepEqual(bodies, ["hello world"]);
      const environ = seen[0]!;
      assert.ok(environ.CONTENT_LENGTH === undefined || environ.CONTENT_LENGTH === "");
      assert.equal(environ.HTTP_X_CHECKSUM, undefined, "trailers are not request headers");
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it("applies the header limits with a status and a reason (431, 414), as on HTTP/1.1", async () => {
    let calls = 0;
    const server = await startServer(
      (_environ, startResponse) => {
        calls++;
        startResponse("204 No Content", []);
        return [];
      },
      { maxHeaderCount: 10, maxRequestLineSize: 100 },
    );
    const session = await openSession(server.url);
    try {
      const fields: Record<string, string> = {};
      for (let i = 0; i < 10; i++) fields[`x-field-${i}`] = "v";
      const ten = await request(session, { ":path": "/", ...fields });
      assert.equal(ten.status, 204, "10 fields are allowed; pseudo-headers do not count");
      const eleven = await request(session, { ":path": "/", ...fields, "x-one-more": "v" });
      assert.equal(eleven.status, 431);
      assert.match(eleven.body.toString(), /more than 10 header fields/);
      const long = await request(session, { ":path": `/${"a".repeat(100)}` });
      assert.equal(long.status, 414);
      const big = await request(session, { ":path": "/", "x-big": "b".repeat(10_000) });
      assert.equal(big.status, 431, "a field over maxHeaderFieldSize (8190)");
      assert.equal(calls, 1, "the app is called only for the request within the limits");
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it("refuses a body over maxBodySize with 413, declared or not, and the session carries on", async () => {
    const read: string[] = [];
    const server = await startServer(
      async (environ, startResponse) => {
        try {
          await environ["tsgi.input"].read();
          read.push("whole");
        } catch (error) {
          read.push((error as { code?: string }).code ?? "error");
          throw error; // the server answers for the request body it refused
        }
        startResponse("200 OK", []);
        return [encode("read")];
      },
      { maxBodySize: 1_000 },
    );
    const session = await openSession(server.url);
    try {
      const body = Buffer.alloc(100_000, 0x61);
      const declared = await request(
        session,
        { ":path": "/declared", ":method": "POST", "content-length": String(body.length) },
        body,
      );
      assert.equal(declared.status, 413, "refused from its Content-Length, before the app");
      const streamed = await request(session, { ":path": "/streamed", ":method": "POST" }, body);
      assert.equal(streamed.status, 413, "refused once the body passed the limit");
      assert.deepEqual(read, ["TSGI_E_BODY_TOO_LARGE"]);
      const small = await request(session, { ":path": "/small", ":method": "POST" }, "tiny");
      assert.equal(small.status, 200, "the session still serves requests");
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it("a large response to a request whose body was read in part arrives whole, and the stream ends", async () => {
    const big = Buffer.alloc(1024 * 1024, 0x62);
    const server = await startServer(async (environ, startResponse) => {
      await environ["tsgi.input"].read(10); // a little of it, then answer
      startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
      return [big];
    });
    const session = await openSession(server.url);
    try {
      const upload = Buffer.alloc(200_000, 0x61);
      const result = await request(session, { ":path": "/", ":method": "POST" }, upload);
      assert.equal(result.status, 200);
      assert.equal(result.body.length, big.length, "every byte of the response");
      await waitUntil(() => session.state.outboundQueueSize === 0, "the upload to stop");
      const next = await request(session, { ":path": "/", ":method": "POST" }, "x");
      assert.equal(next.body.length, big.length, "the session carries on");
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it("advertises a bounded number of concurrent streams", async () => {
    const server = await startServer(() => []);
    const session = await openSession(server.url);
    try {
      await waitUntil(() => session.remoteSettings.maxConcurrentStreams !== undefined, "SETTINGS");
      assert.equal(session.remoteSettings.maxConcurrentStreams, 100);
    } finally {
      session.destroy();
      await server.close();
    }
  });
});
