// Connection management: keep-alive, pipelining, HTTP/1.0 clients, Connection: close and
// concurrency.
import assert from "node:assert/strict";
import type { App, Environ } from "../../types.ts";
import {
  type ConformanceCase,
  bytes,
  deferred,
  fetchOver,
  rawRequest,
  recordingApp,
  settlesWithin,
  sleep,
} from "../_harness.ts";

/** An app whose "/stream" body has two chunks (unknown length) and whose "/known" is an array. */
function streamOrKnown(): App {
  return (environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    if (environ.PATH_INFO === "/known") return [bytes("known")];
    return (async function* () {
      yield bytes("one;");
      yield bytes("two");
    })();
  };
}

export const connectionCases: ConformanceCase[] = [
  {
    id: "connection.keep-alive",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen, (environ) => environ.PATH_INFO));
      const connection = await context.connect(served);
      for (const path of ["/one", "/two"]) {
        await connection.send(rawRequest(served, "GET", path));
        const response = await connection.readResponse();
        assert.equal(response.text(), path);
        assert.ok(
          !/\bclose\b/i.test(response.get("connection") ?? ""),
          `${path}: Connection: close`,
        );
      }
      await connection.expectSilence(100, "an idle keep-alive connection stays quiet");
      assert.equal(connection.ended, false, "the connection stays open between requests");
      const ports = seen.map((environ) => environ.REMOTE_PORT);
      assert.equal(ports[0], ports[1], "both requests came over one connection");
    },
  },

  {
    id: "connection.pipelined",
    async run(context) {
      const served = await context.serve(
        recordingApp([], async (environ) => {
          if (environ.PATH_INFO !== "/first") return environ.PATH_INFO;
          const body = new TextDecoder().decode(await environ["tsgi.input"].read());
          await sleep(100); // slower than the requests behind it: order must still hold
          return `first:${body}`;
        }),
      );
      const connection = await context.connect(served);
      await connection.send(
        rawRequest(served, "POST", "/first", { body: "hello" }) +
          rawRequest(served, "GET", "/second") +
          rawRequest(served, "GET", "/third"),
      );
      for (const expected of ["first:hello", "/second", "/third"]) {
        assert.equal((await connection.readResponse()).text(), expected);
      }
    },
  },

  {
    id: "connection.http10",
    async run(context) {
      const served = await context.serve(streamOrKnown());
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/stream", { version: "HTTP/1.0" }));
      const response = await connection.readResponse();
      assert.equal(
        response.get("transfer-encoding"),
        undefined,
        "HTTP/1.0 has no chunked encoding",
      );
      assert.equal(response.complete, true);
      assert.equal(response.text(), "one;two");
      await connection.waitForEnd();
    },
  },

  {
    id: "connection.http10-keep-alive",
    async run(context) {
      const served = await context.serve(streamOrKnown());
      const connection = await context.connect(served);
      const keepAlive = { version: "HTTP/1.0", headers: [["Connection", "keep-alive"]] } as const;
      await connection.send(rawRequest(served, "GET", "/known", keepAlive));
      const known = await connection.readResponse();
      assert.equal(known.text(), "known");
      assert.equal(known.get("content-length"), "5", "a known length is announced");
      assert.match(
        known.get("connection") ?? "",
        /keep-alive/i,
        "HTTP/1.0 keep-alive is confirmed",
      );
      await connection.expectSilence(100, "the connection is kept alive");
      assert.equal(connection.ended, false, "the connection is kept alive");
      await connection.send(rawRequest(served, "GET", "/stream", keepAlive));
      const streamed = await connection.readResponse();
      assert.equal(
        streamed.get("transfer-encoding"),
        undefined,
        "HTTP/1.0 has no chunked encoding",
      );
      assert.equal(streamed.text(), "one;two");
      await connection.waitForEnd();
    },
  },

  {
    id: "connection.close-request",
    async run(context) {
      const served = await context.serve(recordingApp([]));
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/", { headers: [["Connection", "close"]] }));
      const response = await connection.readResponse();
      assert.equal(response.text(), "ok");
      assert.match(response.get("connection") ?? "", /\bclose\b/i);
      await connection.waitForEnd();
    },
  },

  {
    id: "connection.concurrent",
    async run(context) {
      const count = 4;
      let arrived = 0;
      const everyone = deferred();
      const served = await context.serve(
        recordingApp([], async () => {
          arrived += 1;
          if (arrived === count) everyone.resolve();
          return (await settlesWithin(everyone.promise)) ? "together" : "alone";
        }),
      );
      const results = await Promise.all(
        Array.from({ length: count }, () => fetchOver(served, "/barrier")),
      );
      for (const result of results) assert.equal(result.body.toString(), "together");
    },
  },
];
