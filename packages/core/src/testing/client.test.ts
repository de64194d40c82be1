import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { App, Environ } from "../types.ts";
import { TestClient, createTestClient } from "./client.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/** Answers with what it saw, as JSON. */
const echo: App = async (environ, startResponse) => {
  const body = await environ["tsgi.input"].read();
  const seen = {
    method: environ.REQUEST_METHOD,
    scriptName: environ.SCRIPT_NAME,
    pathInfo: environ.PATH_INFO,
    query: environ.QUERY_STRING,
    contentType: environ.CONTENT_TYPE ?? null,
    cookie: environ.HTTP_COOKIE ?? null,
    body: new TextDecoder().decode(body),
  };
  startResponse("200 OK", [["Content-Type", "application/json"]]);
  // The validator insists that an app sends no bytes for HEAD.
  return environ.REQUEST_METHOD === "HEAD" ? [] : [bytes(JSON.stringify(seen))];
};

/** A body that records how it was closed. */
function trackedApp(status = "200 OK") {
  const counts = { returns: 0, closes: 0 };
  const app: App = (_environ, startResponse) => {
    startResponse(status, []);
    let index = 0;
    return {
      [Symbol.asyncIterator]: () => ({
        next: async () =>
          index < 3
            ? { done: false, value: bytes(`chunk${index++}`) }
            : { done: true, value: undefined },
        return: async () => {
          counts.returns++;
          return { done: true, value: undefined };
        },
      }),
      close: () => {
        counts.closes++;
      },
    } as AsyncIterable<Uint8Array>;
  };
  return { app, counts };
}

describe("requests and responses", () => {
  test("a GET: status, reason, status line, headers and body", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("201 Created Fine", [
        ["Content-Type", "text/plain; charset=utf-8"],
        ["X-Thing", "1"],
      ]);
      return [bytes("héllo"), bytes(" world")];
    };
    const response = await createTestClient(app).get("/");
    assert.equal(response.status, 201);
    assert.equal(response.statusText, "Created Fine");
    assert.equal(response.statusLine, "201 Created Fine");
    assert.equal(response.header("content-type"), "text/plain; charset=utf-8");
    assert.equal(response.header("x-missing"), undefined);
    assert.equal(response.text, "héllo world");
    assert.deepEqual(response.body, bytes("héllo world"));
  });

  test("every method helper sends its method, and json() parses the body", async () => {
    const client = createTestClient(echo);
    const methods = ["get", "head", "post", "put", "patch", "delete", "options"] as const;
    for (const method of methods) {
      const response = await client[method]("/m");
      assert.equal(response.environ?.REQUEST_METHOD, method.toUpperCase());
      if (method !== "head")
        assert.equal(response.json<{ method: string }>().method, method.toUpperCase());
    }
    assert.equal(
      (await client.request("PROPFIND", "/")).json<{ method: string }>().method,
      "PROPFIND",
    );
  });

  test("the app sees the encoded path decoded, the query raw, and the json body", async () => {
    const response = await createTestClient(echo).post("/café/ü?x=1", {
      query: { y: "a b" },
      json: { ok: true },
    });
    assert.deepEqual(response.json(), {
      method: "POST",
      scriptName: "",
      pathInfo: "/café/ü",
      query: "x=1&y=a+b",
      contentType: "application/json",
      cookie: null,
      body: '{"ok":true}',
    });
    assert.equal(response.environ?.["tsgi.request_target"], "/caf%C3%A9/%C3%BC?x=1&y=a+b");
  });

  test("the environ has the test server's keys", async () => {
    let seen: Environ | undefined;
    const app: App = (environ, startResponse) => {
      seen = environ;
      startResponse("204 No Content", []);
      return [];
    };
    await createTestClient(app).get("/");
    assert.equal(seen?.["tsgi.server"], "test");
    assert.equal(seen?.REMOTE_ADDR, "127.0.0.1");
    assert.equal(seen?.SERVER_NAME, "localhost");
    assert.equal(seen?.SERVER_PORT, "80");
    assert.ok(seen?.["tsgi.signal"] instanceof AbortSignal);
  });

  test("baseUrl mounts the app; extraEnviron from client and request are merged", async () => {
    let seen: Environ | undefined;
    const app: App = (environ, startResponse) => {
      seen = environ;
      startResponse("200 OK", []);
      return [];
    };
    const client = createTestClient(app, {
      baseUrl: "https://example.org/shop",
      extraEnviron: { REMOTE_ADDR: "10.0.0.9", "app.flag": 1 },
    });
    await client.get("/cart", { extraEnviron: { "app.flag": 2 } });
    assert.equal(seen?.SCRIPT_NAME, "/shop");
    assert.equal(seen?.PATH_INFO, "/cart");
    assert.equal(seen?.["tsgi.url_scheme"], "https");
    assert.equal(seen?.SERVER_PORT, "443");
    assert.equal(seen?.REMOTE_ADDR, "10.0.0.9");
    assert.equal(seen?.["app.flag"], 2);
  });

  test("a path that is not UTF-8 gets the 400 a server would send, without calling the app", async () => {
    let called = false;
    const response = await createTestClient(() => {
      called = true;
      return [];
    }).get("/%FF");
    assert.equal(response.status, 400);
    assert.equal(called, false);
  });

  test("tsgi.errors lines are collected on the client", async () => {
    const app: App = (environ, startResponse) => {
      environ["tsgi.errors"].write("first line\nsecond ");
      environ["tsgi.errors"].writelines(["line\n"]);
      startResponse("200 OK", []);
      return [];
    };
    const client = createTestClient(app);
    await client.get("/");
    assert.deepEqual(client.errors, ["first line", "second line"]);
  });
});

