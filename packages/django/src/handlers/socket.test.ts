// The same application over a real socket (the node server on 127.0.0.1, port 0): what the
// in-process client cannot show — bytes on the wire, repeated Set-Cookie, streaming, HEAD.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { serve, type ServerHandle } from "@tsgi/server";
import { testSettings } from "../core/_test-helpers.ts";
import { HttpResponse } from "../http/response.ts";
import { StreamingHttpResponse } from "../http/streaming.ts";
import { CommonMiddleware } from "../middleware/common.ts";
import { path } from "../urls/conf.ts";
import { getTsgiApplication } from "./tsgi.ts";

let handle: ServerHandle;
let base: string;
before(async () => {
  const settings = testSettings({
    ALLOWED_HOSTS: ["127.0.0.1"],
    MIDDLEWARE: [CommonMiddleware],
    ROOT_URLCONF: [
      path("cookies/", () => {
        const response = new HttpResponse("two cookies");
        response.setCookie("a", "1");
        response.setCookie("b", "2");
        return response;
      }),
      path(
        "stream/",
        () => new StreamingHttpResponse(["x", "y", "z"], { contentType: "text/plain" }),
      ),
      path("polls/<int:id>/", () => new HttpResponse("poll")),
    ],
  });
  handle = await serve(getTsgiApplication({ settings }), {
    server: "node",
    host: "127.0.0.1",
    port: 0,
  });
  base = handle.address.url.replace(/\/$/, "");
});
after(() => handle.close());

describe("over a real socket", () => {
  test("repeated Set-Cookie arrive as separate headers", async () => {
    const response = await fetch(`${base}/cookies/`);
    assert.equal(await response.text(), "two cookies");
    assert.deepEqual(response.headers.getSetCookie(), ["a=1; Path=/", "b=2; Path=/"]);
  });

  test("a streaming response and HEAD", async () => {
    assert.equal(await (await fetch(`${base}/stream/`)).text(), "xyz");
    const head = await fetch(`${base}/cookies/`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), "11");
  });

  test("APPEND_SLASH redirects with 301", async () => {
    const response = await fetch(`${base}/polls/1`, { redirect: "manual" });
    assert.equal(response.status, 301);
    assert.equal(response.headers.get("location"), "/polls/1/");
  });
});
