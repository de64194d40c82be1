import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BadRequest, Http404, PermissionDenied, SuspiciousOperation } from "../core/exceptions.ts";
import { clientFor } from "../core/_test-helpers.ts";
import { HttpResponse } from "../http/response.ts";
import type { MiddlewareFactory } from "../middleware/types.ts";
import { reverse } from "../urls/base.ts";
import { include, path } from "../urls/conf.ts";

const pollsUrls = {
  appName: "polls",
  urlpatterns: [
    path("", () => new HttpResponse("index"), "index"),
    path(
      "<int:questionId>/",
      (_request, { questionId }: { questionId: number }) => {
        if (questionId > 100) throw new Http404("No Question matches the given query.");
        return new HttpResponse(
          `question ${questionId} at ${reverse("polls:detail", { args: [questionId] })}`,
        );
      },
      "detail",
    ),
  ],
};

const urlpatterns = [
  path("polls/", include(pollsUrls)),
  path("boom/", () => {
    throw new TypeError("kaboom in the view");
  }),
  path("forbidden/", () => {
    throw new PermissionDenied("no");
  }),
  path("suspicious/", () => {
    throw new SuspiciousOperation("Attempted access to '../etc' denied.");
  }),
  path("bad/", () => {
    throw new BadRequest("bad input");
  }),
  path("nothing/", (() => undefined) as never),
  path("json/", (request) => new HttpResponse(JSON.stringify(request.json()))),
  path("sync/", () => new HttpResponse("sync")),
  path("async/", async () => new HttpResponse("async")),
];

