import assert from "node:assert/strict";
import { createServer } from "node:http";
import { connect } from "node:net";
import { describe, it } from "node:test";
import { RawClient, encode, sleep, startServer, waitUntil } from "./_test-helpers.ts";
import { attachApp, nodeServer } from "./index.ts";

const GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";

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

describe("node server: listen and graceful close", { timeout: 20_000 }, () => {
  it("reports its address and URL", async () => {
    const server = await startServer(() => []);
    try {
      assert.equal(server.handle.name, "node");
      assert.equal(server.handle.address.host, "127.0.0.1");
      assert.ok(server.port > 0);
      assert.equal(server.url, `http://127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it("gives a wildcard bind a loopback URL and per-connection SERVER_NAME", async () => {
    let serverName: string | undefined;
    const server = await startServer(
      (environ, startResponse) => {
        serverName = environ.SERVER_NAME;
        startResponse("200 OK", []);
        return [];
      },
      { host: "0.0.0.0" },
    );
    try {
      assert.equal(server.url, `http://127.0.0.1:${server.port}`);
      const response = await fetch(server.url);
      assert.equal(response.status, 200);
      assert.match(serverName ?? "", /127\.0\.0\.1$/);
    } finally {
      await server.close();
    }
  });

  it("rejects when the port is taken", async () => {
    const server = await startServer(() => []);
    try {
      await assert.rejects(
        nodeServer.listen(() => [], { port: server.port }),
        { code: "EADDRINUSE" },
      );
    } finally {
      await server.close();
    }
  });

  it("lets an in-flight request finish, stops accepting, and closes the connection after", async () => {
    let started = false;
    const server = await startServer(async (_environ, startResponse) => {
      started = true;
      await sleep(150);
      startResponse("200 OK", []);
      return [encode("finished")];
    });
    const client = await RawClient.connect(server.port);
    client.write(GET);
    await waitUntil(() => started, "the app to start");
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await sleep(10);
    assert.equal(await refused(server.port), true, "no new connections once closing");
    assert.equal(closed, false, "close waits for the in-flight request");
    const response = await client.readResponse();
    assert.equal(response.body.toString(), "finished");
    assert.equal(response.header("connection"), "close");
    await client.waitClose();
    await closing;
    assert.equal(closed, true);
  });

  it("closes idle keep-alive connections at once, and busy ones as soon as they finish", async () => {
    const server = await startServer(async (environ, startResponse) => {
      startResponse("200 OK", []);
      if (environ.PATH_INFO !== "/slow") return [encode("quick")];
      return (async function* () {
        yield encode("head start;");
        await sleep(100);
        yield encode("end");
      })();
    });
    const idle = await RawClient.connect(server.port);
    idle.write(GET);
    await idle.readResponse();
    const busy = await RawClient.connect(server.port);
    busy.write("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    await busy.waitFor((text) => text.includes("head start"), "the streamed head");
    const began = Date.now();
    const closing = server.close();
    await idle.waitClose(500);
    const response = await busy.readResponse();
    assert.equal(response.body.toString(), "head start;end");
    await busy.waitClose(1_000);
    await closing;
    assert.ok(Date.now() - began < 1_500, "no wait for the keep-alive timeout");
  });

  it("cuts off what is left after the timeout: signal fired, body closed", async () => {
    let signal: AbortSignal | undefined;
    let closedBodies = 0;
    const handle = await nodeServer.listen(
      (environ, startResponse) => {
        signal = environ["tsgi.signal"];
        startResponse("200 OK", []);
        const body = (async function* () {
          yield encode("forever");
          await new Promise((resolve) => signal!.addEventListener("abort", resolve));
        })();
        return Object.assign(body, { close: () => void closedBodies++ });
      },
      { port: 0, errorLog: () => {} },
    );
    const client = await RawClient.connect(handle.address.port);
    client.write(GET);
    await client.waitFor((text) => text.includes("forever"), "the first chunk");
    const began = Date.now();
    await handle.close({ timeout: 100 });
    assert.ok(Date.now() - began < 1_000);
    assert.equal(signal?.aborted, true);
    await waitUntil(() => closedBodies === 1, "the body to be closed");
    await client.waitClose();
  });

  it("uses gracefulTimeout as close()'s default budget", async () => {
    let signal: AbortSignal | undefined;
    const handle = await nodeServer.listen(
      async (environ) => {
        signal = environ["tsgi.signal"];
        await new Promise((resolve) => signal!.addEventListener("abort", resolve));
        return [];
      },
      { port: 0, gracefulTimeout: 150, errorLog: () => {} },
    );
    const client = await RawClient.connect(handle.address.port);
    client.write(GET);
    await waitUntil(() => signal !== undefined, "the app to start");
    const began = Date.now();
    await handle.close();
    const took = Date.now() - began;
    assert.ok(took >= 100 && took < 2_000, `closed after ${took} ms`);
    assert.equal(signal?.aborted, true);
    await client.waitClose();
  });

  it("uses gracefulTimeout for attachApp's shutdown too", async () => {
    const server = createServer();
    let started = false;
    const attached = attachApp(
      server,
      async (environ) => {
        started = true;
        await new Promise((resolve) => environ["tsgi.signal"]!.addEventListener("abort", resolve));
        return [];
      },
      { gracefulTimeout: 100, errorLog: () => {} },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const client = await RawClient.connect((server.address() as { port: number }).port);
    client.write(GET);
    await waitUntil(() => started, "the app to start");
    const began = Date.now();
    await attached.shutdown();
    assert.ok(Date.now() - began < 2_000);
    await client.waitClose();
  });

  it("does not wait for a connection that never sent a byte", async () => {
    const server = await startServer(() => []);
    const silent = await RawClient.connect(server.port);
    await sleep(20);
    const began = Date.now();
    await server.handle.close({ timeout: 5_000 });
    assert.ok(Date.now() - began < 2_000, "close() did not wait for the silent client");
    await silent.waitClose(1_000);
  });

  it("still serves a request that arrives on a connection accepted just before close()", async () => {
    const server = await startServer((_environ, startResponse) => {
      startResponse("200 OK", []);
      return [encode("late but served")];
    });
    const client = await RawClient.connect(server.port);
    const closing = server.handle.close({ timeout: 5_000 });
    await sleep(100);
    client.write(GET);
    const response = await client.readResponse();
    assert.equal(response.body.toString(), "late but served");
    assert.equal(response.header("connection"), "close");
    await closing;
  });

  it("returns the same promise when close() is called twice", async () => {
    const server = await startServer(() => []);
    const first = server.handle.close();
    const second = server.handle.close();
    assert.equal(first, second);
    await first;
  });
});
