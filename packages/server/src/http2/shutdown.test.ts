// Graceful close over HTTP/2: GOAWAY, streams in flight finish, idle sessions close, and a
// bounded timeout for streams that never end; idle sessions also close on their own.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { encode, openSession, request, sleep, startServer, waitUntil } from "./_test-helpers.ts";

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("http2 server: graceful close", { timeout: 20_000 }, () => {
  it("sends GOAWAY, lets the stream in flight finish, refuses new streams and connections", async () => {
    let release: (() => void) | undefined;
    let slowCalled = false;
    const app: App = async (environ, startResponse) => {
      if (environ.PATH_INFO === "/slow") {
        slowCalled = true;
        await new Promise<void>((resolve) => (release = resolve));
      }
      startResponse("200 OK", []);
      return [encode(`done ${environ.PATH_INFO}`)];
    };
    for (const tls of [false, true]) {
      const server = await startServer(app, { tls });
      const busy = await openSession(server.url);
      const idle = await openSession(server.url);
      let goaway = false;
      busy.on("goaway", () => (goaway = true));
      let idleClosed = false;
      idle.on("close", () => (idleClosed = true));
      try {
        assert.equal((await request(idle, { ":path": "/quick" })).status, 200);
        slowCalled = false;
        const slow = request(busy, { ":path": "/slow" });
        await waitUntil(() => slowCalled, "the slow request to reach the app");
        const closing = server.handle.close({ timeout: 5_000 });
        await waitUntil(() => goaway, "GOAWAY on the busy session");
        await waitUntil(() => idleClosed, "the idle session to close");
        assert.throws(() => busy.request({ ":path": "/late" }), {
          code: "ERR_HTTP2_GOAWAY_SESSION",
        });
        assert.equal(await refused(server.port), true, "no new connections while closing");
        release!();
        const result = await slow;
        assert.equal(result.status, 200);
        assert.equal(result.body.toString(), "done /slow", "the stream in flight finished");
        await closing;
      } finally {
        busy.destroy();
        idle.destroy();
        await server.close();
      }
    }
  });

  it("resets streams that outlive the timeout, closing their bodies and firing tsgi.signal", async () => {
    let signal: AbortSignal | undefined;
    let closes = 0;
    const server = await startServer((environ, startResponse) => {
      signal = environ["tsgi.signal"];
      startResponse("200 OK", []);
      const ticks = (async function* () {
        for (const end = Date.now() + 10_000; Date.now() < end;) {
          yield encode("tick\n");
          await sleep(20);
        }
      })();
      return Object.assign(ticks, { close: () => void closes++ });
    });
    const session = await openSession(server.url);
    try {
      const stream = request(session, { ":path": "/forever" }, undefined, 5_000);
      await waitUntil(() => signal !== undefined, "the request to reach the app");
      const started = Date.now();
      await server.handle.close({ timeout: 300 });
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 2_000, `close() took ${took} ms with a 300 ms timeout`);
      // The client's stream closes with the session (node's client cannot tell that from an
      // ended response: the server's side is what is checked).
      await stream;
      await waitUntil(
        () => signal!.aborted && closes === 1,
        "the body closed and tsgi.signal fired",
      );
    } finally {
      session.destroy();
      await server.close();
    }
  });

  it("closes a session without open streams after keepAliveTimeout", async () => {
    const server = await startServer(
      (_environ, startResponse) => {
        startResponse("204 No Content", []);
        return [];
      },
      { keepAliveTimeout: 200 },
    );
    const session = await openSession(server.url);
    let closed = false;
    session.on("close", () => (closed = true));
    try {
      assert.equal((await request(session, { ":path": "/" })).status, 204);
      await sleep(100);
      assert.equal(closed, false, "not before the timeout");
      await waitUntil(() => closed, "the idle session to close", 2_000);
    } finally {
      session.destroy();
      await server.close();
    }
  });
});