describe("getTsgiApplication: errors become pages", () => {
  test("DEBUG 404 lists the tried patterns; without DEBUG it does not", async () => {
    const debug = await clientFor({ DEBUG: true, ROOT_URLCONF: urlpatterns }).get("/nope/");
    assert.equal(debug.status, 404);
    assert.match(debug.text, /Django tried these URL patterns, in this order/);
    assert.match(debug.text, /<li>polls\/<\/li>/);
    assert.match(debug.text, /<li>boom\/<\/li>/);
    assert.match(debug.text, /The current path, <code>nope\/<\/code>, didn't match/);

    const nested = await clientFor({ DEBUG: true, ROOT_URLCONF: urlpatterns }).get("/polls/abc/");
    assert.match(nested.text, /polls\/ &lt;int:questionId&gt;\/ \[name=&#x27;detail&#x27;\]/);

    const plain = await clientFor({ DEBUG: false, ROOT_URLCONF: urlpatterns }).get("/nope/");
    assert.equal(plain.status, 404);
    assert.match(plain.text, /<h1>Not Found<\/h1>/);
    assert.doesNotMatch(plain.text, /polls|tried/);
  });

  test("Http404 from a view is a 404 with its message in DEBUG", async () => {
    const response = await clientFor({ DEBUG: true, ROOT_URLCONF: urlpatterns }).get("/polls/101/");
    assert.equal(response.status, 404);
    assert.match(response.text, /No Question matches the given query/);
    assert.match(response.text, /Raised by:.*polls:detail/s);
  });

  test("an error is a 500: technical page in DEBUG, plain page and a log line otherwise", async () => {
    const debug = await clientFor({ DEBUG: true, ROOT_URLCONF: urlpatterns }).get("/boom/");
    assert.equal(debug.status, 500);
    assert.match(debug.text, /TypeError at \/boom\//);
    assert.match(debug.text, /kaboom in the view/);

    const client = clientFor({ DEBUG: false, ROOT_URLCONF: urlpatterns });
    const plain = await client.get("/boom/");
    assert.equal(plain.status, 500);
    assert.match(plain.text, /Server Error \(500\)/);
    assert.doesNotMatch(plain.text, /kaboom/);
    assert.ok(client.errors.some((line) => line.includes("kaboom in the view")));
  });

  test("PermissionDenied → 403, SuspiciousOperation and BadRequest → 400", async () => {
    const client = clientFor({ ROOT_URLCONF: urlpatterns });
    assert.equal((await client.get("/forbidden/")).status, 403);
    assert.equal((await client.get("/suspicious/")).status, 400);
    assert.equal((await client.get("/bad/")).status, 400);
    assert.equal(
      (await client.post("/json/", { body: "{not json", contentType: "application/json" })).status,
      400,
    );
    assert.equal((await client.post("/json/", { json: { a: 1 } })).text, '{"a":1}');
  });

  test("a Host outside ALLOWED_HOSTS is a 400", async () => {
    const client = clientFor({ ROOT_URLCONF: urlpatterns });
    const response = await client.get("/sync/", { headers: { Host: "evil.example" } });
    assert.equal(response.status, 400);
  });

  test("too many query fields or too big a body is a 400", async () => {
    const client = clientFor({
      ROOT_URLCONF: urlpatterns,
      DATA_UPLOAD_MAX_NUMBER_FIELDS: 2,
      DATA_UPLOAD_MAX_MEMORY_SIZE: 16,
    });
    assert.equal((await client.get("/sync/?a=1&b=2&c=3")).status, 400);
    assert.equal((await client.post("/json/", { json: { long: "x".repeat(40) } })).status, 400);
  });

  test("a view that returns nothing is a 500 naming the view", async () => {
    const response = await clientFor({ DEBUG: true, ROOT_URLCONF: urlpatterns }).get("/nothing/");
    assert.equal(response.status, 500);
    assert.match(response.text, /didn&#x27;t return an HttpResponse object/);
  });

  test("sync and async views both work", async () => {
    const client = clientFor({ ROOT_URLCONF: urlpatterns });
    assert.equal((await client.get("/sync/")).text, "sync");
    assert.equal((await client.get("/async/")).text, "async");
  });

  test("the URLconf's handler404 and handler500 replace the default pages", async () => {
    const conf = {
      urlpatterns,
      handler404: (_request: unknown, error?: unknown) =>
        new HttpResponse(`custom 404: ${(error as Error).message}`, { status: 404 }),
      handler500: () => new HttpResponse("custom 500", { status: 500 }),
    };
    const client = clientFor({ ROOT_URLCONF: conf });
    const missing = await client.get("/nope/");
    assert.equal(missing.status, 404);
    assert.match(missing.text, /^custom 404: No URL pattern matches/);
    assert.equal((await client.get("/boom/")).text, "custom 500");
  });

  test("reverse() includes the mount point (SCRIPT_NAME) and FORCE_SCRIPT_NAME", async () => {
    const mounted = clientFor({ ROOT_URLCONF: urlpatterns }, { baseUrl: "http://localhost/site" });
    assert.equal((await mounted.get("/polls/4/")).text, "question 4 at /site/polls/4/");
    const forced = clientFor({ ROOT_URLCONF: urlpatterns, FORCE_SCRIPT_NAME: "/forced" });
    assert.equal((await forced.get("/polls/4/")).text, "question 4 at /forced/polls/4/");
  });
});

describe("the middleware onion", () => {
  test("runs in MIDDLEWARE order around the view, with processView and processException", async () => {
    const calls: string[] = [];
    const layer =
      (label: string): MiddlewareFactory =>
      (getResponse) =>
        Object.assign(
          async (request: Parameters<typeof getResponse>[0]) => {
            calls.push(`${label} in`);
            const response = await getResponse(request);
            calls.push(`${label} out`);
            response.headers.append("X-Layers", label);
            return response;
          },
          {
            processView: () => {
              calls.push(`${label} view`);
              return null;
            },
            processException: (_request: unknown, error: unknown) => {
              calls.push(`${label} exception`);
              return label === "inner"
                ? new HttpResponse(`handled ${(error as Error).message}`, { status: 503 })
                : null;
            },
          },
        );
    const client = clientFor({
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [layer("outer"), layer("inner")],
    });
    const ok = await client.get("/sync/");
    assert.deepEqual(calls, [
      "outer in",
      "inner in",
      "outer view",
      "inner view",
      "inner out",
      "outer out",
    ]);
    assert.deepEqual(ok.headerAll("x-layers"), ["inner", "outer"]);

    calls.length = 0;
    const handled = await client.get("/boom/");
    assert.equal(handled.status, 503);
    assert.equal(handled.text, "handled kaboom in the view");
    assert.deepEqual(
      calls.filter((call) => call.endsWith("exception")),
      ["inner exception"],
    );
  });

  test("an error in a middleware becomes a response the outer layers still see", async () => {
    const failing: MiddlewareFactory = () => () => {
      throw new PermissionDenied("blocked");
    };
    const stamp: MiddlewareFactory = (getResponse) => async (request) => {
      const response = await getResponse(request);
      response.headers.set("X-Stamp", "yes");
      return response;
    };
    const response = await clientFor({
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: [stamp, failing],
    }).get("/sync/");
    assert.equal(response.status, 403);
    assert.equal(response.header("x-stamp"), "yes");
  });

  test("object middleware with handle() and registered names work; unknown names are refused", async () => {
    const objectLayer: MiddlewareFactory = (getResponse) => ({
      async handle(request) {
        const response = await getResponse(request);
        response.headers.set("X-Object", "1");
        return response;
      },
    });
    const response = await clientFor({
      ROOT_URLCONF: urlpatterns,
      MIDDLEWARE: ["XFrameOptionsMiddleware", objectLayer],
    }).get("/sync/");
    assert.equal(response.header("x-object"), "1");
    assert.equal(response.header("x-frame-options"), "DENY");
    assert.throws(
      () => clientFor({ ROOT_URLCONF: urlpatterns, MIDDLEWARE: ["nope.Middleware"] }),
      /not a registered middleware/,
    );
  });
});
