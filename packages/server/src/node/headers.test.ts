import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { prepareResponseHead, statusHasNoBody } from "./headers.ts";

describe("prepareResponseHead", () => {
  it("splits the status and keeps headers in order, flattened for writeHead", () => {
    const head = prepareResponseHead("404 Not Here", [
      ["Set-Cookie", "a=1"],
      ["X-Latin1", "\u00e9"],
      ["Set-Cookie", "b=2"],
    ]);
    assert.equal(head.code, 404);
    assert.equal(head.reason, "Not Here");
    assert.deepEqual(head.headers, [
      "Set-Cookie",
      "a=1",
      "X-Latin1",
      "\u00e9",
      "Set-Cookie",
      "b=2",
    ]);
    assert.equal(head.contentLength, undefined);
    assert.equal(head.close, false);
  });

  it("accepts an empty reason and fills in a missing one", () => {
    assert.equal(prepareResponseHead("200 ", []).reason, "");
    assert.equal(prepareResponseHead("404", []).reason, "Not Found");
  });

  it("rejects malformed statuses with TSGI_E_INVALID_STATUS", () => {
    for (const status of [
      "OK",
      "20 OK",
      "099 Low",
      "1000 Big",
      "200 OK\r\nX: y",
      "200 \u0100",
      200,
      " 200 OK",
    ]) {
      assert.throws(
        () => prepareResponseHead(status, []),
        { code: "TSGI_E_INVALID_STATUS" },
        String(status),
      );
    }
  });

  it("rejects headers node could not send with TSGI_E_INVALID_HEADER", () => {
    const bad: unknown[] = [
      "not an array",
      [["X-A"]],
      [["X A", "1"]],
      [["", "1"]],
      [["X-A", "1\r\nX-B: 2"]],
      [["X-A", "\u0100"]],
      [["X-A", "\u0001"]],
      [["X-A", 1]],
      [["Content-Length", "12a"]],
      [
        ["Content-Length", "1"],
        ["Content-Length", "2"],
      ],
    ];
    for (const headers of bad) {
      assert.throws(
        () => prepareResponseHead("200 OK", headers),
        { code: "TSGI_E_INVALID_HEADER" },
        JSON.stringify(headers),
      );
    }
  });

  it("drops hop-by-hop headers in any case, and notes Connection: close", () => {
    const head = prepareResponseHead("200 OK", [
      ["connection", "Keep-Alive, CLOSE"],
      ["TE", "trailers"],
      ["Proxy-Authenticate", "Basic"],
      ["proxy-authorization", "x"],
      ["X-Kept", "1"],
    ]);
    assert.deepEqual(head.headers, ["X-Kept", "1"]);
    assert.equal(head.close, true);
    assert.equal(prepareResponseHead("200 OK", [["Connection", "keep-alive"]]).close, false);
  });

  it("reads Content-Length and collapses equal duplicates", () => {
    const head = prepareResponseHead("200 OK", [
      ["Content-Length", "5"],
      ["content-length", "5"],
    ]);
    assert.equal(head.contentLength, 5);
    assert.deepEqual(head.headers, ["Content-Length", "5"]);
  });

  it("knows which statuses carry no body", () => {
    assert.deepEqual([100, 101, 200, 204, 205, 304, 404].map(statusHasNoBody), [
      true,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
  });
});
