import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createErrorStream } from "../errors-stream.ts";
import type { App, Environ } from "../types.ts";
import { toFetch } from "./to-fetch.ts";

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const tick = () => new Promise((resolve) => setImmediate(resolve));

function collectErrors() {
  const lines: string[] = [];
  return { lines, errors: createErrorStream((text) => lines.push(text)) };
}

/** An app whose body counts pulls, return() and close(); `failAt` throws at that pull. */
function countingApp(
  total: number,
  options: { status?: string; failAt?: number; headers?: [string, string][] } = {},
) {
  const counts = { pulls: 0, returns: 0, closes: 0 };
  const app: App = (_environ, startResponse) => {
    startResponse(options.status ?? "200 OK", options.headers ?? [["Content-Type", "text/plain"]]);
    let index = 0;
    return {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          counts.pulls++;
          if (options.failAt === index) throw new Error("broke mid-stream");
          return index < total
            ? { done: false, value: bytes(`${index++},`) }
            : { done: true, value: undefined };
        },
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

describe("the environ built from a Request", () => {
  test("carries method, path, query, headers, body, scheme, port, signal and tsgi.server", async () => {
    let seen: Environ | undefined;
    let body = "";
    const app: App = async (environ, startResponse) => {
      seen = environ;
      body = new TextDecoder().decode(await environ["tsgi.input"].read());
      startResponse("200 OK", []);
      return [];
    };
    const controller = new AbortController();
    const request = new Request("https://example.org:8443/caf%C3%A9?x=1&y", {
      method: "POST",
      headers: { "X-Trace": "t1", "Content-Type": "text/plain" },
      body: "hello",
      signal: controller.signal,
    });
    await toFetch(app)(request);
    assert.equal(seen?.REQUEST_METHOD, "POST");
    assert.equal(seen?.PATH_INFO, "/café");
    assert.equal(seen?.QUERY_STRING, "x=1&y");
    assert.equal(seen?.HTTP_X_TRACE, "t1");
    assert.equal(seen?.HTTP_HOST, "example.org:8443", "Host is added from the URL");
    assert.equal(seen?.CONTENT_TYPE, "text/plain");
    assert.equal(seen?.SERVER_NAME, "example.org");
    assert.equal(seen?.SERVER_PORT, "8443");
    assert.equal(seen?.["tsgi.url_scheme"], "https");
    assert.equal(seen?.["tsgi.server"], "fetch");
    assert.equal(seen?.["tsgi.signal"], request.signal);
    assert.equal(body, "hello");
  });

  test("options: server name and extraEnviron from the Request", async () => {
    let seen: Environ | undefined;
    const app: App = (environ, startResponse) => {
      seen = environ;
      startResponse("200 OK", []);
      return [];
    };
    const handler = toFetch(app, {
      server: "edge",
      extraEnviron: (request) => ({ REMOTE_ADDR: request.headers.get("x-client") ?? "" }),
    });
    await handler(new Request("http://localhost/", { headers: { "X-Client": "192.0.2.7" } }));
    assert.equal(seen?.["tsgi.server"], "edge");
    assert.equal(seen?.REMOTE_ADDR, "192.0.2.7");
  });

  test("a path that is not UTF-8 is a 400 and the app is not called", async () => {
    let called = false;
    const response = await toFetch(() => ((called = true), []))(
      new Request("http://localhost/%FF"),
    );
    assert.equal(response.status, 400);
    assert.equal(called, false);
  });
});

describe("the Response", () => {
  test("status, reason, every Set-Cookie, no hop-by-hop headers", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("201 Made It", [
        ["Set-Cookie", "a=1; Path=/"],
        ["Set-Cookie", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"],
        ["Transfer-Encoding", "chunked"],
        ["Content-Type", "text/plain"],
      ]);
      return [bytes("made")];
    };
    const response = await toFetch(app)(new Request("http://localhost/"));
    assert.equal(response.status, 201);
    assert.equal(response.statusText, "Made It");
    assert.deepEqual(response.headers.getSetCookie(), [
      "a=1; Path=/",
      "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
    ]);
    assert.equal(response.headers.get("transfer-encoding"), null);
    assert.equal(await response.text(), "made");
  });

  for (const [method, status] of [
    ["HEAD", "200 OK"],
    ["GET", "204 No Content"],
    ["GET", "304 Not Modified"],
  ] as const) {
    test(`${method} ${status}: null body, the app's body closed once`, async () => {
      const { app, counts } = countingApp(3, { status });
      const response = await toFetch(app)(new Request("http://localhost/", { method }));
      assert.equal(response.body, null);
      await tick();
      assert.equal(counts.closes, 1);
      assert.equal(counts.returns, 1);
    });
  }

  test("an error before the headers is a 500 logged to tsgi.errors", async () => {
    const { lines, errors } = collectErrors();
    const response = await toFetch(
      () => {
        throw new Error("no database");
      },
      { errors },
    )(new Request("http://localhost/"));
    assert.equal(response.status, 500);
    assert.equal(await response.text(), "Internal Server Error\n");
    assert.ok(lines.join("").includes("no database"));
  });

  test("a status fetch cannot express becomes a 500 and the body is closed", async () => {
    const { errors } = collectErrors();
    const { app, counts } = countingApp(1, { status: "103 Early Hints" });
    const response = await toFetch(app, { errors })(new Request("http://localhost/"));
    assert.equal(response.status, 500);
    assert.equal(counts.closes, 1);
  });
});

describe("streaming", () => {
  test("the body is pulled from the app one chunk per read", async () => {
    const { app, counts } = countingApp(1000);
    const response = await toFetch(app)(new Request("http://localhost/"));
    assert.equal(counts.pulls, 1, "only the chunk that committed the headers");
    const reader = response.body!.getReader();
    assert.deepEqual((await reader.read()).value, bytes("0,"));
    assert.deepEqual((await reader.read()).value, bytes("1,"));
    await tick();
    assert.equal(counts.pulls, 2, "nothing read ahead");
    await reader.cancel();
  });

  test("cancelling the body closes the app's body exactly once", async () => {
    const { app, counts } = countingApp(1000);
    const response = await toFetch(app)(new Request("http://localhost/"));
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel("client went away");
    await reader.cancel("again").catch(() => {});
    assert.deepEqual({ returns: counts.returns, closes: counts.closes }, { returns: 1, closes: 1 });
  });

  test("a body read to the end is closed once, without return()", async () => {
    const { app, counts } = countingApp(3);
    const response = await toFetch(app)(new Request("http://localhost/"));
    assert.equal(await response.text(), "0,1,2,");
    assert.deepEqual({ returns: counts.returns, closes: counts.closes }, { returns: 0, closes: 1 });
  });

  test("an error mid-stream errors the stream and closes the body", async () => {
    const { lines, errors } = collectErrors();
    const { app, counts } = countingApp(5, { failAt: 2 });
    const response = await toFetch(app, { errors })(new Request("http://localhost/"));
    assert.equal(response.status, 200);
    await assert.rejects(response.text(), /broke mid-stream/);
    assert.equal(counts.closes, 1);
    assert.ok(lines.join("").includes("broke mid-stream"));
  });

  test("write() settles only when the consumer reads the chunk (backpressure)", async () => {
    const settled: number[] = [];
    const app: App = async (_environ, startResponse) => {
      const write = startResponse("200 OK", []);
      for (let i = 0; i < 3; i++) await write(bytes(`w${i}`)).then(() => settled.push(i));
      return [];
    };
    const response = await toFetch(app)(new Request("http://localhost/"));
    await tick();
    assert.deepEqual(settled, []);
    const reader = response.body!.getReader();
    assert.deepEqual((await reader.read()).value, bytes("w0"));
    await tick();
    assert.deepEqual(settled, [0]);
    assert.deepEqual((await reader.read()).value, bytes("w1"));
    assert.deepEqual((await reader.read()).value, bytes("w2"));
    assert.equal((await reader.read()).done, true);
    assert.deepEqual(settled, [0, 1, 2]);
  });

  test("Content-Length is enforced: longer bodies are cut, shorter ones error", async () => {
    const { errors } = collectErrors();
    const long: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Length", "4"]]);
      return [bytes("abc"), bytes("defgh")];
    };
    assert.equal(
      await (await toFetch(long, { errors })(new Request("http://localhost/"))).text(),
      "abcd",
    );
    const short: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Length", "10"]]);
      return [bytes("abc")];
    };
    const response = await toFetch(short, { errors })(new Request("http://localhost/"));
    await assert.rejects(response.text(), /ended after 3 of its 10/);
  });
});
