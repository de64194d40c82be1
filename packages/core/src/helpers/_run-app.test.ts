import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { App, Body, Environ } from "../types.ts";
import { startApp } from "./_run-app.ts";

const environ = {} as Environ;
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunk: Uint8Array | undefined) =>
  chunk === undefined ? undefined : new TextDecoder().decode(chunk);

async function drain(response: Awaited<ReturnType<typeof startApp>>): Promise<string[]> {
  const chunks: string[] = [];
  for (let chunk = await response.next(); chunk !== undefined; chunk = await response.next()) {
    chunks.push(text(chunk)!);
  }
  return chunks;
}

/** A body that counts pulls, return() and close() calls. */
function countingBody(chunks: (Uint8Array | string)[], options: { failAt?: number } = {}) {
  const counts = { pulls: 0, returns: 0, closes: 0 };
  let index = 0;
  const body = {
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          counts.pulls++;
          if (options.failAt === index) throw new Error("boom mid-stream");
          if (index >= chunks.length) return { done: true, value: undefined };
          return { done: false, value: chunks[index++] as Uint8Array };
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          counts.returns++;
          return { done: true, value: undefined };
        },
      };
    },
    async close() {
      counts.closes++;
    },
  };
  return { body: body as Body, counts };
}

describe("committing the headers", () => {
  test("waits for the first non-empty chunk, so an app can still switch to an error", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/html"]]);
      return (function* () {
        yield new Uint8Array(0);
        try {
          throw new Error("template failed");
        } catch (error) {
          startResponse("500 Internal Server Error", [["Content-Type", "text/plain"]], error);
          yield bytes("sorry");
        }
      })();
    };
    const response = await startApp(app, environ);
    assert.equal(response.status, "500 Internal Server Error");
    assert.deepEqual(response.headers, [["Content-Type", "text/plain"]]);
    assert.deepEqual(await drain(response), ["sorry"]);
  });

  test("an empty body commits at its end", async () => {
    const response = await startApp(
      (_e, startResponse) => (startResponse("204 No Content", []), []),
      environ,
    );
    assert.equal(response.code, 204);
    assert.equal(await response.next(), undefined);
  });

  test("snapshots the headers, so later mutation by the app does not leak", async () => {
    const headers: [string, string][] = [["A", "1"]];
    const response = await startApp((_e, startResponse) => {
      startResponse("200 OK", headers);
      return (function* () {
        yield bytes("x");
        headers.push(["B", "2"]);
      })();
    }, environ);
    await drain(response);
    assert.deepEqual(response.headers, [["A", "1"]]);
  });

  test("pulls nothing past the first non-empty chunk until asked", async () => {
    const { body, counts } = countingBody([bytes("a"), bytes("b"), bytes("c")]);
    const response = await startApp(
      (_e, startResponse) => (startResponse("200 OK", []), body),
      environ,
    );
    assert.equal(counts.pulls, 1);
    assert.equal(text(await response.next()), "a");
    assert.equal(counts.pulls, 1, "the first chunk was already pulled");
    assert.equal(text(await response.next()), "b");
    assert.equal(counts.pulls, 2);
  });
});

describe("excInfo and startResponse rules", () => {
  test("excInfo after the headers went out re-throws that very error into the app", async () => {
    const original = new Error("late failure");
    let thrown: unknown;
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      return (function* () {
        yield bytes("partial");
        try {
          startResponse("500 Internal Server Error", [], original);
        } catch (error) {
          thrown = error;
          throw error;
        }
      })();
    };
    const response = await startApp(app, environ);
    assert.equal(text(await response.next()), "partial");
    await assert.rejects(response.next(), (error) => error === original);
    assert.equal(thrown, original);
  });

  test("a second call without excInfo is TSGI_E_START_RESPONSE_TWICE", async () => {
    const app: App = (_environ, startResponse) => {
      startResponse("200 OK", []);
      startResponse("404 Not Found", []);
      return [];
    };
    await assert.rejects(startApp(app, environ), { code: "TSGI_E_START_RESPONSE_TWICE" });
  });

  test("a body chunk or the end of the body before startResponse is an error", async () => {
    await assert.rejects(
      startApp(() => [bytes("x")], environ),
      {
        code: "TSGI_E_CHUNK_BEFORE_START_RESPONSE",
      },
    );
    await assert.rejects(
      startApp(() => [], environ),
      { code: "TSGI_E_NO_START_RESPONSE" },
    );
  });

  test("a malformed status or header is refused before anything is sent", async () => {
    await assert.rejects(
      startApp((_e, s) => (s("OK", []), []), environ),
      { code: "TSGI_E_STATUS_FORMAT" },
    );
    const badHeader: App = (_e, s) => (s("200 OK", [["X", "a\r\nb"]]), []);
    await assert.rejects(startApp(badHeader, environ), {
      code: "TSGI_E_HEADER_VALUE_CONTROL_CHARACTER",
    });
  });
});

