import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createErrorStream } from "../errors-stream.ts";
import { buildTestEnviron, createTestClient, type TestResponse } from "../testing/index.ts";
import type { App, Environ } from "../types.ts";
import { validate, type TsgiValidationError } from "../validate/index.ts";
import { fromFetch } from "./from-fetch.ts";
import { toFetch } from "./to-fetch.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const tick = () => new Promise((resolve) => setImmediate(resolve));
const quietErrors = createErrorStream(() => {});

/** A small app that exercises headers, cookies, bodies, statuses and streaming. */
const shop: App = async (environ, startResponse) => {
  const path = environ.PATH_INFO;
  const head = environ.REQUEST_METHOD === "HEAD";
  if (path === "/hello") {
    startResponse("200 OK", [
      ["Content-Type", "text/plain; charset=utf-8"],
      ["Content-Length", "7"],
      ["Set-Cookie", "a=1; Path=/"],
      ["Set-Cookie", "b=2; Path=/; HttpOnly"],
      ["X-Query", environ.QUERY_STRING],
    ]);
    return head ? [] : [bytes("héllo!")];
  }
  if (path === "/echo") {
    const body = await environ["tsgi.input"].read();
    startResponse("201 Created", [
      ["Content-Type", environ.CONTENT_TYPE ?? "application/octet-stream"],
    ]);
    return [body];
  }
  if (path === "/stream") {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return (async function* () {
      for (let i = 0; i < 3; i++) yield bytes(`part${i} `);
    })();
  }
  if (path === "/whoami") {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return [bytes(`${environ.PATH_INFO} ${environ.HTTP_COOKIE ?? "-"}`)];
  }
  startResponse("404 Not Found", [["Content-Type", "text/plain"]]);
  return head ? [] : [bytes("no such page")];
};

/**
 * What a client can observe, with header names in one case and in a stable order. A
 * Content-Length is compared as "matches the body": toFetch adds one for Array bodies (as a
 * server may) where the in-process client does not.
 */
function observable(response: TestResponse) {
  const length = response.header("content-length");
  const isHead = response.environ?.REQUEST_METHOD === "HEAD";
  if (length !== undefined && !isHead) assert.equal(Number(length), response.body.byteLength);
  const headers = response.headers
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => name !== "content-length")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { statusLine: response.statusLine, headers, body: response.text };
}

describe("fromFetch(toFetch(app)) behaves like app", () => {
  const requests: [
    string,
    string,
    Parameters<ReturnType<typeof createTestClient>["request"]>[2],
  ][] = [
    ["GET", "/hello?x=1&y=é", {}],
    ["HEAD", "/hello", {}],
    ["POST", "/echo", { json: { name: "Ada", tags: ["x"] } }],
    [
      "PUT",
      "/echo",
      { body: new Uint8Array([0, 1, 2, 255]), contentType: "application/octet-stream" },
    ],
    ["GET", "/stream", {}],
    ["GET", "/missing", {}],
    ["DELETE", "/missing", {}],
  ];
  for (const [method, path, options] of requests) {
    test(`${method} ${path}`, async () => {
      const direct = await createTestClient(shop).request(method, path, options);
      const bridged = await createTestClient(
        fromFetch(toFetch(shop, { errors: quietErrors })),
      ).request(method, path, options);
      assert.deepEqual(observable(bridged), observable(direct));
    });
  }

  test("cookies set through the bridge come back through it", async () => {
    const client = createTestClient(fromFetch(toFetch(shop)));
    await client.get("/hello");
    assert.equal((await client.get("/whoami")).text, "/whoami a=1; b=2");
  });
});

