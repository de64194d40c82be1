import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildEnviron } from "../environ.ts";
import { createInputStream } from "../input.ts";
import { buildTestEnviron } from "../testing/index.ts";
import type { Environ } from "../types.ts";
import { applicationUri, quotePath, requestUri } from "./uri.ts";

function environ(overrides: Partial<Environ> = {}): Environ {
  const base = buildEnviron({
    method: "GET",
    target: "/",
    headers: [],
    protocol: "HTTP/1.1",
    serverName: "example.org",
    serverPort: 80,
    input: createInputStream([]),
  });
  return Object.assign(base, overrides);
}

describe("quotePath", () => {
  // Expected values produced with Python: urllib.parse.quote(text, safe="/").
  const cases: [string, string][] = [
    ["/café menu", "/caf%C3%A9%20menu"],
    ["/a%2Fb;c=d,e?#", "/a%252Fb%3Bc%3Dd%2Ce%3F%23"],
    ["/\u{1F600}", "/%F0%9F%98%80"],
    ["/AZaz09_.-~", "/AZaz09_.-~"],
    ["/!$&'()*+,:@", "/%21%24%26%27%28%29%2A%2B%2C%3A%40"],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(quotePath(input), expected));
  }
});

describe("requestUri", () => {
  test("prefers HTTP_HOST over SERVER_NAME and SERVER_PORT", () => {
    const uri = requestUri(
      environ({ HTTP_HOST: "shop.test:8443", SERVER_PORT: "81", PATH_INFO: "/x" }),
    );
    assert.equal(uri, "http://shop.test:8443/x");
  });

  test("adds SERVER_PORT only when it is not the scheme's default", () => {
    assert.equal(requestUri(environ({ SERVER_PORT: "80" })), "http://example.org/");
    assert.equal(requestUri(environ({ SERVER_PORT: "8000" })), "http://example.org:8000/");
    const https = { "tsgi.url_scheme": "https" as const };
    assert.equal(requestUri(environ({ ...https, SERVER_PORT: "443" })), "https://example.org/");
    assert.equal(requestUri(environ({ ...https, SERVER_PORT: "80" })), "https://example.org:80/");
  });

  test("an empty HTTP_HOST falls back to SERVER_NAME, as `if environ.get('HTTP_HOST')` does", () => {
    assert.equal(
      requestUri(environ({ HTTP_HOST: "", SERVER_PORT: "8080" })),
      "http://example.org:8080/",
    );
  });

  test("re-quotes SCRIPT_NAME and PATH_INFO as UTF-8 and keeps QUERY_STRING raw", () => {
    const uri = requestUri(
      environ({ SCRIPT_NAME: "/my app", PATH_INFO: "/café/a/b", QUERY_STRING: "q=%C3%BC&x" }),
    );
    assert.equal(uri, "http://example.org/my%20app/caf%C3%A9/a/b?q=%C3%BC&x");
  });

  test("a decoded %2F in PATH_INFO is a slash again, as in WSGI", () => {
    assert.equal(requestUri(environ({ PATH_INFO: "/a/b" })), "http://example.org/a/b");
  });

  test("includeQuery: false leaves the query out", () => {
    const uri = requestUri(environ({ PATH_INFO: "/p", QUERY_STRING: "x=1" }), {
      includeQuery: false,
    });
    assert.equal(uri, "http://example.org/p");
  });

  test("no '?' for an empty QUERY_STRING, and '/' when both paths are empty", () => {
    assert.equal(requestUri(environ({ PATH_INFO: "", QUERY_STRING: "" })), "http://example.org/");
    assert.equal(
      requestUri(environ({ PATH_INFO: "", QUERY_STRING: "a" })),
      "http://example.org/?a",
    );
  });

  test("the result parses as a URL that gives back PATH_INFO", () => {
    const uri = requestUri(environ({ SCRIPT_NAME: "/s", PATH_INFO: "/ü ?#%" }));
    assert.equal(decodeURIComponent(new URL(uri).pathname), "/s/ü ?#%");
  });
});

describe("applicationUri", () => {
  test("is the origin plus the quoted SCRIPT_NAME", () => {
    assert.equal(
      applicationUri(environ({ SCRIPT_NAME: "/blog é", PATH_INFO: "/p" })),
      "http://example.org/blog%20%C3%A9",
    );
  });

  test("is the origin plus '/' when SCRIPT_NAME is empty, like wsgiref", () => {
    assert.equal(applicationUri(environ({ SERVER_PORT: "8000" })), "http://example.org:8000/");
  });
});

describe("the JSDoc examples", () => {
  test("with environs from buildTestEnviron", () => {
    const blog = buildTestEnviron("GET", "/posts", { baseUrl: "http://example.org/blog" });
    assert.equal(applicationUri(blog), "http://example.org/blog");
    const environ = buildTestEnviron("GET", "/a b?x=1", { baseUrl: "http://example.org:8080/" });
    assert.equal(requestUri(environ), "http://example.org:8080/a%20b?x=1");
    assert.equal(requestUri(environ, { includeQuery: false }), "http://example.org:8080/a%20b");
  });
});
