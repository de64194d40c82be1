import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_FORWARDED_ALLOW_IPS, parseForwardedAllowIps } from "./allow-ips.ts";
import { parseIp, parseIpv4, parseIpv6 } from "./ip.ts";

describe("IP parsing", () => {
  const v4: [string, number][] = [
    ["0.0.0.0", 0],
    ["127.0.0.1", 0x7f000001],
    ["255.255.255.255", 0xffffffff],
    ["256.0.0.1", -1],
    ["1.2.3", -1],
    ["1.2.3.4.5", -1],
    ["01.2.3.4", -1],
    ["1..3.4", -1],
    ["a.b.c.d", -1],
    ["", -1],
  ];
  for (const [text, expected] of v4) {
    it(`IPv4 ${JSON.stringify(text)} → ${expected}`, () => assert.equal(parseIpv4(text), expected));
  }

  const v6: [string, number[] | undefined][] = [
    ["::", [0, 0, 0, 0, 0, 0, 0, 0]],
    ["::1", [0, 0, 0, 0, 0, 0, 0, 1]],
    ["2001:db8::17", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x17]],
    ["2001:DB8:0:0:0:0:0:1", [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]],
    ["fe80::1%eth0", [0xfe80, 0, 0, 0, 0, 0, 0, 1]],
    ["::ffff:192.0.2.1", [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]],
    ["1::", [1, 0, 0, 0, 0, 0, 0, 0]],
    ["1:2:3:4:5:6:7:8", [1, 2, 3, 4, 5, 6, 7, 8]],
    ["1:2:3:4:5:6:7:8:9", undefined],
    ["1::2::3", undefined],
    ["1:2", undefined],
    ["12345::", undefined],
    ["::g", undefined],
    ["1:", undefined],
  ];
  for (const [text, expected] of v6) {
    it(`IPv6 ${JSON.stringify(text)}`, () => {
      const groups = parseIpv6(text);
      assert.deepEqual(groups === undefined ? undefined : [...groups], expected);
    });
  }

  it("reads IPv4-mapped IPv6 as IPv4", () => {
    assert.deepEqual(parseIp("::ffff:127.0.0.1"), { version: 4, value: 0x7f000001 });
    assert.equal(parseIp("::1")?.version, 6);
    assert.equal(parseIp("example.com"), undefined);
  });
});

describe("forwardedAllowIps", () => {
  const table: [spec: string | string[], address: string, trusted: boolean][] = [
    [[...DEFAULT_FORWARDED_ALLOW_IPS], "127.0.0.1", true],
    [[...DEFAULT_FORWARDED_ALLOW_IPS], "::1", true],
    [[...DEFAULT_FORWARDED_ALLOW_IPS], "::ffff:127.0.0.1", true],
    [[...DEFAULT_FORWARDED_ALLOW_IPS], "0:0:0:0:0:0:0:1", true],
    [[...DEFAULT_FORWARDED_ALLOW_IPS], "127.0.0.2", false],
    [[...DEFAULT_FORWARDED_ALLOW_IPS], "192.0.2.1", false],
    [[...DEFAULT_FORWARDED_ALLOW_IPS], "not an ip", false],
    ["10.0.0.0/8", "10.255.1.2", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["10.1.2.3/8", "10.9.9.9", true],
    ["192.168.1.0/24, 172.16.0.0/12", "172.31.255.255", true],
    ["192.168.1.0/24, 172.16.0.0/12", "172.32.0.1", false],
    ["0.0.0.0/0", "203.0.113.5", true],
    ["0.0.0.0/0", "::1", false],
    ["fd00::/8", "fd12:3456::1", true],
    ["fd00::/8", "fe80::1", false],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/33", "2001:db8:8000::1", false],
    ["::/0", "2001:db8::1", true],
    ["::ffff:10.0.0.0/104", "10.1.2.3", true],
    ["::ffff:10.0.0.0/104", "::ffff:10.1.2.3", true],
    ["*", "203.0.113.5", true],
    ["*", "garbage", true],
    [[], "127.0.0.1", false],
  ];
  for (const [spec, address, trusted] of table) {
    it(`${JSON.stringify(spec)} ${trusted ? "trusts" : "does not trust"} ${address}`, () => {
      assert.equal(parseForwardedAllowIps(spec).contains(address), trusted);
    });
  }

  it("knows when nothing or everything is trusted", () => {
    assert.equal(parseForwardedAllowIps([]).none, true);
    assert.equal(parseForwardedAllowIps(" , ").none, true);
    assert.equal(parseForwardedAllowIps("*").any, true);
    assert.equal(parseForwardedAllowIps("127.0.0.1").none, false);
  });

  for (const bad of ["localhost", "10.0.0.0/33", "::1/129", "1.2.3.4/x", "10.0.0.0/", "1.2.3"]) {
    it(`refuses ${JSON.stringify(bad)} with a coded error`, () => {
      assert.throws(() => parseForwardedAllowIps(["127.0.0.1", bad]), {
        code: "TSGI_E_INVALID_FORWARDED_ALLOW_IPS",
        entry: bad,
      });
    });
  }
});
