import assert from "node:assert/strict";
import { connect } from "node:net";
import { describe, it } from "node:test";
import {
  RawClient,
  TrackedBody,
  encode,
  rawRequest,
  sleep,
  startServer,
  waitUntil,
} from "./_test-helpers.ts";

const GET = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";

describe("node server: body lifecycle", { timeout: 30_000 }, () => {
  it("closes sync, async and array bodies exactly once after a response", async () => {
    let syncReturned = 0;
    let syncClosed = 0;
    const asyncBody = new TrackedBody(async function* () {
      yield encode("a");
    });
    const arrayBody = Object.assign([encode("b")], {
      closed: 0,
      close() {
        this.closed++;
      },
    });
    const bodies = {
      sync: () => {
        const generator = (function* () {
          try {
            yield encode("s");
          } finally {
            syncReturned++;
          }
        })();
        return Object.assign(generator, { close: () => void syncClosed++ });
      },
      async: () => asyncBody,
      array: () => arrayBody,
    };
    const server = await startServer((environ, startResponse) => {
      startResponse("200 OK", []);
      return bodies[environ.PATH_INFO.slice(1) as keyof typeof bodies]();
    });
    try {
      for (const name of ["sync", "async", "array"]) {
        const response = await rawRequest(server.port, `GET /${name} HTTP/1.1\r\nHost: t\r\n\r\n`);
        assert.equal(response.status, 200);
      }
      await waitUntil(
        () => syncClosed === 1 && asyncBody.closed === 1 && arrayBody.closed === 1,
        "closes",
      );
      await sleep(20);
      assert.equal(syncReturned, 1, "generator finished normally");
      assert.equal(syncClosed, 1);
      assert.equal(asyncBody.closed, 1);
      assert.equal(asyncBody.returned, 0, "return() is only for iterations that stopped early");
      assert.equal(arrayBody.closed, 1);
    } finally {
      await server.close();
    }
  });

  it("on a client gone mid-stream: fires tsgi.signal, return() and close() once, no more pulls", async () => {
    let signal: AbortSignal | undefined;
    const body = new TrackedBody(async function* () {
      for (;;) {
        yield encode("x".repeat(1024));
        await sleep(10);
      }
    });
    const server = await startServer((environ, startResponse) => {
      signal = environ["tsgi.signal"];
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return body;
    });
    try {
      const client = await RawClient.connect(server.port);
      client.write(GET);
      await client.waitFor((text) => text.includes("xxxx"), "the first chunk");
      client.destroy();
      await waitUntil(() => body.closed === 1, "the body to be closed");
      assert.equal(signal?.aborted, true);
      assert.equal(body.returned, 1);
      const pulled = body.pulled;
      await sleep(60);
      assert.equal(body.pulled, pulled, "no pulls after the disconnect");
      assert.equal(body.closed, 1);
      assert.equal(body.returned, 1);
      assert.doesNotMatch(server.errorText(), /Error handling request/);
    } finally {
      await server.close();
    }
  });

  it("fires tsgi.signal for a client gone while the app works, and still closes the body", async () => {
    let sawAbort = false;
    const body = new TrackedBody(async function* () {
      yield encode("never sent");
    });
    const server = await startServer(async (environ, startResponse) => {
      const signal = environ["tsgi.signal"]!;
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      sawAbort = signal.aborted;
      startResponse("200 OK", []);
      return body;
    });
    try {
      const client = await RawClient.connect(server.port);
      client.write(GET);
      await sleep(30);
      client.destroy();
      await waitUntil(() => body.closed === 1, "the body to be closed");
      assert.equal(sawAbort, true);
      assert.equal(body.pulled, 0, "a body for a gone client is not iterated");
    } finally {
      await server.close();
    }
  });

  it("never fires tsgi.signal for requests that complete, even if the client leaves later", async () => {
    const signals: AbortSignal[] = [];
    const server = await startServer((environ, startResponse) => {
      signals.push(environ["tsgi.signal"]!);
      startResponse("200 OK", []);
      return [encode("done")];
    });
    try {
      const client = await RawClient.connect(server.port);
      client.write(GET);
      await client.readResponse();
      client.write("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
      await client.readResponse();
      client.destroy();
      await sleep(50);
      assert.equal(signals.length, 2);
      assert.deepEqual(
        signals.map((signal) => signal.aborted),
        [false, false],
      );
    } finally {
      await server.close();
    }
  });

  it("holds the generator back while a client does not read (backpressure)", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const chunks = 1024; // 64 MiB in all: far more than socket buffers can hide
    const body = new TrackedBody(async function* () {
      for (let i = 0; i < chunks; i++) yield chunk;
    });
    const server = await startServer((_environ, startResponse) => {
      startResponse("200 OK", [["Content-Length", String(chunk.byteLength * chunks)]]);
      return body;
    });
    try {
      const socket = connect(server.port, "127.0.0.1");
      socket.pause(); // read nothing
      socket.write(GET);
      await waitUntil(() => body.pulled > 0, "the first pull");
      await sleep(300);
      const stalled = body.pulled;
      await sleep(200);
      assert.equal(body.pulled, stalled, "no pulls while the client reads nothing");
      assert.ok(stalled < chunks / 4, `pulled ${stalled} of ${chunks} chunks without a reader`);

      let received = 0;
      const ended = new Promise<void>((resolve) => {
        socket.on("data", (data: Buffer) => {
          received += data.byteLength;
          if (received >= chunk.byteLength * chunks) resolve();
        });
      });
      socket.resume();
      await ended;
      await waitUntil(() => body.closed === 1, "the body to be closed");
      assert.equal(body.pulled, chunks);
      assert.equal(body.finished, true);
      socket.destroy();
    } finally {
      await server.close();
    }
  });
});

