// The raw client is the suite's eyes: if it misreads framing, every verdict is wrong. These
// tests pin its parser on hand-written bytes and its waits on a real (misbehaving) socket.
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { after, describe, test } from "node:test";
import { ProtocolError, RawConnection, parseResponse } from "./_raw-http.ts";

const bytes = (text: string) => Buffer.from(text, "latin1");

function parsed(text: string, method = "GET", eof = false) {
  const result = parseResponse(bytes(text), method, eof);
  assert.equal(result.kind, "done", "expected a complete parse");
  if (result.kind !== "done") throw new Error("unreachable");
  return result;
}

describe("parseResponse", () => {
  test("Content-Length body, leaving the next response's bytes alone", () => {
    const text =
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n\r\nhello";
    const { response, consumed } = parsed(text + "HTTP/1.1");
    assert.equal(response.status, 200);
    assert.equal(response.reason, "OK");
    assert.equal(response.text(), "hello");
    assert.equal(response.framing, "content-length");
    assert.deepEqual(response.all("Set-Cookie"), ["a=1", "b=2"]);
    assert.equal(consumed, text.length);
  });

  test("chunked body with an extension and a trailer", () => {
    const text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n";
    const { response, consumed } = parsed(text + "rest");
    assert.equal(response.text(), "abc0123456789");
    assert.equal(response.complete, true);
    assert.equal(consumed, text.length);
  });

  test("needs more bytes, then reports a cut-short body at EOF", () => {
    const text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\nde";
    assert.equal(parseResponse(bytes(text), "GET", false).kind, "more");
    const { response } = parsed(text, "GET", true);
    assert.equal(response.complete, false);
    assert.equal(response.text(), "abcde");
    const short = parsed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234", "GET", true);
    assert.equal(short.response.complete, false);
  });

  test("an empty chunk ends the body: the parser does not read past it", () => {
    const { response, consumed } = parsed(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n1\r\nb\r\n0\r\n\r\n",
    );
    assert.equal(response.text(), "a");
    assert.equal(consumed, 58);
  });

  test("close-delimited bodies end only at EOF", () => {
    const text = "HTTP/1.1 200 OK\r\n\r\nuntil close";
    assert.equal(parseResponse(bytes(text), "GET", false).kind, "more");
    assert.equal(parsed(text, "GET", true).response.text(), "until close");
  });

  test("HEAD, 1xx, 204 and 304 have no body whatever their headers say", () => {
    for (const [head, method] of [
      ["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", "HEAD"],
      ["HTTP/1.1 100 Continue\r\n\r\n", "POST"],
      ["HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", "GET"],
      ["HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", "GET"],
    ] as const) {
      const { response, consumed } = parsed(head + "leftover", method);
      assert.equal(response.body.length, 0);
      assert.equal(consumed, head.length);
    }
  });

  test("malformed heads and ambiguous framing are protocol errors", () => {
    for (const text of [
      "HTTP/1.1 200OK\r\n\r\n",
      "HTTP/2 200 OK\r\n\r\n",
      "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nX: a\nY: b\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ]) {
      assert.throws(() => parseResponse(bytes(text), "GET", false), ProtocolError, text);
    }
    assert.throws(() => parseResponse(bytes("HTTP/1.1 200"), "GET", true), ProtocolError);
  });
});

describe("RawConnection", () => {
  const sockets = new Set<Socket>();
  let onConnection: (socket: Socket) => void = () => {};
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  const listening = new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = async () => {
    await listening;
    return (server.address() as AddressInfo).port;
  };
  after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });

  test("a server that never answers fails the read within its timeout", async () => {
    onConnection = () => {};
    const connection = await RawConnection.open(await port(), "127.0.0.1");
    const started = Date.now();
    await assert.rejects(connection.readResponse({ timeoutMs: 150 }), /timed out/);
    assert.ok(Date.now() - started < 1_000);
    connection.destroy();
  });

  test("reads two pipelined responses from one packet, then sees the close", async () => {
    onConnection = (socket) =>
      socket.end("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 201 Created\r\n\r\nb");
    const connection = await RawConnection.open(await port(), "127.0.0.1");
    assert.equal((await connection.readResponse()).text(), "a");
    const second = await connection.readResponse();
    assert.equal(second.status, 201);
    assert.equal(second.text(), "b");
    await connection.waitForEnd(1_000);
    assert.equal(connection.ended, true);
  });

  test("expectSilence fails on any byte", async () => {
    onConnection = (socket) => setTimeout(() => socket.write("x"), 20);
    const connection = await RawConnection.open(await port(), "127.0.0.1");
    await assert.rejects(connection.expectSilence(200, "quiet"), /quiet, but the server sent "x"/);
    connection.destroy();
  });
});
