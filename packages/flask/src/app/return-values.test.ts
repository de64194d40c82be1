import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Flask } from "./flask.ts";
import { Response } from "../wrappers/response.ts";
import { jsonify } from "../helpers/json.ts";
import { makeResponse } from "../helpers/make-response.ts";
import { redirect } from "../helpers/redirect.ts";
import { NotFound } from "../exceptions/classes.ts";
import { request } from "../ctx/globals.ts";

function appWith(view: () => unknown) {
  const app = new Flask(import.meta.url, { staticFolder: null });
  app.config.TESTING = true;
  app.get("/", function index() {
    return view() as string;
  });
  return app.testClient();
}

describe("view return values", () => {
  test("a string is an HTML body", async () => {
    const response = await appWith(() => "<p>hi</p>").get("/");
    assert.equal(response.header("content-type"), "text/html; charset=utf-8");
    assert.equal(response.text, "<p>hi</p>");
  });

  test("bytes are sent as they are", async () => {
    const response = await appWith(() => new Uint8Array([1, 2, 3])).get("/");
    assert.deepEqual([...response.body], [1, 2, 3]);
  });

  test("objects and arrays become JSON with a trailing newline", async () => {
    const object = await appWith(() => ({ a: 1, b: [true] })).get("/");
    assert.equal(object.header("content-type"), "application/json");
    assert.equal(object.text, '{"a":1,"b":[true]}\n');
    assert.deepEqual((await appWith(() => [1, 2]).get("/")).json(), [1, 2]);
  });

  test("[body, status], [body, status, headers], [body, headers]", async () => {
    const created = await appWith(() => ["made", 201]).get("/");
    assert.equal(created.status, 201);
    const withLine = await appWith(() => ["teapot", "418 I AM A TEAPOT"]).get("/");
    assert.equal(withLine.statusLine, "418 I AM A TEAPOT");
    const full = await appWith(() => ["x", 202, { "X-One": "1" }]).get("/");
    assert.equal(full.status, 202);
    assert.equal(full.header("x-one"), "1");
    const headersOnly = await appWith(() => [
      "y",
      [
        ["Set-Cookie", "a=1"],
        ["Set-Cookie", "b=2"],
      ],
    ]).get("/");
    assert.equal(headersOnly.status, 200);
    assert.deepEqual(headersOnly.headerAll("set-cookie"), ["a=1", "b=2"]);
    const jsonWithStatus = await appWith(() => [{ error: "no" }, 400]).get("/");
    assert.equal(jsonWithStatus.status, 400);
    assert.deepEqual(jsonWithStatus.json(), { error: "no" });
  });

  test("a Response is used as is, with repeated Set-Cookie kept", async () => {
    const response = await appWith(() => {
      const built = new Response("custom", { status: 203, mimetype: "text/plain" });
      built.setCookie("a", "1");
      built.setCookie("b", "2", { httpOnly: true, sameSite: "Strict", maxAge: 60, secure: true });
      return built;
    }).get("/");
    assert.equal(response.status, 203);
    assert.equal(response.header("content-type"), "text/plain; charset=utf-8");
    const cookies = response.headerAll("set-cookie");
    assert.equal(cookies.length, 2);
    assert.match(
      cookies[1]!,
      /^b=2; Max-Age=60; Expires=.+; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    );
  });

  test("async generators stream, with the request context still there", async () => {
    const response = await appWith(() =>
      (async function* () {
        yield "a";
        await new Promise((resolve) => setImmediate(resolve));
        yield new TextEncoder().encode("b");
        yield request.path;
      })(),
    ).get("/");
    assert.equal(response.text, "ab/");
    assert.equal(response.header("content-length"), undefined);
  });

  test("a promise in the body place is awaited: [renderTemplate(…), 404]", async () => {
    const response = await appWith(() => [Promise.resolve("not here"), 404]).get("/");
    assert.equal(response.status, 404);
    assert.equal(response.text, "not here");
    assert.throws(() => makeResponse(Promise.resolve("x"), 200), {
      code: "FLASK_E_INVALID_RETURN",
    });
  });

  test("returning nothing is a clear error", async () => {
    await assert.rejects(appWith(() => undefined).get("/"), {
      code: "FLASK_E_INVALID_RETURN",
      message: /view function for "index" did not return a valid response/,
    });
  });

  test("an HTTPException returned (not thrown) is its response", async () => {
    assert.equal((await appWith(() => new NotFound()).get("/")).status, 404);
  });

  test("jsonify, makeResponse and redirect (303 by default)", async () => {
    assert.equal((await appWith(() => jsonify(1, 2)).get("/")).text, "[1,2]\n");
    assert.equal((await appWith(() => jsonify()).get("/")).text, "null\n");
    const made = await appWith(() => {
      const response = makeResponse("body", 202, { "X-Made": "yes" });
      response.headers.add("X-Extra", "1");
      return response;
    }).get("/");
    assert.equal(made.status, 202);
    assert.equal(made.header("x-made"), "yes");
    const moved = await appWith(() => redirect("/elsewhere")).get("/");
    assert.equal(moved.status, 303);
    assert.equal(moved.header("location"), "/elsewhere");
    assert.equal((await appWith(() => redirect("/x", 302)).get("/")).status, 302);
    assert.throws(() => redirect("/x", 200), RangeError);
  });

  test("a header value with CR/LF is refused (no header injection)", async () => {
    await assert.rejects(
      appWith(() => ["x", 200, { "X-Bad": "a\r\nSet-Cookie: evil=1" }]).get("/"),
      {
        code: "FLASK_E_INVALID_HEADER",
      },
    );
  });
});

test("a streamed body: teardown runs when the server closes it, HEAD closes it unread", async () => {
  const log: string[] = [];
  const app = new Flask(import.meta.url, { staticFolder: null });
  app.teardownRequest(() => void log.push("teardown"));
  app.get("/stream", function stream() {
    return (async function* () {
      try {
        log.push("first chunk");
        yield "one ";
        log.push("second chunk");
        yield "two";
      } finally {
        log.push("generator closed");
      }
    })();
  });
  const client = app.testClient();
  assert.equal((await client.get("/stream")).text, "one two");
  assert.deepEqual(log, ["first chunk", "second chunk", "generator closed", "teardown"]);
  log.length = 0;
  const head = await client.head("/stream");
  assert.equal(head.body.byteLength, 0);
  assert.deepEqual(log, ["teardown"]);
});