describe("write()", () => {
  test("commits the headers while the app still runs, and settles only once the chunk is taken", async () => {
    let writeSettled = false;
    let finish: () => void = () => {};
    const appDone = new Promise<void>((resolve) => (finish = resolve));
    const app: App = async (_environ, startResponse) => {
      const write = startResponse("200 OK", []);
      await write(bytes("one")).then(() => (writeSettled = true));
      await appDone;
      return [bytes("two")];
    };
    const response = await startApp(app, environ);
    assert.equal(response.code, 200);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(writeSettled, false, "nobody took the chunk yet");
    assert.equal(text(await response.next()), "one");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(writeSettled, true);
    finish();
    assert.deepEqual(await drain(response), ["two"]);
  });

  test("refuses a non-Uint8Array chunk", async () => {
    const app: App = async (_environ, startResponse) => {
      await startResponse("200 OK", [])("text" as unknown as Uint8Array);
      return [];
    };
    await assert.rejects(startApp(app, environ), { code: "TSGI_E_WRITE_STRING" });
  });

  test("closing while the app runs refuses pending writes and closes the body it returns later", async () => {
    const { body, counts } = countingBody([]);
    let writeError: unknown;
    let release: () => void = () => {};
    const returned = new Promise<void>((resolve) => (release = resolve));
    const app: App = async (_environ, startResponse) => {
      const write = startResponse("200 OK", []);
      void write(bytes("first"));
      await write(bytes("second")).catch((error: unknown) => (writeError = error));
      release();
      return body;
    };
    const response = await startApp(app, environ);
    assert.equal(text(await response.next()), "first");
    await response.close();
    await returned;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(writeError instanceof Error, "the second write was refused");
    assert.equal(counts.closes, 1);
    assert.equal(counts.returns, 0, "never iterated, so no return()");
  });
});

describe("closing exactly once", () => {
  test("return() and close() once each, however often close is called", async () => {
    const { body, counts } = countingBody([bytes("a"), bytes("b")]);
    const response = await startApp((_e, s) => (s("200 OK", []), body), environ);
    await Promise.all([response.close(), response.close()]);
    await response.close();
    assert.deepEqual(counts, { pulls: 1, returns: 1, closes: 1 });
    assert.equal(await response.next(), undefined, "nothing more after close");
  });

  test("a finished body gets close() but no return()", async () => {
    const { body, counts } = countingBody([bytes("a")]);
    const response = await startApp((_e, s) => (s("200 OK", []), body), environ);
    assert.deepEqual(await drain(response), ["a"]);
    await response.close();
    assert.equal(counts.returns, 0);
    assert.equal(counts.closes, 1);
  });

  test("an error before the headers closes the body before rejecting", async () => {
    const { body, counts } = countingBody([], { failAt: 0 });
    await assert.rejects(
      startApp((_e, s) => (s("200 OK", []), body), environ),
      /boom mid-stream/,
    );
    assert.equal(counts.closes, 1);
    assert.equal(counts.returns, 0, "an iterator that threw is finished");
  });

  test("an error mid-stream rejects next(); close() still runs once", async () => {
    const { body, counts } = countingBody([bytes("a")], { failAt: 1 });
    const response = await startApp((_e, s) => (s("200 OK", []), body), environ);
    assert.equal(text(await response.next()), "a");
    await assert.rejects(response.next(), /boom mid-stream/);
    await response.close();
    assert.deepEqual(counts, { pulls: 2, returns: 0, closes: 1 });
  });

  test("a bad chunk is an error and the unfinished iterator gets return()", async () => {
    const { body, counts } = countingBody([bytes("a"), "text"]);
    const response = await startApp((_e, s) => (s("200 OK", []), body), environ);
    assert.equal(text(await response.next()), "a");
    await assert.rejects(response.next(), { code: "TSGI_E_CHUNK_STRING" });
    await response.close();
    assert.equal(counts.returns, 1);
    assert.equal(counts.closes, 1);
  });
});

describe("app errors and body types", () => {
  test("a synchronous throw and a rejection both reject startApp with the app's error", async () => {
    const error = new Error("nope");
    await assert.rejects(
      startApp(() => {
        throw error;
      }, environ),
      (e) => e === error,
    );
    await assert.rejects(
      startApp(async () => {
        throw error;
      }, environ),
      (e) => e === error,
    );
  });

  for (const [label, body, code] of [
    ["a string", "hello", "TSGI_E_BODY_STRING"],
    ["a bare Uint8Array", bytes("hello"), "TSGI_E_BODY_BYTES"],
    ["null", null, "TSGI_E_BODY_NOT_ITERABLE"],
    ["a number", 42, "TSGI_E_BODY_NOT_ITERABLE"],
    ["a plain object", {}, "TSGI_E_BODY_NOT_ITERABLE"],
  ] as const) {
    test(`${label} as the body is ${code}`, async () => {
      const app = ((_e: Environ, s: (status: string, headers: []) => unknown) => (
        s("200 OK", []),
        body
      )) as unknown as App;
      await assert.rejects(startApp(app, environ), { code });
    });
  }

  test("a sync iterable body works", async () => {
    const response = await startApp(
      (_e, s) => (s("200 OK", []), new Set([bytes("x"), bytes("y")])),
      environ,
    );
    assert.deepEqual(await drain(response), ["x", "y"]);
  });
});
