// One cleartext port, two protocols: the connection's first bytes decide, however they are
// split into packets, and the bytes read to decide are never lost.
import assert from "node:assert/strict";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { describe, it } from "node:test";
import type { App } from "@tsgi/core";
import { encode, sleep, startServer, waitUntil } from "./_test-helpers.ts";
import { HTTP2_PREFACE } from "./index.ts";

const echo: App = async (environ, startResponse) => {
  const body = await environ["tsgi.input"].read();
  startResponse("200 OK", [["Content-Type", "text/plain"]]);
  return [encode(`${environ.SERVER_PROTOCOL} ${environ.PATH_INFO} `), body];
};

/** A raw connection that collects what the server sends. */
async function rawConnect(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let received = Buffer.alloc(0);
  let closed = false;
  socket.on("data", (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  socket.on("error", () => {});
  socket.on("close", () => (closed = true));
  return {
    socket,
    received: () => received,
    closed: () => closed,
  };
}

describe("http2 server: one cleartext port for h2c and HTTP/1.1", { timeout: 20_000 }, () => {
  it("hands a connection to HTTP/2 when its preface arrives one byte at a time", async () => {
    const server = await startServer(echo);
    const client = await rawConnect(server.port);
    try {
      for (const byte of HTTP2_PREFACE) {
        client.socket.write(Buffer.of(byte));
        await sleep(2);
      }
      client.socket.write(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])); // an empty SETTINGS frame
      await waitUntil(() => client.received().length >= 9, "the server's first frame");
      assert.equal(client.received()[3], 4, "the server answers with its SETTINGS frame");
    } finally {
      client.socket.destroy();
      await server.close();
    }
  });

  it("hands a connection to HTTP/1.1 at its first byte that is not the preface's, losing none", async () => {
    const server = await startServer(echo);
    const client = await rawConnect(server.port);
    try {
      // "P" could still begin the preface; "O" cannot. The body follows in a later packet.
      client.socket.write("P");
      await sleep(20);
      client.socket.write("OST /split HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhe");
      await sleep(20);
      client.socket.write("llo");
      await waitUntil(() => client.received().includes("hello"), "the response");
      const text = client.received().toString("latin1");
      assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
      assert.ok(text.endsWith("HTTP/1.1 /split hello"), text);
    } finally {
      client.socket.destroy();
      await server.close();
    }
  });

  it("answers an HTTP/1.1 Upgrade: h2c request in HTTP/1.1 (node cannot take the upgrade)", async () => {
    const server = await startServer(echo);
    const client = await rawConnect(server.port);
    try {
      client.socket.write(
        "GET /upgrade HTTP/1.1\r\nHost: t\r\nConnection: Upgrade, HTTP2-Settings\r\n" +
          "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
      );
      await waitUntil(() => client.received().includes("/upgrade"), "the response");
      const text = client.received().toString("latin1");
      assert.match(text, /^HTTP\/1\.1 200 OK\r\n/, "no 101 Switching Protocols");
      assert.ok(!/^upgrade:/im.test(text), "no Upgrade header in the answer");
    } finally {
      client.socket.destroy();
      await server.close();
    }
  });

  it("drops a connection that sends nothing within headersTimeout", async () => {
    const server = await startServer(echo, { headersTimeout: 200 });
    const client = await rawConnect(server.port);
    try {
      await waitUntil(() => client.closed(), "the silent connection to be closed", 2_000);
      assert.equal(client.received().length, 0);
    } finally {
      client.socket.destroy();
      await server.close();
    }
  });

  it("closes a connection that sent nothing at once on close()", async () => {
    const server = await startServer(echo);
    const client = await rawConnect(server.port);
    await sleep(20);
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 1_000, "close() did not wait for the silent connection");
    await waitUntil(() => client.closed(), "the silent connection to be closed", 1_000);
  });
});