describe("server duties", () => {
  test("HEAD, 204 and 304 carry no body, and the body is still closed once", async () => {
    for (const [method, status] of [
      ["HEAD", "200 OK"],
      ["GET", "204 No Content"],
      ["GET", "304 Not Modified"],
    ] as const) {
      const { app, counts } = trackedApp(status);
      const response = await createTestClient(app, { validate: false }).request(method, "/");
      assert.equal(response.body.byteLength, 0, `${method} ${status}`);
      assert.deepEqual(counts, { returns: 1, closes: 1 }, `${method} ${status}`);
    }
  });

  test("a body read to the end is closed once and not returned", async () => {
    const { app, counts } = trackedApp();
    const response = await createTestClient(app).get("/");
    assert.equal(response.text, "chunk0chunk1chunk2");
    assert.deepEqual(counts, { returns: 0, closes: 1 });
  });

  test("write() before returning the body comes first", async () => {
    const app: App = async (_environ, startResponse) => {
      const write = startResponse("200 OK", []);
      await write(bytes("legacy "));
      return [bytes("body")];
    };
    assert.equal((await createTestClient(app).get("/")).text, "legacy body");
  });

  test("an app may switch to an error page with excInfo until the first byte", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/html"]]);
      return (function* () {
        try {
          throw new Error("render failed");
        } catch (error) {
          startResponse("500 Internal Server Error", [["Content-Type", "text/plain"]], error);
          yield bytes("oops");
        }
      })();
    };
    const response = await createTestClient(app).get("/");
    assert.equal(response.status, 500);
    assert.equal(response.header("content-type"), "text/plain");
    assert.equal(response.text, "oops");
  });

  test("an error before the headers is thrown to the test by default", async () => {
    const failing: App = () => {
      throw new Error("database down");
    };
    await assert.rejects(createTestClient(failing).get("/"), /database down/);
  });

  test("catchErrors turns it into a 500, with the error in client.errors", async () => {
    const failing: App = async () => {
      throw new Error("database down");
    };
    const client = createTestClient(failing, { catchErrors: true });
    const response = await client.get("/");
    assert.equal(response.status, 500);
    assert.equal(response.statusLine, "500 Internal Server Error");
    assert.ok(client.errors.some((line) => line.includes("database down")));
  });

  test("an error after the headers is thrown even with catchErrors, and the body is closed", async () => {
    let closed = 0;
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      const body = (async function* () {
        yield bytes("partial");
        throw new Error("stream broke");
      })();
      return Object.assign(body, { close: () => void closed++ });
    };
    await assert.rejects(createTestClient(app, { catchErrors: true }).get("/"), /stream broke/);
    assert.equal(closed, 1);
  });

  test("hop-by-hop headers are dropped like a server does, and the drop is logged", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [
        ["Connection", "close"],
        ["X-Kept", "1"],
      ]);
      return [];
    };
    const client = createTestClient(app, { validate: false });
    const response = await client.get("/");
    assert.deepEqual(response.headers, [["X-Kept", "1"]]);
    assert.ok(client.errors.some((line) => line.includes("Connection")));
  });

  test("a body that disagrees with its Content-Length fails the request", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Length", "10"]]);
      return [bytes("short")];
    };
    await assert.rejects(createTestClient(app, { validate: false }).get("/"), {
      code: "TSGI_E_CONTENT_LENGTH_MISMATCH",
    });
    // HEAD answers may announce a length they do not carry.
    assert.equal((await createTestClient(app, { validate: false }).head("/")).status, 200);
  });
});

describe("validation", () => {
  test("is on by default: contract mistakes fail the test with a stable code", async () => {
    const stringBody = ((_environ: Environ, startResponse: (s: string, h: []) => void) => {
      startResponse("200 OK", []);
      return "not bytes";
    }) as unknown as App;
    await assert.rejects(createTestClient(stringBody).get("/"), { code: "TSGI_E_BODY_STRING" });
  });

  test("validate: false still refuses what a server cannot send", async () => {
    const badStatus: App = (_environ, startResponse) => {
      startResponse("OK", []);
      return [];
    };
    await assert.rejects(createTestClient(badStatus, { validate: false }).get("/"), {
      code: "TSGI_E_STATUS_FORMAT",
    });
  });
});

describe("the JSDoc examples", () => {
  test("TestClient: a cookie set by the first response is sent with the second request", async () => {
    const app: App = (environ, startResponse) => {
      startResponse("200 OK", [
        ["Content-Type", "text/plain"],
        ["Set-Cookie", "seen=1"],
      ]);
      return [new TextEncoder().encode(`cookie: ${environ.HTTP_COOKIE ?? "none"}`)];
    };
    const client = new TestClient(app);
    assert.equal((await client.get("/")).text, "cookie: none");
    assert.equal((await client.get("/")).text, "cookie: seen=1");
  });

  test("createTestClient: baseUrl and query", async () => {
    const app: App = (_environ, startResponse) => (startResponse("200 OK", []), []);
    const client = createTestClient(app, { baseUrl: "https://example.org/shop" });
    const response = await client.get("/cart", { query: { page: 2 } });
    assert.equal(response.environ?.SCRIPT_NAME, "/shop");
    assert.equal(response.environ?.PATH_INFO, "/cart");
    assert.equal(response.environ?.QUERY_STRING, "page=2");
  });
});
