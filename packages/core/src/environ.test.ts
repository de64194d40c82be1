import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BadRequestError, buildEnviron, decodePath, splitTarget } from "./environ.ts";
import { createInputStream } from "./input.ts";
import type { RequestParts } from "./environ.ts";

function parts(overrides: Partial<RequestParts> = {}): RequestParts {
  return {
    method: "GET",
    target: "/",
    headers: [],
    protocol: "HTTP/1.1",
    serverName: "127.0.0.1",
    serverPort: 8000,
    input: createInputStream([]),
    ...overrides,
  };
}

describe("buildEnviron", () => {
  test("fills the CGI and tsgi keys", () => {
    const environ = buildEnviron(
      parts({ target: "/a/b?x=1", remoteAddr: "10.0.0.1", remotePort: 5555, server: "node" }),
    );
    assert.equal(environ.REQUEST_METHOD, "GET");
    assert.equal(environ.SCRIPT_NAME, "");
    assert.equal(environ.PATH_INFO, "/a/b");
    assert.equal(environ.QUERY_STRING, "x=1");
    assert.equal(environ.SERVER_PORT, "8000");
    assert.equal(environ.REMOTE_ADDR, "10.0.0.1");
    assert.equal(environ.REMOTE_PORT, "5555");
    assert.deepEqual(environ["tsgi.version"], [1, 0]);
    assert.equal(environ["tsgi.url_scheme"], "http");
    assert.equal(environ["tsgi.server"], "node");
    assert.equal(environ["tsgi.request_target"], "/a/b?x=1");
  });

  test("maps headers to HTTP_* keys and CONTENT_* without the prefix", () => {
    const environ = buildEnviron(
      parts({
        headers: [
          ["Host", "example.org"],
          ["X-Trace-Id", "abc"],
          ["Content-Type", "text/plain"],
          ["Content-Length", "5"],
        ],
      }),
    );
    assert.equal(environ.HTTP_HOST, "example.org");
    assert.equal(environ.HTTP_X_TRACE_ID, "abc");
    assert.equal(environ.CONTENT_TYPE, "text/plain");
    assert.equal(environ.CONTENT_LENGTH, "5");
    assert.equal(environ.HTTP_CONTENT_TYPE, undefined);
    assert.equal(environ.HTTP_CONTENT_LENGTH, undefined);
  });

  test("drops header names with underscores so they cannot pose as dashed ones", () => {
    const environ = buildEnviron(
      parts({
        headers: [
          ["Content_Length", "-1"],
          ["X_Forwarded_For", "6.6.6.6"],
        ],
      }),
    );
    assert.equal(environ.CONTENT_LENGTH, undefined);
    assert.equal(environ.HTTP_X_FORWARDED_FOR, undefined);
  });

  test("joins repeated headers with a comma, cookies with a semicolon", () => {
    const environ = buildEnviron(
      parts({
        headers: [
          ["Accept", "text/html"],
          ["accept", "application/json"],
          ["Cookie", "a=1"],
          ["Cookie", "b=2"],
        ],
      }),
    );
    assert.equal(environ.HTTP_ACCEPT, "text/html, application/json");
    assert.equal(environ.HTTP_COOKIE, "a=1; b=2");
  });

  test("ignores HTTP/2 pseudo-headers", () => {
    const environ = buildEnviron(parts({ headers: [[":authority", "x"]] }));
    assert.equal(
      Object.keys(environ).some((key) => key.includes(":")),
      false,
    );
  });

  test("an absolute-form target's authority replaces the Host header (RFC 9112)", () => {
    const environ = buildEnviron(
      parts({ target: "http://real.example:81/p?q=1", headers: [["Host", "ignored"]] }),
    );
    assert.equal(environ.HTTP_HOST, "real.example:81");
    assert.equal(environ.PATH_INFO, "/p");
    assert.equal(environ.QUERY_STRING, "q=1");
  });

  test("rejects a path that is not UTF-8 once decoded", () => {
    assert.throws(() => buildEnviron(parts({ target: "/%FF" })), BadRequestError);
  });
});

describe("splitTarget", () => {
  test("origin-form, absolute-form, asterisk and fragments", () => {
    assert.deepEqual(splitTarget("/p?q=1"), { path: "/p", query: "q=1" });
    assert.deepEqual(splitTarget("/p?"), { path: "/p", query: "" });
    assert.deepEqual(splitTarget("http://h:1/p?q"), { path: "/p", query: "q", authority: "h:1" });
    assert.deepEqual(splitTarget("http://h"), { path: "/", query: "", authority: "h" });
    assert.deepEqual(splitTarget("http://h?q=2"), { path: "/", query: "q=2", authority: "h" });
    assert.deepEqual(splitTarget("http://u:p@h/x"), { path: "/x", query: "", authority: "h" });
    assert.deepEqual(splitTarget("*"), { path: "", query: "" });
    assert.deepEqual(splitTarget("/p#frag"), { path: "/p", query: "" });
  });
});

describe("decodePath", () => {
  test("decodes UTF-8 percent escapes, including %2F", () => {
    assert.equal(decodePath("/caf%C3%A9"), "/café");
    assert.equal(decodePath("/a%2Fb"), "/a/b");
    assert.equal(decodePath("/a%20b"), "/a b");
  });

  test("keeps malformed escapes as they are", () => {
    assert.equal(decodePath("/100%"), "/100%");
    assert.equal(decodePath("/%zz"), "/%zz");
  });

  test("reads raw Latin-1 target characters as bytes", () => {
    // node:http gives raw UTF-8 bytes of "é" as two Latin-1 characters.
    assert.equal(decodePath("/caf\u00c3\u00a9"), "/café");
  });

  test("accepts wide characters from in-process callers as UTF-8", () => {
    assert.equal(decodePath("/snow\u2603"), "/snow\u2603");
  });
});
