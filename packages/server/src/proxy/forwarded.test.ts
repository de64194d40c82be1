import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseForwarded, parseForwardedNode, parseHostAndPort } from "./forwarded.ts";

describe("Forwarded header parsing (RFC 7239)", () => {
  const table: [header: string, expected: ReturnType<typeof parseForwarded>][] = [
    ['for="_gazonk"', [{ for: "_gazonk" }]],
    ['For="[2001:db8:cafe::17]:4711"', [{ for: "[2001:db8:cafe::17]:4711" }]],
    [
      "for=192.0.2.60;proto=http;by=203.0.113.43",
      [{ for: "192.0.2.60", proto: "http", by: "203.0.113.43" }],
    ],
    ["for=192.0.2.43, for=198.51.100.17", [{ for: "192.0.2.43" }, { for: "198.51.100.17" }]],
    [
      "for=192.0.2.43;host=example.com;proto=https,for=10.0.0.1",
      [{ for: "192.0.2.43", host: "example.com", proto: "https" }, { for: "10.0.0.1" }],
    ],
    ["for=1.2.3.4 ; proto=https", [{ for: "1.2.3.4", proto: "https" }]],
    ['for="a\\"b"', [{ for: 'a"b' }]],
    ['host="example.com:8080,evil"', [{ host: "example.com:8080,evil" }]],
    [", ,for=1.2.3.4,,", [{ for: "1.2.3.4" }]],
    ["for=1.2.3.4;;proto=http", [{ for: "1.2.3.4", proto: "http" }]],
    ["for=1.2.3.4;secret=x", [{ for: "1.2.3.4" }]],
    ["", []],
    // malformed: the whole header is refused
    ["for=1.2.3.4;for=5.6.7.8", undefined],
    ["for=[::1]", undefined],
    ['for="1.2.3.4', undefined],
    ["for 1.2.3.4", undefined],
    ["for=", undefined],
    ["=1.2.3.4", undefined],
    ['for="1.2.3.4"x', undefined],
    ["for=1.2.3.4 proto=http", undefined],
    ['for="a\u0001b"', undefined],
  ];
  for (const [header, expected] of table) {
    it(JSON.stringify(header), () => assert.deepEqual(parseForwarded(header), expected));
  }
});

describe("node identifiers", () => {
  const table: [text: string, lenient: boolean, expected: ReturnType<typeof parseForwardedNode>][] =
    [
      ["192.0.2.43", false, { kind: "ip", name: "192.0.2.43" }],
      ["192.0.2.43:47011", false, { kind: "ip", name: "192.0.2.43", port: "47011" }],
      ["[2001:db8:cafe::17]", false, { kind: "ip", name: "2001:db8:cafe::17" }],
      ["[2001:db8::17]:4711", false, { kind: "ip", name: "2001:db8::17", port: "4711" }],
      ["192.0.2.43:_port", false, { kind: "ip", name: "192.0.2.43", port: "_port" }],
      ["unknown", false, { kind: "unknown", name: "unknown" }],
      ["UNKNOWN", false, { kind: "unknown", name: "UNKNOWN" }],
      ["_hidden.proxy-1", false, { kind: "obfuscated", name: "_hidden.proxy-1" }],
      ["_hidden:_port", false, { kind: "obfuscated", name: "_hidden", port: "_port" }],
      ["unknown:8080", false, { kind: "unknown", name: "unknown", port: "8080" }],
      ["[_hidden]", false, undefined],
      ["2001:db8::17", false, undefined],
      ["2001:db8::17", true, { kind: "ip", name: "2001:db8::17" }],
      ["[192.0.2.1]", false, undefined],
      ["[::1", false, undefined],
      ["[::1]x", false, undefined],
      ["192.0.2.43:", false, undefined],
      ["192.0.2.43:123456", false, undefined],
      ["example.com", false, undefined],
      ["_", false, undefined],
    ];
  for (const [text, lenient, expected] of table) {
    it(`${JSON.stringify(text)}${lenient ? " (lenient)" : ""}`, () => {
      assert.deepEqual(parseForwardedNode(text, lenient), expected);
    });
  }
});

describe("forwarded hosts", () => {
  const table: [string, ReturnType<typeof parseHostAndPort>][] = [
    ["example.com", { name: "example.com", port: undefined }],
    ["example.com:8443", { name: "example.com", port: "8443" }],
    ["[::1]:80", { name: "[::1]", port: "80" }],
    ["192.0.2.1", { name: "192.0.2.1", port: undefined }],
    ["", undefined],
    ["exa mple.com", undefined],
    ["example.com:", undefined],
    ["a,b", undefined],
    ["evil.com/path", undefined],
    ["evil.com\r\nX: y", undefined],
  ];
  for (const [text, expected] of table) {
    it(JSON.stringify(text), () => assert.deepEqual(parseHostAndPort(text), expected));
  }
});
