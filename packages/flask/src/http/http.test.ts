import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { contentTypeFor, isJsonMimetype, parseContentType } from "./content-type.ts";
import { dumpCookie, parseCookieHeader, parseHttpDate } from "./cookies.ts";

describe("cookies", () => {
  test("dumpCookie writes every attribute", () => {
    const line = dumpCookie("id", "a b;c", {
      maxAge: 10,
      domain: "example.org",
      path: "/app",
      secure: true,
      httpOnly: true,
      sameSite: "lax",
      partitioned: true,
    });
    assert.match(
      line,
      /^id=a%20b%3Bc; Max-Age=10; Expires=[^;]+ GMT; Domain=example.org; Path=\/app; Secure; HttpOnly; SameSite=Lax; Partitioned$/,
    );
    assert.equal(dumpCookie("x", "1", { path: null }), "x=1");
    assert.throws(() => dumpCookie("bad name", "1"), { code: "FLASK_E_INVALID_COOKIE" });
    assert.throws(() => dumpCookie("x", "1", { path: "/a;b" }), { code: "FLASK_E_INVALID_COOKIE" });
  });

  test("values round-trip through parseCookieHeader", () => {
    for (const value of ["plain", "a b;c", 'quo"te', "100%", "ünï", ""]) {
      const [pair] = dumpCookie("k", value).split(";");
      assert.deepEqual(parseCookieHeader(pair!), [["k", value]], value);
    }
    assert.deepEqual(parseCookieHeader('a=1; b="2"; junk; =x; c=%ZZ'), [
      ["a", "1"],
      ["b", "2"],
      ["c", "%ZZ"],
    ]);
  });

  test("HTTP dates", () => {
    assert.equal(parseHttpDate("Thu, 01 Jan 1970 00:00:01 GMT"), 1000);
    assert.equal(parseHttpDate("not a date"), undefined);
    assert.equal(parseHttpDate(undefined), undefined);
  });
});

describe("content types", () => {
  test("parse, JSON detection, charset", () => {
    assert.deepEqual(parseContentType('Multipart/Form-Data; boundary="x y"; charset=utf-8'), {
      mimetype: "multipart/form-data",
      params: { boundary: "x y", charset: "utf-8" },
    });
    assert.equal(isJsonMimetype("application/problem+json"), true);
    assert.equal(isJsonMimetype("text/json"), false);
    assert.equal(contentTypeFor("application/xml"), "application/xml; charset=utf-8");
    assert.equal(contentTypeFor("image/png"), "image/png");
  });
});
