import assert from "node:assert/strict";
import { STATUS_CODES as NODE_STATUS_CODES } from "node:http";
import { describe, test } from "node:test";
import { STATUS_CODES, StatusError, parseStatus, reasonPhrase, statusLine } from "./status.ts";

describe("STATUS_CODES", () => {
  test("has the common reasons", () => {
    assert.equal(STATUS_CODES[200], "OK");
    assert.equal(STATUS_CODES[404], "Not Found");
    assert.equal(STATUS_CODES[413], "Content Too Large");
    assert.equal(STATUS_CODES[500], "Internal Server Error");
  });

  test("covers every code node:http knows, except the unregistered 509", () => {
    const missing = Object.keys(NODE_STATUS_CODES)
      .map(Number)
      .filter((code) => STATUS_CODES[code] === undefined);
    assert.deepEqual(missing, [509]);
  });

  test("cannot be changed", () => {
    assert.throws(() => {
      (STATUS_CODES as Record<number, string>)[200] = "Fine";
    }, TypeError);
  });
});

describe("statusLine", () => {
  test("uses the standard reason", () => {
    assert.equal(statusLine(404), "404 Not Found");
    assert.equal(statusLine(201), "201 Created");
  });

  test("takes a custom reason, even an empty one", () => {
    assert.equal(statusLine(200, "Fine"), "200 Fine");
    assert.equal(statusLine(200, ""), "200 ");
  });

  test("an unregistered code gets 'Unknown'", () => {
    assert.equal(statusLine(599), "599 Unknown");
    assert.equal(reasonPhrase(299), "Unknown");
  });

  test("refuses codes outside 100–999 and bad reasons", () => {
    for (const code of [99, 1000, 200.5, NaN]) {
      assert.throws(() => statusLine(code), { code: "TSGI_E_STATUS_FORMAT" });
    }
    assert.throws(() => statusLine(200, "OK\r\nX-Injected: 1"), {
      code: "TSGI_E_STATUS_CONTROL_CHARACTER",
    });
    assert.throws(() => statusLine(200, "✓"), { code: "TSGI_E_STATUS_NOT_LATIN1" });
  });
});

describe("parseStatus", () => {
  test("splits code and reason", () => {
    assert.deepEqual(parseStatus("404 Not Found"), { code: 404, reason: "Not Found" });
    assert.deepEqual(parseStatus("200 OK"), { code: 200, reason: "OK" });
    assert.deepEqual(parseStatus("299 Latin-1 café\tok"), {
      code: 299,
      reason: "Latin-1 café\tok",
    });
  });

  test("accepts an empty reason after the space", () => {
    assert.deepEqual(parseStatus("204 "), { code: 204, reason: "" });
  });

  test("round-trips with statusLine", () => {
    for (const code of [100, 200, 302, 418, 503]) {
      assert.equal(parseStatus(statusLine(code)).code, code);
    }
  });

  const bad: [string, string][] = [
    ["200", "TSGI_E_STATUS_FORMAT"],
    ["200OK", "TSGI_E_STATUS_FORMAT"],
    ["2000 OK", "TSGI_E_STATUS_FORMAT"],
    ["099 Low", "TSGI_E_STATUS_FORMAT"],
    [" 200 OK", "TSGI_E_STATUS_FORMAT"],
    ["20 OK", "TSGI_E_STATUS_FORMAT"],
    ["abc OK", "TSGI_E_STATUS_FORMAT"],
    ["", "TSGI_E_STATUS_FORMAT"],
    ["200 OK\n", "TSGI_E_STATUS_CONTROL_CHARACTER"],
    ["200 OK\u0000", "TSGI_E_STATUS_CONTROL_CHARACTER"],
    ["200 ☃", "TSGI_E_STATUS_NOT_LATIN1"],
  ];
  for (const [status, code] of bad) {
    test(`rejects ${JSON.stringify(status)} with ${code}`, () => {
      assert.throws(
        () => parseStatus(status),
        (error: unknown) => error instanceof StatusError && error.code === code,
      );
    });
  }

  test("rejects a non-string with a message that says what it got", () => {
    assert.throws(() => parseStatus(200 as unknown as string), {
      code: "TSGI_E_STATUS_NOT_STRING",
      message: /got number/,
    });
  });
});
