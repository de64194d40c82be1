// A 100 MB upload through fromExpress and fromFastify on the node server streams: the
// framework's handler reads it at its own pace, nothing reads ahead of it, and every byte
// arrives intact. The proof of "not in memory" is backpressure: while the handler pauses, the
// client can only push what the socket buffers and the streams' high-water marks hold, far
// below the upload's size, instead of the whole upload being buffered (once or twice).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import http from "node:http";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { after, describe, test } from "node:test";
import express from "express";
import Fastify from "fastify";
import type { App } from "@tsgi/core";
import { fromExpress } from "@tsgi/express";
import { fromFastify } from "@tsgi/fastify";
import { nodeServer } from "@tsgi/server";
import type { ServerHandle } from "@tsgi/server";

const TOTAL = 100 * 1024 * 1024;
const CHUNK = 64 * 1024;
// What may sit in flight while the handler pauses: socket buffers on both ends, node's and the
// adapter's stream high-water marks. A buffered upload would show ~100 MB here.
const IN_FLIGHT_LIMIT = 24 * 1024 * 1024;
const PAUSE_AFTER = 1024 * 1024;

/** Gates the handler: it reads PAUSE_AFTER bytes, then waits until the test lets it go on. */
interface Gate {
  /** Resolves when the handler has paused. */
  paused: Promise<void>;
  reachPause(): void;
  /** Resolves when the test lets the handler go on. */
  released: Promise<void>;
  release(): void;
}

function newGate(): Gate {
  let reachPause = (): void => {};
  let release = (): void => {};
  const paused = new Promise<void>((resolve) => (reachPause = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { paused, reachPause, released, release: () => release() };
}

/** A Writable that hashes and counts what the handler reads, pausing once as the gate says. */
function gatedSink(gate: Gate, done: (result: string) => void): Writable {
  const hash = createHash("sha256");
  let bytes = 0;
  let paused = false;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      if (!paused && bytes >= PAUSE_AFTER) {
        paused = true;
        gate.reachPause();
        void gate.released.then(() => callback());
        return;
      }
      callback();
    },
    final(callback) {
      done(`${bytes} ${hash.digest("hex")}`);
      callback();
    },
  });
}

/** The upload, generated as it is sent (never whole in memory), with what was produced so far. */
function uploadSource(): { stream: Readable; produced(): number; digest: Promise<string> } {
  let produced = 0;
  const hash = createHash("sha256");
  let resolveDigest: (value: string) => void = () => {};
  const digest = new Promise<string>((resolve) => (resolveDigest = resolve));
  const stream = new Readable({
    highWaterMark: CHUNK,
    read() {
      if (produced >= TOTAL) {
        resolveDigest(`${TOTAL} ${hash.digest("hex")}`);
        this.push(null);
        return;
      }
      const chunk = Buffer.alloc(CHUNK, produced / CHUNK);
      produced += CHUNK;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, produced: () => produced, digest };
}

async function uploadThrough(app: App, gate: Gate, path: string) {
  const handle: ServerHandle = await nodeServer.listen(app, { host: "127.0.0.1", port: 0 });
  try {
    const source = uploadSource();
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${handle.address.url}${path}`, {
        method: "POST",
        agent: false,
        headers: { "content-type": "application/octet-stream", "content-length": String(TOTAL) },
      });
      req.on("response", (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (text: string) => (body += text));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      void pipeline(source.stream, req).catch(reject);
    });
    await gate.paused;
    // Let the client push as much as the connection will take while the handler waits.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const inFlight = source.produced();
    gate.release();
    const result = await response;
    return { inFlight, result, sent: await source.digest };
  } finally {
    await handle.close({ timeout: 5_000 });
  }
}

describe("a 100 MB upload streams through the adapters", { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(() => Promise.all(cleanups.map((cleanup) => cleanup())));

  test("fromExpress: req is read at the handler's pace, every byte intact", async () => {
    const gate = newGate();
    const app = express();
    app.post("/upload", (req, res) => {
      void pipeline(
        req,
        gatedSink(gate, (result) => res.type("text/plain").send(result)),
      );
    });
    const { inFlight, result, sent } = await uploadThrough(fromExpress(app), gate, "/upload");
    assert.equal(result.status, 200);
    assert.equal(result.body, sent);
    assert.ok(inFlight < IN_FLIGHT_LIMIT, `${inFlight} bytes were pulled ahead of the handler`);
  });

  test("fromFastify: the raw body stream is read at the handler's pace, every byte intact", async () => {
    const gate = newGate();
    const fastify = Fastify({ bodyLimit: TOTAL + 1 });
    fastify.addContentTypeParser("application/octet-stream", (_request, payload, done) =>
      done(null, payload),
    );
    fastify.post("/upload", async (request) => {
      let digest = "";
      await pipeline(
        request.body as Readable,
        gatedSink(gate, (result) => (digest = result)),
      );
      return digest;
    });
    cleanups.push(() => fastify.close());
    const { inFlight, result, sent } = await uploadThrough(fromFastify(fastify), gate, "/upload");
    assert.equal(result.status, 200);
    assert.equal(result.body, sent);
    assert.ok(inFlight < IN_FLIGHT_LIMIT, `${inFlight} bytes were pulled ahead of the handler`);
  });
});
