// The HTTP/2 transport's own parts, pinned on hand-written bytes: the reader that turns the
// cases' HTTP/1.x requests into messages, and the frame tap that decides whether a response
// arrived whole. If either misreads, every HTTP/2 verdict is wrong.
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, test } from "node:test";
import { FrameTap } from "./_h2-frames.ts";
import { Http1RequestReader, RequestSyntaxError, type RequestEvent } from "./_h2-request.ts";

const latin1 = (text: string) => Buffer.from(text, "latin1");

function summary(events: RequestEvent[]): unknown[] {
  return events.map((event) =>
    event.kind === "head"
      ? ["head", event.head.method, event.head.target, event.head.framing, event.head.headers]
      : event.kind === "data"
        ? ["data", event.bytes.toString("latin1")]
        : ["end", event.trailers],
  );
}

describe("Http1RequestReader", () => {
  test("a request without a body ends with its head", () => {
    const reader = new Http1RequestReader();
    const events = reader.push(latin1("GET /a?b HTTP/1.1\r\nHost: h\r\nX_Y: 1\r\n\r\n"));
    assert.deepEqual(summary(events), [
      [
        "head",
        "GET",
        "/a?b",
        "none",
        [
          ["Host", "h"],
          ["X_Y", "1"],
        ],
      ],
      ["end", []],
    ]);
  });

  test("a Content-Length body split across writes, then the next request", () => {
    const reader = new Http1RequestReader();
    const first = reader.push(latin1("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhe"));
    const second = reader.push(latin1("llo" + "GET /next HTTP/1.1\r\n\r\n"));
    assert.deepEqual(summary(first), [
      ["head", "POST", "/", "length", [["Content-Length", "5"]]],
      ["data", "he"],
    ]);
    assert.deepEqual(summary(second), [
      ["data", "llo"],
      ["end", []],
      ["head", "GET", "/next", "none", []],
      ["end", []],
    ]);
  });

  test("Content-Length: 0 is a request without a body", () => {
    const events = new Http1RequestReader().push(
      latin1("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
    );
    assert.deepEqual(summary(events).at(-1), ["end", []]);
  });

  test("a chunked body is decoded, extensions dropped, trailers kept", () => {
    const reader = new Http1RequestReader();
    const events = [
      ...reader.push(latin1("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")),
      ...reader.push(latin1("lo\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Sum: none\r\n\r\n")),
    ];
    const data = events.flatMap((event) => (event.kind === "data" ? [event.bytes] : []));
    assert.equal(Buffer.concat(data).toString(), "hello 0123456789");
    assert.deepEqual(events.at(-1), { kind: "end", trailers: [["X-Sum", "none"]] });
  });

  test("refuses what it cannot translate", () => {
    assert.throws(
      () => new Http1RequestReader().push(latin1("GARBAGE\r\n\r\n")),
      RequestSyntaxError,
    );
    assert.throws(
      () =>
        new Http1RequestReader().push(latin1("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")),
      RequestSyntaxError,
    );
  });
});

function frame(type: number, flags: number, id: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(id, 5);
  return Buffer.concat([header, payload]);
}

describe("FrameTap", () => {
  test("notes END_STREAM on DATA and HEADERS and RST_STREAM codes, byte by byte too", async () => {
    const socket = new PassThrough();
    const tap = new FrameTap(socket);
    const forwarded: Buffer[] = [];
    tap.on("data", (chunk: Buffer) => forwarded.push(chunk));
    const rst = Buffer.alloc(4);
    rst.writeUInt32BE(2);
    const wire = Buffer.concat([
      frame(0x4, 0, 0, Buffer.alloc(6)), // SETTINGS
      frame(0x1, 0x4, 1, Buffer.from("hpack")), // HEADERS, END_HEADERS only
      frame(0x0, 0x1, 1, Buffer.from("body")), // DATA, END_STREAM
      frame(0x1, 0x5, 3), // HEADERS with END_STREAM (a 204)
      frame(0x0, 0, 5, Buffer.from("partial")),
      frame(0x3, 0, 5, rst), // RST_STREAM INTERNAL_ERROR
    ]);
    for (const byte of wire) socket.write(Buffer.of(byte));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([...tap.ended].sort(), [1, 3]);
    assert.deepEqual([...tap.reset], [[5, 2]]);
    assert.ok(Buffer.concat(forwarded).equals(wire), "every byte is passed on unchanged");
  });
});