describe("node server: app errors", { timeout: 20_000 }, () => {
  it("answers 500 text/plain for errors before headers, with the stack in the error log", async () => {
    const failures: Record<string, () => unknown> = {
      "/throw": () => {
        throw new Error("sync-throw");
      },
      "/reject": () => Promise.reject(new Error("async-reject")),
      "/first-chunk": () =>
        (async function* () {
          yield* [];
          throw new Error("first-chunk-throw");
        })(),
      "/string-body": () => "oops",
      "/bytes-body": () => encode("bare"),
      "/string-chunk": () => ["text"],
      "/null-body": () => null,
    };
    const server = await startServer((environ, startResponse) => {
      if (environ.PATH_INFO !== "/no-start") startResponse("200 OK", [["X-Leak", "1"]]);
      if (environ.PATH_INFO === "/no-start") return [encode("orphan")];
      return failures[environ.PATH_INFO]!() as never;
    });
    try {
      for (const path of [...Object.keys(failures), "/no-start"]) {
        const response = await rawRequest(server.port, `GET ${path} HTTP/1.1\r\nHost: t\r\n\r\n`);
        assert.equal(response.status, 500, path);
        assert.equal(response.header("content-type"), "text/plain; charset=utf-8", path);
        assert.equal(response.header("x-leak"), undefined, path);
        assert.equal(response.body.toString(), "Internal Server Error\n", path);
      }
      const log = server.errorText();
      assert.match(log, /Error handling request GET \/throw\nError: sync-throw\n\s+at /);
      for (const text of [
        "async-reject",
        "first-chunk-throw",
        "TSGI_E_INVALID_BODY",
        "bare Uint8Array",
      ]) {
        assert.match(log, new RegExp(text.replace("TSGI_E_INVALID_BODY", "returned a string")));
      }
      assert.match(log, /body chunks must be Uint8Array, got string/);
      assert.match(log, /before startResponse\(\) was called/);
    } finally {
      await server.close();
    }
  });

  it("aborts the connection for an error after headers, and closes the body once", async () => {
    let closed = 0;
    const server = await startServer((_environ, startResponse) => {
      startResponse("200 OK", []);
      const generator = (async function* () {
        yield encode("partial");
        await sleep(5);
        throw new Error("mid-stream");
      })();
      return Object.assign(generator, { close: () => void closed++ });
    });
    try {
      const client = await RawClient.connect(server.port);
      client.write(GET);
      const rest = await client.waitClose();
      assert.match(rest, /partial\r\n$/, "the chunked body stops without its last chunk");
      await waitUntil(() => closed === 1, "close()");
      assert.match(server.errorText(), /mid-stream/);
    } finally {
      await server.close();
    }
  });

  it("sends tsgi.errors writes to the error log", async () => {
    const server = await startServer((environ, startResponse) => {
      environ["tsgi.errors"].write("app says hello\n");
      environ["tsgi.errors"].writelines(["line 1\n", "line 2\n"]);
      startResponse("200 OK", []);
      return [];
    });
    try {
      await rawRequest(server.port, GET);
      assert.equal(server.errorText(), "app says hello\nline 1\nline 2\n");
    } finally {
      await server.close();
    }
  });
});
