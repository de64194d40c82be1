import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import express from "express";
import { fileWrapper, isFileBody, validate } from "@tsgi/core";
import type { App, Body } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromFetch } from "@tsgi/core/fetch";
import { fromExpress } from "@tsgi/express";
import { textApp } from "../_test/apps.ts";
import { errorPages } from "./index.ts";

const encoder = new TextEncoder();

const throwing: App = () => {
  throw new TypeError("order.total is <undefined>");
};

test("production: a plain 500, the stack in tsgi.errors", async () => {
  const client = createTestClient(errorPages(validate(throwing)));
  const response = await client.get("/orders/3");
  assert.equal(response.status, 500);
  assert.equal(response.text, "Internal Server Error\n");
  assert.equal(response.header("content-type"), "text/plain; charset=utf-8");
  assert.ok(client.errors.some((line) => line.includes("TypeError: order.total is <undefined>")));
});

test("debug: the traceback page, escaped", async () => {
  const rejecting: App = async () => {
    throw new TypeError("order.total is <undefined>");
  };
  const response = await createTestClient(errorPages(validate(rejecting), { debug: true })).get(
    "/orders/3?x=<b>",
  );
  assert.equal(response.status, 500);
  assert.equal(response.header("content-type"), "text/html; charset=utf-8");
  assert.ok(response.text.includes("TypeError"));
  assert.ok(response.text.includes("order.total is &lt;undefined&gt;"));
  assert.ok(!response.text.includes("<undefined>"));
});

test("an error after startResponse but before the first chunk replaces the response", async () => {
  let closed = 0;
  const failingBody: App = (_environ, startResponse) => {
    startResponse("200 OK", [
      ["Content-Type", "text/plain"],
      ["Set-Cookie", "a=1"],
    ]);
    const body: Body & { close(): void } = {
      async *[Symbol.asyncIterator]() {
        yield new Uint8Array(0);
        throw new Error("database went away");
      },
      close() {
        closed++;
      },
    };
    return body;
  };
  const errors: unknown[] = [];
  const app = errorPages(validate(failingBody), { onError: (error) => errors.push(error) });
  const response = await createTestClient(app).get("/");
  assert.equal(response.status, 500);
  assert.equal(response.header("set-cookie"), undefined);
  assert.equal(response.text, "Internal Server Error\n");
  assert.equal(closed, 1);
  assert.equal((errors[0] as Error).message, "database went away");
});

test("an error after the first chunk passes on: the response is broken, not replaced", async () => {
  const midStream: App = (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return (async function* () {
      yield encoder.encode("partial");
      throw new Error("late failure");
    })();
  };
  await assert.rejects(createTestClient(errorPages(validate(midStream))).get("/"), /late failure/);
});

test("successful responses pass through untouched, HEAD gets no body", async () => {
  const client = createTestClient(errorPages(validate(textApp("fine"))));
  assert.equal((await client.get("/")).text, "fine");
  const head = await createTestClient(errorPages(validate(throwing))).head("/");
  assert.equal(head.status, 500);
  assert.equal(head.body.byteLength, 0);
});

test("a file body passes through untouched, so the server can still send it as a file", async () => {
  const file = fileWrapper(fileURLToPath(import.meta.url));
  const fileApp: App = (_environ, startResponse) => {
    startResponse("200 OK", [["Content-Type", "text/plain"]]);
    return file;
  };
  let returned: Body | undefined;
  await createTestClient(async (environ, startResponse) => {
    returned = await errorPages(fileApp)(environ, startResponse);
    return returned;
  }).get("/");
  assert.equal(returned, file);
  assert.ok(isFileBody(returned));
});

test("in front of an Express app and a fetch handler", async () => {
  const inner = express();
  inner.get("/", (_req, res) => res.send("express ok"));
  const express5 = createTestClient(errorPages(validate(fromExpress(inner))));
  assert.equal((await express5.get("/")).text, "express ok");
  const fetchApp = fromFetch(() => {
    throw new Error("fetch handler failed");
  });
  const response = await createTestClient(errorPages(validate(fetchApp))).get("/");
  assert.equal(response.status, 500);
  assert.equal(response.text, "Internal Server Error\n");
});

test("bad options fail at construction with a code", () => {
  assert.throws(() => errorPages(textApp("x"), { debug: "yes" as never }), {
    code: "TSGI_E_MW_INVALID_OPTION",
  });
  assert.throws(() => errorPages(textApp("x"), { onError: 1 as never }), {
    code: "TSGI_E_MW_INVALID_OPTION",
  });
});
