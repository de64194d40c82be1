// Message framing the server owns (DECISIONS 6 and 7): Content-Length computed, honoured and
// enforced, bodiless responses that stay bodiless, and backpressure toward the body.
// Each check ends by sending another request on the same connection where it can: stray
// body bytes would corrupt that response, which is how clients really break.
import assert from "node:assert/strict";
import type { Body } from "../../types.ts";
import { type BodyProbe, closedOnce, trackArray, trackAsync, trackSync } from "../_bodies.ts";
import {
  type ConformanceCase,
  bytes,
  rawRequest,
  readCutShort,
  sleep,
  expectStatus,
} from "../_harness.ts";
import { preview } from "../_raw-http.ts";

export const framingCases: ConformanceCase[] = [
  {
    id: "response.array-content-length",
    async run(context) {
      const bodies: Record<string, Uint8Array[]> = {
        "/two": [bytes("hello "), bytes("world")],
        "/none": [],
        "/empty-first": [bytes(""), bytes("x")],
      };
      const served = await context.serve((environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return bodies[environ.PATH_INFO] ?? [];
      });
      const connection = await context.connect(served);
      for (const [path, expected] of [
        ["/two", "hello world"],
        ["/none", ""],
        ["/empty-first", "x"],
      ] as const) {
        await connection.send(rawRequest(served, "GET", path));
        const response = await connection.readResponse();
        assert.equal(
          response.get("content-length"),
          String(expected.length),
          `Content-Length for ${path}`,
        );
        assert.equal(response.get("transfer-encoding"), undefined, `no chunking for ${path}`);
        assert.equal(response.text(), expected);
      }
    },
  },

  {
    id: "response.content-length-honoured",
    async run(context) {
      const served = await context.serve((environ, startResponse) => {
        if (environ.PATH_INFO === "/next") {
          startResponse("200 OK", []);
          return [bytes("next")];
        }
        startResponse("200 OK", [
          ["Content-Type", "text/plain"],
          ["Content-Length", "10"],
        ]);
        return (async function* () {
          yield bytes("01234");
          await sleep(10);
          yield bytes("56789");
        })();
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await connection.readResponse();
      assert.equal(response.get("content-length"), "10");
      assert.equal(response.get("transfer-encoding"), undefined, "a known length is not chunked");
      assert.equal(response.text(), "0123456789");
      await connection.send(rawRequest(served, "GET", "/next"));
      assert.equal((await connection.readResponse()).text(), "next");
    },
  },

  {
    id: "response.content-length-short",
    async run(context) {
      let probe: BodyProbe | undefined;
      const served = await context.serve((_environ, startResponse) => {
        startResponse("200 OK", [["Content-Length", "10"]]);
        const tracked = trackAsync(async function* () {
          yield bytes("01234");
        });
        probe = tracked.probe;
        return tracked.body;
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await readCutShort(connection, "a body shorter than its Content-Length");
      expectStatus(response, 200);
      assert.equal(
        response.complete,
        false,
        "5 of 10 bytes must not look like a complete response",
      );
      assert.equal(response.text(), "01234");
      await connection.waitForAbort();
      await closedOnce(probe, "the short body");
    },
  },

  {
    id: "response.content-length-excess",
    async run(context) {
      let probe: BodyProbe | undefined;
      const served = await context.serve((environ, startResponse) => {
        if (environ.PATH_INFO === "/next") {
          startResponse("200 OK", []);
          return [bytes("next")];
        }
        startResponse("200 OK", [["Content-Length", "5"]]);
        const tracked = trackAsync(async function* () {
          yield bytes("01234");
          yield bytes("56789");
        });
        probe = tracked.probe;
        return tracked.body;
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await connection.readResponse();
      assert.equal(response.text(), "01234");
      // DECISIONS 6 has servers close the connection here; what the client must never see is
      // a sixth byte. So: either the connection ends with nothing more on it, or the next
      // response parses cleanly (the stray bytes would be in front of it).
      await connection.send(rawRequest(served, "GET", "/next")).catch(() => undefined);
      try {
        const next = await connection.readResponse();
        assert.equal(next.text(), "next", "bytes past Content-Length were sent");
      } catch (error) {
        // Closed with nothing more on it is fine; anything else shows what was sent.
        if (!connection.ended || connection.buffered.length > 0) {
          const after = preview(connection.buffered);
          throw new Error(`after the 5-byte body came ${after}`, { cause: error });
        }
      }
      await closedOnce(probe, "the over-long body");
    },
  },

  {
    id: "response.head",
    async run(context) {
      const methods: string[] = [];
      const probes: BodyProbe[] = [];
      const served = await context.serve((environ, startResponse) => {
        methods.push(environ.REQUEST_METHOD);
        startResponse("200 OK", [
          ["Content-Type", "text/plain"],
          ["X-Custom", "same"],
        ]);
        const tracked =
          environ.PATH_INFO === "/known"
            ? trackArray([bytes("hello head")])
            : trackAsync(async function* () {
                yield bytes("a");
                yield bytes("b");
              });
        probes.push(tracked.probe);
        return tracked.body;
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/known"));
      const get = await connection.readResponse();
      assert.equal(get.text(), "hello head");
      await connection.send(rawRequest(served, "HEAD", "/known"));
      const head = await connection.readResponse({ method: "HEAD" });
      expectStatus(head, 200);
      for (const name of ["content-type", "content-length", "x-custom"]) {
        assert.equal(head.get(name), get.get(name), `HEAD and GET differ in ${name}`);
      }
      await connection.send(rawRequest(served, "HEAD", "/stream"));
      expectStatus(await connection.readResponse({ method: "HEAD" }), 200);
      // Body bytes after either HEAD response would corrupt this one.
      await connection.send(rawRequest(served, "GET", "/stream"));
      const after = await connection.readResponse();
      assert.equal(after.text(), "ab", "a HEAD response carried body bytes");
      assert.deepEqual(methods, ["GET", "HEAD", "HEAD", "GET"], "the app sees HEAD as HEAD");
      for (const [index, probe] of probes.entries()) {
        await probe.assertClosedOnce(`body ${index + 1} (${methods[index]})`);
      }
    },
  },

  ...(["204 No Content", "304 Not Modified"] as const).map((status): ConformanceCase => ({
    id: status.startsWith("204") ? "response.no-body-204" : "response.no-body-304",
    async run(context) {
      let probe: BodyProbe | undefined;
      const served = await context.serve((environ, startResponse): Body => {
        if (environ.PATH_INFO === "/next") {
          startResponse("200 OK", []);
          return [bytes("next")];
        }
        startResponse(status, [["ETag", '"v1"']]);
        const tracked = trackSync(function* () {
          yield bytes("must not be sent");
        });
        probe = tracked.probe;
        return tracked.body;
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await connection.readResponse();
      // HTTP/2 has no reason phrase: there, only the code can be compared.
      const { reasonPhrase } = served.facts;
      assert.equal(
        reasonPhrase ? `${response.status} ${response.reason}` : String(response.status),
        reasonPhrase ? status : status.slice(0, 3),
      );
      assert.equal(response.get("etag"), '"v1"');
      assert.equal(response.get("content-length"), undefined, "no Content-Length added");
      assert.equal(response.get("transfer-encoding"), undefined, "no Transfer-Encoding");
      await connection.expectSilence(100, `a ${status} response has no body`);
      await connection.send(rawRequest(served, "GET", "/next"));
      assert.equal((await connection.readResponse()).text(), "next");
      await closedOnce(probe, `the ${status} body`);
    },
  })),

  {
    id: "response.backpressure",
    timeoutMs: 60_000,
    async run(context) {
      const chunk = Buffer.alloc(64 * 1024, 0x7a);
      const total = 1024 * chunk.length; // 64 MiB, far above any socket buffer
      let produced = 0;
      let probe: BodyProbe | undefined;
      const served = await context.serve((_environ, startResponse) => {
        startResponse("200 OK", [
          ["Content-Type", "application/octet-stream"],
          ["Content-Length", String(total)],
        ]);
        const tracked = trackAsync(async function* () {
          while (produced < total) {
            produced += chunk.length;
            yield chunk;
          }
        });
        probe = tracked.probe;
        return tracked.body;
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/big"));
      await connection.waitFor((buffered) => buffered.length > 0, "the first bytes");
      connection.pause();
      const whilePaused = await untilStalled(() => produced, total);
      connection.resume();
      assert.ok(
        whilePaused <= total / 2,
        `the client read nothing, yet the server pulled ${whilePaused >> 20} of ${total >> 20} MiB ` +
          "from the body: it buffers instead of waiting for drain",
      );
      const response = await connection.readResponse({ timeoutMs: 30_000 });
      assert.equal(response.body.length, total);
      await closedOnce(probe, "the large body");
    },
  },
  {
    id: "response.write-backpressure",
    timeoutMs: 60_000,
    async run(context) {
      const chunk = Buffer.alloc(64 * 1024, 0x77);
      const total = 1024 * chunk.length;
      let written = 0;
      const served = await context.serve(async (_environ, startResponse) => {
        const write = startResponse("200 OK", [
          ["Content-Type", "application/octet-stream"],
          ["Content-Length", String(total)],
        ]);
        // DECISIONS 4: each promise settles once the transport took the chunk.
        while (written < total) {
          await write(chunk);
          written += chunk.length;
        }
        return [];
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/big"));
      await connection.waitFor((buffered) => buffered.length > 0, "the first bytes");
      connection.pause();
      const whilePaused = await untilStalled(() => written, total);
      connection.resume();
      assert.ok(
        whilePaused <= total / 2,
        `the client read nothing, yet ${whilePaused >> 20} of ${total >> 20} MiB of write() ` +
          "promises settled: they resolve before the transport took the bytes",
      );
      const response = await connection.readResponse({ timeoutMs: 30_000 });
      assert.equal(response.body.length, total);
    },
  },
];

/** Polls `progress` until it stops moving (or reaches `total`), and returns where it stopped. */
async function untilStalled(progress: () => number, total: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (let last = -1; progress() !== last && progress() < total && Date.now() < deadline;) {
    last = progress();
    await sleep(250);
  }
  return progress();
}
