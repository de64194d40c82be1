// The node (req, res) → TSGI bridge on its own; the Express and Fastify adapters test it
// end to end (fidelity, conformance and differential tests).
import assert from "node:assert/strict";
import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { test } from "node:test";
import type { HeaderList } from "@tsgi/core";
import { createTestClient } from "@tsgi/core/testing";
import {
  BodyChannel,
  createResponse,
  fromNodeHandler,
  fullRequestTarget,
  pathInfoTarget,
} from "./index.ts";

function exchange(method = "GET") {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  const heads: { status: string; headers: HeaderList }[] = [];
  const drains: number[] = [];
  const body = new BodyChannel(4, {
    onDrain: () => drains.push(1),
    onFinish: () => {},
    onCancel: () => {},
  });
  const res = createResponse(req, {
    head: (status, headers) => heads.push({ status, headers }),
    body,
  });
  return { res, heads, body, drains };
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of body) text += Buffer.from(chunk).toString();
  return text;
}

test("headers in order, every Set-Cookie kept, and the body end to end", async () => {
  const { res, heads, body } = exchange();
  res.setHeader("Set-Cookie", ["a=1", "b=2"]);
  res.setHeader("Content-Type", "text/plain");
  res.statusCode = 201;
  res.end("created");
  assert.equal(heads.length, 1);
  assert.equal(heads[0]?.status, "201 Created");
  const cookies = heads[0]?.headers.filter(([name]) => name.toLowerCase() === "set-cookie");
  assert.deepEqual(
    cookies?.map(([, value]) => value),
    ["a=1", "b=2"],
  );
  assert.equal(await collect(body), "created");
});

test("write() returns false past the high-water mark until the consumer pulls", async () => {
  const { res, body } = exchange();
  res.writeHead(200);
  assert.equal(res.write("12345678"), false);
  const iterator = body[Symbol.asyncIterator]();
  assert.equal(Buffer.from((await iterator.next()).value as Uint8Array).toString(), "12345678");
  res.end();
  assert.equal((await iterator.next()).done, true);
});

test("HEAD and 204 responses carry no body bytes", async () => {
  const head = exchange("HEAD");
  head.res.end("ignored");
  assert.equal(await collect(head.body), "");
  const noContent = exchange();
  noContent.res.writeHead(204);
  noContent.res.end();
  assert.equal(noContent.heads[0]?.status, "204 No Content");
  assert.equal(await collect(noContent.body), "");
});

test("fromNodeHandler: a plain node:http listener runs as a TSGI app", async () => {
  const app = fromNodeHandler((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => {
      res.setHeader("Set-Cookie", ["a=1", "b=2"]);
      res.setHeader("Keep-Alive", "timeout=5");
      res.setHeader("Content-Type", "text/plain");
      res.end(`${req.method} ${req.url} ${req.headers["x-test"]} ${text}`);
    });
  });
  const response = await createTestClient(app).post("/a%2Fb?x=1", {
    body: "payload",
    headers: { "X-Test": "yes" },
  });
  assert.equal(response.status, 200);
  assert.equal(response.text, "POST /a%2Fb?x=1 yes payload");
  assert.deepEqual(response.headerAll("set-cookie"), ["a=1", "b=2"]);
  // Framing and connection timing are the TSGI server's; the captured Content-Length stays.
  assert.equal(response.header("keep-alive"), undefined);
  assert.equal(response.header("content-length"), "27");
});

test("fromNodeHandler: a rewritten PATH_INFO is re-quoted; pathInfoTarget drops the mount", () => {
  const base = { "tsgi.request_target": "/app/a%20b?q=1", QUERY_STRING: "q=1" };
  const moved = { ...base, SCRIPT_NAME: "/app", PATH_INFO: "/a b" } as never;
  assert.equal(fullRequestTarget(moved).url, "/app/a%20b?q=1");
  const rewritten = { ...base, SCRIPT_NAME: "", PATH_INFO: "/other path" } as never;
  assert.equal(fullRequestTarget(rewritten).url, "/other%20path?q=1");
  assert.equal(pathInfoTarget(moved).url, "/a%20b?q=1");
});
