import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Fastify from "fastify";
import { fileWrapper, isFileBody, validate } from "@tsgi/core";
import type { App, Body } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import { fromFastify } from "@tsgi/fastify";
import { streamingApp, textApp, tracker } from "../_test/apps.ts";
import { logger } from "./index.ts";

function collect(): { lines: string[]; sink: (line: string) => void } {
  const lines: string[] = [];
  return { lines, sink: (line) => lines.push(line) };
}

test("logs one combined-format line with time taken and request id", async () => {
  const { lines, sink } = collect();
  const client = createTestClient(logger(validate(textApp("hello")), { sink }));
  const response = await client.get("/a?b=1", {
    headers: { "User-Agent": "tester", "X-Request-Id": "rid-1" },
    extraEnviron: { REMOTE_ADDR: "10.0.0.7" },
  });
  assert.equal(response.header("x-request-id"), "rid-1");
  assert.equal(lines.length, 1);
  assert.match(
    lines[0]!,
    /^10\.0\.0\.7 - - \[[^\]]+\] "GET \/a\?b=1 HTTP\/1\.1" 200 5 "-" "tester" \d+ms rid-1$/,
  );
});

test("counts streamed bytes and closes the inner body exactly once", async () => {
  const { lines, sink } = collect();
  const closes = tracker();
  const app = logger(validate(streamingApp(["ab", "cde"], closes)), {
    sink,
    format: "%(s)s %(B)s",
    requestId: false,
  });
  const response = await createTestClient(app).get("/");
  assert.equal(response.text, "abcde");
  assert.deepEqual(lines, ["200 5"]);
  assert.equal(closes.closed, 1);
});

test("an Array body stays an Array and a file body stays a file body", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tsgi-logger-"));
  try {
    const path = join(dir, "f.txt");
    await writeFile(path, "0123456789");
    const seen: Body[] = [];
    const spy =
      (inner: App): App =>
      async (environ, startResponse) => {
        const body = await inner(environ, startResponse);
        seen.push(body);
        return body;
      };
    const fileApp: App = (_environ, startResponse) => {
      startResponse("200 OK", [["Content-Type", "text/plain"]]);
      return fileWrapper(path);
    };
    const { lines, sink } = collect();
    const client = createTestClient(spy(logger(textApp("xyz"), { sink, format: "%(B)s" })));
    await client.get("/");
    assert.ok(Array.isArray(seen[0]));
    const fileClient = createTestClient(spy(logger(fileApp, { sink, format: "%(B)s" })));
    const response = await fileClient.get("/");
    assert.equal(response.text, "0123456789");
    assert.ok(isFileBody(seen[1]));
    assert.deepEqual(lines, ["3", "10"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("an app that throws is logged as 500 and the error passes on", async () => {
  const { lines, sink } = collect();
  const failing: App = () => {
    throw new Error("boom");
  };
  const client = createTestClient(logger(failing, { sink, format: "%(s)s %(b)s" }), {
    catchErrors: true,
  });
  const response = await client.get("/");
  assert.equal(response.status, 500);
  assert.deepEqual(lines, ["500 -"]);
});

test("HEAD logs no bytes; skip leaves requests out", async () => {
  const { lines, sink } = collect();
  const app = logger(validate(textApp("hello")), {
    sink,
    format: "%(m)s %(b)s",
    skip: (environ) => environ.PATH_INFO === "/health",
  });
  const client = createTestClient(app);
  await client.head("/");
  await client.get("/health");
  assert.deepEqual(lines, ["HEAD -"]);
});

test("in front of a Fastify app", async () => {
  const fastify = Fastify();
  fastify.get("/json", async () => ({ ok: true }));
  const { lines, sink } = collect();
  const app = logger(validate(fromFastify(fastify)), {
    sink,
    format: '"%(r)s" %(s)s %(B)s %({content-type}o)s',
  });
  const response = await createTestClient(app).get("/json");
  assert.deepEqual(response.json(), { ok: true });
  assert.deepEqual(lines, ['"GET /json HTTP/1.1" 200 11 application/json; charset=utf-8']);
  await fastify.close();
});

test("bad options fail at construction with a code", () => {
  assert.throws(() => logger(textApp("x"), { sink: "stdout" as never }), {
    code: "TSGI_E_MW_INVALID_OPTION",
  });
  assert.throws(() => logger(textApp("x"), { format: 3 as never }), {
    code: "TSGI_E_MW_INVALID_OPTION",
  });
  assert.throws(() => logger("app" as never), { code: "TSGI_E_MW_INVALID_OPTION" });
});