describe("a Hono-style fetch app runs as a TSGI app", () => {
  // Written by hand in Hono's shape: routes, a context with req/env/json/text, and `fetch`.
  type Context = { req: Request; env: Environ; params: Record<string, string> };
  type Handler = (c: Context) => Response | Promise<Response>;
  function miniHono() {
    const routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] = [];
    const add = (method: string) => (path: string, handler: Handler) => {
      const keys: string[] = [];
      const pattern = new RegExp(
        "^" + path.replace(/:(\w+)/g, (_m, key: string) => (keys.push(key), "([^/]+)")) + "$",
      );
      routes.push({ method, pattern, keys, handler });
      return hono;
    };
    const hono = {
      get: add("GET"),
      post: add("POST"),
      fetch: async (req: Request, env: Environ): Promise<Response> => {
        const { pathname } = new URL(req.url);
        for (const route of routes) {
          const match = route.method === req.method ? route.pattern.exec(pathname) : null;
          if (match === null) continue;
          const params = Object.fromEntries(
            route.keys.map((key, i) => [key, decodeURIComponent(match[i + 1]!)]),
          );
          return route.handler({ req, env, params });
        }
        return new Response("404 Not Found", { status: 404 });
      },
    };
    return hono;
  }

  const hono = miniHono()
    .get("/users/:id", (c) => Response.json({ id: c.params.id, from: c.env.REMOTE_ADDR }))
    .post("/users", async (c) => {
      const user = (await c.req.json()) as { name: string };
      return Response.json(
        { created: user.name },
        { status: 201, headers: { Location: "/users/7" } },
      );
    })
    .get("/login", () => {
      const headers = new Headers({ "Content-Type": "text/plain" });
      headers.append("Set-Cookie", "sid=s1; Path=/; HttpOnly");
      headers.append("Set-Cookie", "lang=fr; Path=/");
      return new Response("welcome", { headers });
    })
    .get("/me", (c) => new Response(`cookies: ${c.req.headers.get("cookie")}`))
    .get("/ticker", () => {
      let n = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (n < 3) controller.enqueue(bytes(`tick${n++}\n`));
          else controller.close();
        },
      });
      return new Response(body, { headers: { "Content-Type": "text/plain" } });
    });

  const client = createTestClient(fromFetch(hono.fetch));

  test("route params, JSON and the environ as env", async () => {
    const response = await client.get("/users/ad%C3%A9");
    assert.equal(response.status, 200);
    assert.match(response.header("content-type") ?? "", /^application\/json/);
    assert.deepEqual(response.json(), { id: "adé", from: "127.0.0.1" });
  });

  test("a JSON request body and a 201 with Location", async () => {
    const response = await client.post("/users", { json: { name: "Grace" } });
    assert.equal(response.statusLine, "201 Created");
    assert.equal(response.header("location"), "/users/7");
    assert.deepEqual(response.json(), { created: "Grace" });
  });

  test("two Set-Cookie headers reach the jar and come back", async () => {
    const login = await client.get("/login");
    assert.deepEqual(login.headerAll("set-cookie"), [
      "sid=s1; Path=/; HttpOnly",
      "lang=fr; Path=/",
    ]);
    assert.equal((await client.get("/me")).text, "cookies: sid=s1; lang=fr");
  });

  test("a streamed body and a 404", async () => {
    assert.equal((await client.get("/ticker")).text, "tick0\ntick1\ntick2\n");
    assert.equal((await client.get("/nowhere")).status, 404);
  });
});

describe("streaming and closing across both bridges", () => {
  test("a request body streams in and the echo streams out, pulled lazily end to end", async () => {
    const total = 1000;
    let produced = 0;
    const upload = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (produced < total) controller.enqueue(bytes(`${produced++};`));
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    // TSGI in the middle: a fetch echo handler hosted as a TSGI app, served as a fetch handler.
    const echo = toFetch(fromFetch((request) => new Response(request.body)));
    const response = await echo(
      new Request("http://localhost/echo", {
        method: "POST",
        body: upload,
        duplex: "half",
      } as RequestInit),
    );
    const reader = response.body!.getReader();
    const received: string[] = [];
    for (let i = 0; i < 5; i++)
      received.push(new TextDecoder().decode((await reader.read()).value));
    await tick();
    assert.deepEqual(received, ["0;", "1;", "2;", "3;", "4;"]);
    assert.ok(
      produced <= received.length + 2,
      `produced ${produced} chunks for ${received.length} read`,
    );
    await reader.cancel();
  });

  test("closing the outer TSGI body closes the inner app's body exactly once", async () => {
    const violations: TsgiValidationError[] = [];
    const counts = { returns: 0, closes: 0 };
    const inner = validate(
      (_environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        let i = 0;
        return {
          [Symbol.asyncIterator]: () => ({
            next: async () => ({ done: false as const, value: bytes(`${i++},`) }),
            return: async () => (counts.returns++, { done: true as const, value: undefined }),
          }),
          close: () => void counts.closes++,
        };
      },
      { onViolation: (error) => violations.push(error) },
    );
    const outer = fromFetch(toFetch(inner));
    const body = await outer(buildTestEnviron("GET", "/endless"), () => async () => {});
    const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    assert.deepEqual((await iterator.next()).value, bytes("0,"));
    await iterator.return!();
    await (body as unknown as { close(): Promise<void> }).close();
    await tick();
    assert.deepEqual(counts, { returns: 1, closes: 1 });
    inner.assertBodiesClosed();
    assert.deepEqual(violations, []);
  });

  test("a HEAD through both bridges closes the inner body once and sends nothing", async () => {
    let closes = 0;
    const inner: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Length", "3"]]);
      return Object.assign([] as Uint8Array[], { close: () => void closes++ });
    };
    const response = await createTestClient(fromFetch(toFetch(inner))).head("/");
    await tick();
    assert.equal(response.body.byteLength, 0);
    assert.equal(response.header("content-length"), "3");
    assert.equal(closes, 1);
  });
});

describe("the JSDoc examples", () => {
  test("fromFetch: a fetch handler answers through the test client", async () => {
    const hono = {
      fetch: (request: Request) => new Response(`Hi from ${new URL(request.url).pathname}`),
    };
    const app = fromFetch(hono.fetch);
    assert.equal((await createTestClient(app).get("/there")).text, "Hi from /there");
  });

  test("index: toFetch(fromFetch(handler)) answers like the handler", async () => {
    const tsgiApp = fromFetch(() => new Response("hi"));
    const handler = toFetch(tsgiApp);
    assert.equal(await (await handler(new Request("http://localhost/"))).text(), "hi");
  });
});
