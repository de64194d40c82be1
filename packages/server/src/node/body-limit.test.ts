import assert from "node:assert/strict";
import { createServer } from "node:http";
import { connect } from "node:net";
import type { Socket } from "node:net";
import { describe, it } from "node:test";
import { RawClient, encode, sleep, startServer } from "./_test-helpers.ts";
import { attachApp } from "./listen.ts";

describe("node limits: bodies over maxBodySize mid-stream", { timeout: 30_000 }, () => {
  it("fails the app's read with TSGI_E_BODY_TOO_LARGE, answers 413 and closes", async () => {
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
      { maxBodySize: 16 },
    );
    try {
      const client = await RawClient.connect(server.port);
      client.write("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
      client.write("a\r\n0123456789\r\na\r\n0123456789\r\n");
      const response = await client.readResponse();
      assert.equal(response.status, 413);
      assert.equal(response.header("connection"), "close");
      await client.waitClose();
      assert.equal((readError as { code?: string }).code, "TSGI_E_BODY_TOO_LARGE");
      assert.equal((readError as { status?: number }).status, 413);
      assert.match(server.errorText(), /WARNING.*larger than 16 bytes/);
    } finally {
      await server.close();
    }
  });

  it("does not read all of a 50 MB chunked body sent to a 1 MB limit", async () => {
    const limit = 1024 * 1024;
    const total = 50 * 1024 * 1024;
    let readError: unknown;
    const server = createServer();
    const attached = attachApp(
      server,
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
      { maxBodySize: limit, errorLog: () => {} },
    );
    const accepted: Socket[] = [];
    server.on("connection", (socket: Socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const began = Date.now();
    try {
      const client = connect(port, "127.0.0.1");
      let answer = "";
      let closed = false;
      client.on("data", (data: Buffer) => (answer += data.toString("latin1")));
      client.on("error", () => {}); // EPIPE/ECONNRESET once the server stops reading
      const gone = new Promise<void>((resolve) =>
        client.on("close", () => {
          closed = true;
          resolve();
        }),
      );
      await new Promise<void>((resolve) => client.once("connect", () => resolve()));
      client.write("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
      const chunk = Buffer.concat([
        Buffer.from("10000\r\n"),
        Buffer.alloc(0x10000, 0x61),
        Buffer.from("\r\n"),
      ]);
      let sent = 0;
      while (sent < total && !closed && Date.now() - began < 10_000) {
        sent += 0x10000;
        if (!client.write(chunk)) {
          await Promise.race([new Promise((resolve) => client.once("drain", resolve)), gone]);
        }
      }
      await Promise.race([gone, sleep(5_000)]);
      assert.equal(closed, true, "the server closed the connection");
      const serverRead = accepted[0]!.bytesRead;
      assert.ok(serverRead < 8 * limit, `the server read ${serverRead} bytes of ${total}`);
      assert.ok(sent < total, "the client could not push the whole body");
      assert.equal((readError as { code?: string }).code, "TSGI_E_BODY_TOO_LARGE");
      assert.match(answer, /^HTTP\/1\.1 413 /);
      assert.ok(Date.now() - began < 10_000);
    } finally {
      await attached.shutdown({ timeout: 1_000 });
    }
  });

  it("closes rather than discards past the limit when the app ignores a chunked body", async () => {
    const server = await startServer(
      (_environ, startResponse) => {
        startResponse("200 OK", []);
        return [encode("ignored")];
      },
      { maxBodySize: 1024 },
    );
    try {
      const client = await RawClient.connect(server.port);
      client.write("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
      const response = await client.readResponse();
      assert.equal(response.status, 200);
      const piece = `400\r\n${"b".repeat(1024)}\r\n`;
      let written = 0;
      for (; written < 64 && !client.closed; written++) {
        client.write(piece);
        await sleep(2);
      }
      await client.waitClose();
      assert.ok(written < 64, `the server read on for ${written} KiB`);
    } finally {
      await server.close();
    }
  });

  it("keeps the connection when an ignored chunked body stays within the limit", async () => {
    const server = await startServer(
      (_environ, startResponse) => {
        startResponse("200 OK", []);
        return [encode("ignored")];
      },
      { maxBodySize: 1024 },
    );
    try {
      const client = await RawClient.connect(server.port);
      client.write("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
      assert.equal((await client.readResponse()).status, 200);
      client.write(`10\r\n${"c".repeat(16)}\r\n0\r\n\r\n`);
      client.write("GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
      const next = await client.readResponse();
      assert.equal(next.status, 200);
      assert.equal(client.closed, false);
      client.destroy();
    } finally {
      await server.close();
    }
  });
});
