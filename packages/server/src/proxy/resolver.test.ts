import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Environ } from "@tsgi/core";
import { createProxyResolver } from "./resolver.ts";

interface Case {
  title: string;
  allow?: string[];
  /** The TCP peer; `undefined` is a unix-socket connection. */
  peer: string | undefined;
  headers: Record<string, string>;
  expect: Partial<
    Record<
      | "REMOTE_ADDR"
      | "REMOTE_PORT"
      | "tsgi.url_scheme"
      | "HTTP_HOST"
      | "SERVER_NAME"
      | "SERVER_PORT"
      | "tsgi.peer_addr",
      string | undefined
    >
  >;
}

function environFor(peer: string | undefined, headers: Record<string, string>): Environ {
  return {
    REQUEST_METHOD: "GET",
    SCRIPT_NAME: "",
    PATH_INFO: "/",
    QUERY_STRING: "",
    SERVER_NAME: "127.0.0.1",
    SERVER_PORT: "8000",
    SERVER_PROTOCOL: "HTTP/1.1",
    ...(peer === undefined ? {} : { REMOTE_ADDR: peer, REMOTE_PORT: "50000" }),
    HTTP_HOST: "internal:8000",
    "tsgi.url_scheme": "http",
    ...headers,
  } as unknown as Environ;
}

const UNCHANGED = {
  "tsgi.url_scheme": "http",
  HTTP_HOST: "internal:8000",
  SERVER_NAME: "127.0.0.1",
  SERVER_PORT: "8000",
};

