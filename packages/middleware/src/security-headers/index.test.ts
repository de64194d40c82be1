import assert from "node:assert/strict";
import { test } from "node:test";
import Fastify from "fastify";
import { validate } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromFastify } from "@tsgi/fastify";
import { textApp } from "../_test/apps.ts";
import { securityHeaders } from "./index.ts";

test("adds the default headers; HSTS only over https", async () => {
  const app = securityHeaders(
    validate(
      textApp("hi", [
        ["Set-Cookie", "a=1"],
        ["Set-Cookie", "b=2"],
      ]),
    ),
  );
  const plain = await createTestClient(app).get("/");
  assert.equal(plain.header("x-content-type-options"), "nosniff");
  assert.equal(plain.header("x-frame-options"), "SAMEORIGIN");
  assert.equal(plain.header("referrer-policy"), "no-referrer");
  assert.equal(plain.header("cross-origin-opener-policy"), "same-origin");
  assert.equal(plain.header("content-security-policy"), undefined);
  assert.equal(plain.header("strict-transport-security"), undefined);
  assert.deepEqual(plain.headerAll("set-cookie"), ["a=1", "b=2"]);
  const secure = await createTestClient(app, { baseUrl: "https://example.org/" }).get("/");
  assert.equal(secure.header("strict-transport-security"), "max-age=15552000; includeSubDomains");
});

test("options replace or drop headers; the app's own header wins", async () => {
  const app = securityHeaders(validate(textApp("hi", [["X-Frame-Options", "ALLOW-FROM x"]])), {
    contentSecurityPolicy: "default-src 'self'",
    xFrameOptions: "DENY",
    referrerPolicy: false,
  });
  const response = await createTestClient(app).get("/");
  assert.equal(response.header("content-security-policy"), "default-src 'self'");
  assert.deepEqual(response.headerAll("x-frame-options"), ["ALLOW-FROM x"]);
  assert.equal(response.header("referrer-policy"), undefined);
});

test("in front of a Fastify app", async () => {
  const fastify = Fastify();
  fastify.get("/", async () => "fastify");
  const response = await createTestClient(securityHeaders(validate(fromFastify(fastify)))).get("/");
  assert.equal(response.text, "fastify");
  assert.equal(response.header("x-content-type-options"), "nosniff");
  await fastify.close();
});

test("bad options fail at construction with a code", () => {
  for (const options of [
    { xFrameOptions: "DENY\r\nX: y" },
    { unknownHeader: "x" },
    { referrerPolicy: true },
  ]) {
    assert.throws(() => securityHeaders(textApp("x"), options as never), {
      code: "TSGI_E_MW_INVALID_OPTION",
    });
  }
});
