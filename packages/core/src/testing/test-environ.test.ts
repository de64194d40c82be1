import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildTestEnviron, encodeTarget } from "./test-environ.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("encodeTarget", () => {
  const table: [string, string][] = [
    ["/a b/é?q=ü#top", "/a%20b/%C3%A9?q=%C3%BC"],
    ["/a%2Fb", "/a%2Fb"],
    ["/100%", "/100%25"],
    ["/%zz", "/%25zz"],
    ["/x?a=1&b=/?c", "/x?a=1&b=/?c"],
    ['/<>"{}|\\^`', "/%3C%3E%22%7B%7D%7C%5C%5E%60"],
    ["/\u{1F600}", "/%F0%9F%98%80"],
    ["relative", "/relative"],
    ["?only=query", "/?only=query"],
    ["/keep:@!$&'()*+,;=", "/keep:@!$&'()*+,;="],
  ];
  for (const [input, expected] of table) {
    test(`${JSON.stringify(input)} → ${expected}`, () =>
      assert.equal(encodeTarget(input), expected));
  }
});

describe("buildTestEnviron", () => {
  test("has the defaults of the brief: localhost:80, 127.0.0.1, tsgi.server 'test'", () => {
    const environ = buildTestEnviron("get", "/");
    assert.equal(environ.REQUEST_METHOD, "GET");
    assert.equal(environ.SERVER_NAME, "localhost");
    assert.equal(environ.SERVER_PORT, "80");
    assert.equal(environ.HTTP_HOST, "localhost");
    assert.equal(environ.REMOTE_ADDR, "127.0.0.1");
    assert.equal(environ.SERVER_PROTOCOL, "HTTP/1.1");
    assert.equal(environ["tsgi.server"], "test");
    assert.equal(environ["tsgi.url_scheme"], "http");
    assert.equal(environ.CONTENT_LENGTH, undefined, "no body, no length");
  });

  test("decodes the encoded path into PATH_INFO and keeps the raw target", () => {
    const environ = buildTestEnviron("GET", "/café dé/a%2Fb?q=ü");
    assert.equal(environ.PATH_INFO, "/café dé/a/b");
    assert.equal(environ.QUERY_STRING, "q=%C3%BC");
    assert.equal(environ["tsgi.request_target"], "/caf%C3%A9%20d%C3%A9/a%2Fb?q=%C3%BC");
  });

  test("query adds to the path's own query string, repeating array values", () => {
    const environ = buildTestEnviron("GET", "/s?a=1", { query: { b: "x y", c: [1, true] } });
    assert.equal(environ.QUERY_STRING, "a=1&b=x+y&c=1&c=true");
    assert.equal(buildTestEnviron("GET", "/s", { query: { q: "é" } }).QUERY_STRING, "q=%C3%A9");
  });

  test("baseUrl sets scheme, host, port and SCRIPT_NAME", () => {
    const environ = buildTestEnviron("GET", "/cart/é", {
      baseUrl: "https://shop.test:8443/my%20shop/",
    });
    assert.equal(environ["tsgi.url_scheme"], "https");
    assert.equal(environ.SERVER_NAME, "shop.test");
    assert.equal(environ.SERVER_PORT, "8443");
    assert.equal(environ.HTTP_HOST, "shop.test:8443");
    assert.equal(environ.SCRIPT_NAME, "/my shop");
    assert.equal(environ.PATH_INFO, "/cart/é");
    assert.equal(buildTestEnviron("GET", "/", { baseUrl: "https://x.test" }).SERVER_PORT, "443");
  });

  test("refuses a baseUrl that is not http(s)", () => {
    assert.throws(() => buildTestEnviron("GET", "/", { baseUrl: "ftp://x/" }), TypeError);
  });

  test("json sets the body, Content-Type and Content-Length", async () => {
    const environ = buildTestEnviron("POST", "/", { json: { name: "Ada", n: [1] } });
    assert.equal(environ.CONTENT_TYPE, "application/json");
    assert.equal(environ.CONTENT_LENGTH, "22");
    assert.equal(text(await environ["tsgi.input"].read()), '{"name":"Ada","n":[1]}');
  });

  test("form is URL-encoded", async () => {
    const environ = buildTestEnviron("POST", "/", { form: { q: "a&b c", tag: ["x", "y"] } });
    assert.equal(environ.CONTENT_TYPE, "application/x-www-form-urlencoded");
    assert.equal(text(await environ["tsgi.input"].read()), "q=a%26b+c&tag=x&tag=y");
  });

  test("a string body is UTF-8 text/plain; bytes get no implied type; contentType overrides", async () => {
    const textual = buildTestEnviron("PUT", "/", { body: "héllo" });
    assert.equal(textual.CONTENT_TYPE, "text/plain; charset=utf-8");
    assert.equal(textual.CONTENT_LENGTH, "6");
    const binary = buildTestEnviron("PUT", "/", { body: new Uint8Array([1, 2, 3]) });
    assert.equal(binary.CONTENT_TYPE, undefined);
    assert.deepEqual(await binary["tsgi.input"].read(), new Uint8Array([1, 2, 3]));
    const typed = buildTestEnviron("PUT", "/", {
      json: 1,
      contentType: "application/vnd.api+json",
      headers: { "Content-Type": "text/ignored" },
    });
    assert.equal(typed.CONTENT_TYPE, "application/vnd.api+json");
  });

  test("refuses two body sources at once", () => {
    assert.throws(() => buildTestEnviron("POST", "/", { json: {}, body: "x" }), /only one of/);
  });

  test("an explicit Content-Length wins and bounds tsgi.input", async () => {
    const environ = buildTestEnviron("POST", "/", {
      body: "abcdef",
      headers: { "Content-Length": "3" },
    });
    assert.equal(environ.CONTENT_LENGTH, "3");
    assert.equal(text(await environ["tsgi.input"].read()), "abc");
  });

  test("headers as an object (arrays repeat) or as pairs; repeats are joined", () => {
    const fromObject = buildTestEnviron("GET", "/", {
      headers: { Accept: ["text/html", "*/*"], "X-A": "1" },
    });
    assert.equal(fromObject.HTTP_ACCEPT, "text/html, */*");
    assert.equal(fromObject.HTTP_X_A, "1");
    const fromPairs = buildTestEnviron("GET", "/", {
      headers: [
        ["X-B", "1"],
        ["x-b", "2"],
        ["Host", "other.test"],
      ],
    });
    assert.equal(fromPairs.HTTP_X_B, "1, 2");
    assert.equal(fromPairs.HTTP_HOST, "other.test", "a given Host replaces the default");
  });

  test("cookies become one Cookie header", () => {
    const environ = buildTestEnviron("GET", "/", {
      cookies: { a: "1", b: "2" },
      headers: { Cookie: "c=3" },
    });
    assert.equal(environ.HTTP_COOKIE, "c=3; a=1; b=2");
  });

  test("tsgi.signal is a live, unfired AbortSignal that extraEnviron can replace", () => {
    const environ = buildTestEnviron("GET", "/");
    const signal = environ["tsgi.signal"];
    assert.ok(signal instanceof AbortSignal);
    assert.equal(signal.aborted, false);
    assert.equal(environ["tsgi.signal"], signal, "the same signal on every access");
    const controller = new AbortController();
    const replaced = buildTestEnviron("GET", "/", {
      extraEnviron: { "tsgi.signal": controller.signal, REMOTE_ADDR: "10.1.1.1" },
    });
    assert.equal(replaced["tsgi.signal"], controller.signal);
    assert.equal(replaced.REMOTE_ADDR, "10.1.1.1");
  });

  test("a path that is not UTF-8 once decoded is a BadRequestError, as on a server", () => {
    assert.throws(() => buildTestEnviron("GET", "/%FF"), { code: "TSGI_E_BAD_REQUEST_TARGET" });
  });
});
