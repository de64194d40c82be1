import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CookieJar,
  defaultPath,
  domainMatches,
  parseSetCookie,
  pathMatches,
} from "./cookie-jar.ts";

const at = (url: string) => new URL(url);

describe("CookieJar", () => {
  test("stores a cookie and sends it back to the same host", () => {
    const jar = new CookieJar();
    jar.store(["sid=abc; Path=/; HttpOnly"], at("http://localhost/login"));
    assert.equal(jar.header(at("http://localhost/account")), "sid=abc");
    assert.equal(jar.header(at("http://other.test/")), undefined);
    assert.equal(jar.get("sid"), "abc");
  });

  test("a host-only cookie skips subdomains; a Domain cookie reaches them", () => {
    const jar = new CookieJar();
    jar.store(["host=1", "dom=2; Domain=.example.org"], at("http://example.org/"));
    assert.equal(jar.header(at("http://example.org/")), "host=1; dom=2");
    assert.equal(jar.header(at("http://api.example.org/")), "dom=2");
  });

  test("a Domain the host does not belong to is refused", () => {
    const jar = new CookieJar();
    jar.store(["evil=1; Domain=bank.test"], at("http://example.org/"));
    assert.deepEqual(jar.list(), []);
  });

  test("the default path is the request path's directory", () => {
    const jar = new CookieJar();
    jar.store(["a=1"], at("http://localhost/admin/login"));
    assert.equal(jar.list()[0]?.path, "/admin");
    assert.equal(jar.header(at("http://localhost/admin/users")), "a=1");
    assert.equal(jar.header(at("http://localhost/administrator")), undefined);
    assert.equal(jar.header(at("http://localhost/")), undefined);
  });

  test("longer paths come first in the Cookie header", () => {
    const jar = new CookieJar();
    jar.store(["root=1; Path=/"], at("http://localhost/"));
    jar.store(["deep=2; Path=/a/b"], at("http://localhost/"));
    assert.equal(jar.header(at("http://localhost/a/b/c")), "deep=2; root=1");
  });

  test("a new value replaces the old one in place", () => {
    const jar = new CookieJar();
    jar.store(["a=1", "b=2"], at("http://localhost/"));
    jar.store(["a=3"], at("http://localhost/"));
    assert.equal(jar.header(at("http://localhost/")), "a=3; b=2");
  });

  test("Max-Age=0 deletes, and Max-Age beats Expires", () => {
    const jar = new CookieJar();
    jar.store(["a=1", "b=2"], at("http://localhost/"));
    jar.store(["a=; Max-Age=0"], at("http://localhost/"));
    assert.equal(jar.header(at("http://localhost/")), "b=2");
    jar.store(["c=3; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT"], at("http://localhost/"));
    assert.equal(jar.get("c"), "3");
  });

  test("a past Expires deletes; cookies expire as the clock moves on", () => {
    let now = Date.UTC(2030, 0, 1);
    const jar = new CookieJar({ now: () => now });
    jar.store(["keep=1; Max-Age=10", "gone=2"], at("http://localhost/"));
    jar.store(["gone=; Expires=Wed, 01 Jan 2020 00:00:00 GMT"], at("http://localhost/"));
    assert.equal(jar.header(at("http://localhost/")), "keep=1");
    now += 11_000;
    assert.equal(jar.header(at("http://localhost/")), undefined);
  });

  test("Secure cookies need https, both to be stored and to be sent", () => {
    const jar = new CookieJar();
    jar.store(["s=1; Secure"], at("http://localhost/"));
    assert.deepEqual(jar.list(), []);
    jar.store(["s=1; Secure"], at("https://localhost/"));
    assert.equal(jar.header(at("http://localhost/")), undefined);
    assert.equal(jar.header(at("https://localhost/")), "s=1");
  });

  test("set, get, delete and clear by hand", () => {
    const jar = new CookieJar();
    jar.set("a", "1");
    jar.set("b", "2", { path: "/x" });
    assert.equal(jar.header(at("http://localhost/x/y")), "b=2; a=1");
    jar.delete("a");
    assert.equal(jar.get("a"), undefined);
    assert.equal(jar.get("b", { path: "/x" }), "2");
    jar.clear();
    assert.deepEqual(jar.list(), []);
  });
});

describe("parseSetCookie", () => {
  const url = at("http://localhost/a/b");
  test("reads name, value and attributes in any case", () => {
    const cookie = parseSetCookie(
      "id = 42 ; PATH=/p; httponly; SECURE; max-age=5",
      at("https://localhost/"),
      1000,
    );
    assert.deepEqual(cookie, {
      name: "id",
      value: "42",
      domain: "localhost",
      hostOnly: true,
      path: "/p",
      expires: 6000,
      secure: true,
      httpOnly: true,
    });
  });

  test("ignores a value without '=' or with an empty name", () => {
    assert.equal(parseSetCookie("novalue", url, 0), undefined);
    assert.equal(parseSetCookie("=x", url, 0), undefined);
  });

  test("a Path that does not start with '/' falls back to the default path", () => {
    assert.equal(parseSetCookie("a=1; Path=rel", url, 0)?.path, "/a");
  });

  test("a value may contain '='", () => {
    assert.equal(parseSetCookie("token=a=b=c", url, 0)?.value, "a=b=c");
  });
});

describe("matching rules", () => {
  test("defaultPath", () => {
    assert.equal(defaultPath("/"), "/");
    assert.equal(defaultPath("/a"), "/");
    assert.equal(defaultPath("/a/b"), "/a");
    assert.equal(defaultPath("/a/b/"), "/a/b");
    assert.equal(defaultPath(""), "/");
  });

  test("pathMatches needs a segment boundary", () => {
    assert.equal(pathMatches("/a/b", "/a"), true);
    assert.equal(pathMatches("/a/b", "/a/"), true);
    assert.equal(pathMatches("/ab", "/a"), false);
    assert.equal(pathMatches("/a", "/a"), true);
  });

  test("domainMatches never treats an IP address as a subdomain", () => {
    assert.equal(domainMatches("api.example.org", "example.org"), true);
    assert.equal(domainMatches("badexample.org", "example.org"), false);
    assert.equal(domainMatches("10.0.0.1", "0.0.1"), false);
    assert.equal(domainMatches("10.0.0.1", "10.0.0.1"), true);
  });
});