const cases: Case[] = [
  {
    title: "a trusted peer's X-Forwarded-For sets REMOTE_ADDR and drops the proxy's port",
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_FOR: "203.0.113.9" },
    expect: { REMOTE_ADDR: "203.0.113.9", REMOTE_PORT: undefined, "tsgi.peer_addr": "127.0.0.1" },
  },
  {
    title: "a spoofed X-Forwarded-For from an untrusted peer changes nothing",
    peer: "198.51.100.7",
    headers: {
      HTTP_X_FORWARDED_FOR: "1.2.3.4",
      HTTP_X_FORWARDED_PROTO: "https",
      HTTP_X_FORWARDED_HOST: "evil.example",
    },
    expect: {
      REMOTE_ADDR: "198.51.100.7",
      REMOTE_PORT: "50000",
      "tsgi.peer_addr": "198.51.100.7",
      ...UNCHANGED,
    },
  },
  {
    title: "a spoofed Forwarded from an untrusted peer changes nothing",
    peer: "198.51.100.7",
    headers: { HTTP_FORWARDED: "for=1.2.3.4;proto=https;host=evil.example" },
    expect: { REMOTE_ADDR: "198.51.100.7", ...UNCHANGED },
  },
  {
    title: "right to left: trusted hops are skipped, the first untrusted entry is the client",
    allow: ["127.0.0.1", "10.0.0.0/8"],
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_FOR: "6.6.6.6, 203.0.113.9, 10.0.0.5, 10.1.1.1" },
    expect: { REMOTE_ADDR: "203.0.113.9" },
  },
  {
    title: "a client cannot pick its address by prepending to X-Forwarded-For",
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_FOR: "127.0.0.1, 203.0.113.9" },
    expect: { REMOTE_ADDR: "203.0.113.9" },
  },
  {
    title: "every hop trusted: the leftmost entry is the client",
    allow: ["10.0.0.0/8", "127.0.0.1"],
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_FOR: "10.0.0.3, 10.0.0.4" },
    expect: { REMOTE_ADDR: "10.0.0.3" },
  },
  {
    title: "entries with ports, brackets and bare IPv6 are read",
    peer: "::1",
    headers: { HTTP_X_FORWARDED_FOR: "[2001:db8::1]:4711" },
    expect: { REMOTE_ADDR: "2001:db8::1", REMOTE_PORT: "4711" },
  },
  {
    title: "bare IPv6 in X-Forwarded-For",
    peer: "::1",
    headers: { HTTP_X_FORWARDED_FOR: "2001:db8::2" },
    expect: { REMOTE_ADDR: "2001:db8::2" },
  },
  {
    title: "an IPv4-mapped loopback peer is trusted by the default list",
    peer: "::ffff:127.0.0.1",
    headers: { HTTP_X_FORWARDED_FOR: "203.0.113.9" },
    expect: { REMOTE_ADDR: "203.0.113.9", "tsgi.peer_addr": "::ffff:127.0.0.1" },
  },
  {
    title: "a malformed X-Forwarded-For is ignored as a whole",
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_FOR: "203.0.113.9, not-an-ip" },
    expect: { REMOTE_ADDR: "127.0.0.1", REMOTE_PORT: "50000" },
  },
  {
    title: "X-Forwarded-Proto and -Host set the scheme, Host, SERVER_NAME and default port",
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_PROTO: "HTTPS", HTTP_X_FORWARDED_HOST: "example.com" },
    expect: {
      REMOTE_ADDR: "127.0.0.1",
      "tsgi.url_scheme": "https",
      HTTP_HOST: "example.com",
      SERVER_NAME: "example.com",
      SERVER_PORT: "443",
    },
  },
  {
    title: "the rightmost X-Forwarded-Proto/-Host value counts; a port is kept",
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_PROTO: "https, http", HTTP_X_FORWARDED_HOST: "a.test, [::1]:8443" },
    expect: {
      "tsgi.url_scheme": "http",
      HTTP_HOST: "[::1]:8443",
      SERVER_NAME: "[::1]",
      SERVER_PORT: "8443",
    },
  },
  {
    title: "schemes other than http/https and malformed hosts are ignored",
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_PROTO: "javascript", HTTP_X_FORWARDED_HOST: "evil.com/x" },
    expect: UNCHANGED,
  },
  {
    title: "Forwarded: the client's element supplies address, port, proto and host",
    allow: ["127.0.0.1", "10.0.0.0/8"],
    peer: "127.0.0.1",
    headers: {
      HTTP_FORWARDED:
        'for=6.6.6.6;proto=http, for="[2001:db8::17]:4711";proto=https;host="shop.example:8443", for=10.0.0.2;proto=http;host=internal',
    },
    expect: {
      REMOTE_ADDR: "2001:db8::17",
      REMOTE_PORT: "4711",
      "tsgi.url_scheme": "https",
      HTTP_HOST: "shop.example:8443",
      SERVER_NAME: "shop.example",
      SERVER_PORT: "8443",
    },
  },
  {
    title: "Forwarded: an obfuscated client is passed on as sent, its port removed",
    peer: "127.0.0.1",
    headers: { HTTP_FORWARDED: 'for="_hidden:_port";proto=https' },
    expect: { REMOTE_ADDR: "_hidden", REMOTE_PORT: undefined, "tsgi.url_scheme": "https" },
  },
  {
    title: "Forwarded: an element without for= keeps REMOTE_ADDR but applies its proto",
    peer: "127.0.0.1",
    headers: { HTTP_FORWARDED: "proto=https;host=example.com" },
    expect: {
      REMOTE_ADDR: "127.0.0.1",
      "tsgi.url_scheme": "https",
      HTTP_HOST: "example.com",
      SERVER_PORT: "443",
    },
  },
  {
    title: "Forwarded: a malformed header is ignored as a whole",
    peer: "127.0.0.1",
    headers: { HTTP_FORWARDED: "for=1.2.3.4;proto=https;proto=http" },
    expect: { REMOTE_ADDR: "127.0.0.1", ...UNCHANGED },
  },
  {
    title: "Forwarded: unbracketed IPv6 is malformed",
    peer: "127.0.0.1",
    headers: { HTTP_FORWARDED: "for=2001:db8::1" },
    expect: { REMOTE_ADDR: "127.0.0.1" },
  },
  {
    title: "both styles: X-Forwarded-* wins and Forwarded is ignored entirely",
    peer: "127.0.0.1",
    headers: {
      HTTP_X_FORWARDED_FOR: "203.0.113.9",
      HTTP_FORWARDED: "for=6.6.6.6;proto=https;host=evil.example",
    },
    expect: { REMOTE_ADDR: "203.0.113.9", ...UNCHANGED },
  },
  {
    title: "a unix-socket peer is trusted (only local processes can connect)",
    peer: undefined,
    headers: { HTTP_X_FORWARDED_FOR: "203.0.113.9" },
    expect: { REMOTE_ADDR: "203.0.113.9", "tsgi.peer_addr": undefined },
  },
  {
    title: "an empty allow list trusts nobody, not even loopback",
    allow: [],
    peer: "127.0.0.1",
    headers: { HTTP_X_FORWARDED_FOR: "203.0.113.9" },
    expect: { REMOTE_ADDR: "127.0.0.1", "tsgi.peer_addr": "127.0.0.1" },
  },
  {
    title: '"*" trusts every peer',
    allow: ["*"],
    peer: "198.51.100.7",
    headers: { HTTP_X_FORWARDED_FOR: "203.0.113.9" },
    expect: { REMOTE_ADDR: "203.0.113.9" },
  },
];

describe("proxy resolver", () => {
  for (const testCase of cases) {
    it(testCase.title, () => {
      const resolve = createProxyResolver(testCase.allow);
      const environ = environFor(testCase.peer, testCase.headers);
      resolve(environ, testCase.peer);
      for (const [key, value] of Object.entries(testCase.expect)) {
        assert.equal(environ[key], value, key);
      }
      // The headers stay visible as sent, trusted or not.
      for (const [key, value] of Object.entries(testCase.headers)) {
        assert.equal(environ[key], value);
      }
    });
  }

  it("leaves a request without forwarding headers alone", () => {
    const environ = environFor("127.0.0.1", {});
    const before = { ...environ };
    createProxyResolver()(environ, "127.0.0.1");
    assert.deepEqual(environ, { ...before, "tsgi.peer_addr": "127.0.0.1" });
  });
});
