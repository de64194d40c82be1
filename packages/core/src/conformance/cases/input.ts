// tsgi.input: EOF at Content-Length, read/readline semantics, streaming of large and chunked
// bodies, and what happens to bodies the app ignores or the client abandons.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import type { App, Environ } from "../../types.ts";
import {
  type ConformanceCase,
  bytes,
  deferred,
  rawRequest,
  recordingApp,
  withTimeout,
  expectStatus,
} from "../_harness.ts";
import { READ_TIMEOUT_MS } from "../_raw-http.ts";

const text = (chunk: Uint8Array) => new TextDecoder().decode(chunk);

export const inputCases: ConformanceCase[] = [
  {
    id: "input.content-length",
    async run(context) {
      const body = "first line\nsecond line\nno newline at end";
      const results = new Map<string, unknown>();
      const app: App = async (environ, startResponse) => {
        const input = environ["tsgi.input"];
        switch (environ.PATH_INFO) {
          case "/whole": {
            const all = await input.read();
            const again = await input.read();
            const line = await input.readline();
            results.set("whole", [text(all), again.byteLength, line.byteLength]);
            break;
          }
          case "/pieces": {
            const sizes: number[] = [];
            let joined = "";
            for (
              let piece = await input.read(5);
              piece.byteLength > 0;
              piece = await input.read(5)
            ) {
              sizes.push(piece.byteLength);
              joined += text(piece);
            }
            results.set("pieces", { sizes, joined });
            break;
          }
          case "/lines": {
            const lines = [text(await input.readline(4))];
            for (
              let line = await input.readline();
              line.byteLength > 0;
              line = await input.readline()
            ) {
              lines.push(text(line));
            }
            results.set("lines", lines);
            break;
          }
          case "/readlines":
            results.set("readlines", (await input.readlines()).map(text));
            break;
          case "/iterate": {
            let joined = "";
            for await (const chunk of input) joined += text(chunk);
            results.set("iterate", joined);
            break;
          }
        }
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [bytes("ok")];
      };
      const served = await context.serve(app);
      const connection = await context.connect(served);
      for (const path of ["/whole", "/pieces", "/lines", "/readlines", "/iterate"]) {
        await connection.send(rawRequest(served, "POST", path, { body }));
        expectStatus(await connection.readResponse(), 200, `status for ${path}`);
      }
      assert.deepEqual(results.get("whole"), [body, 0, 0], "read() returns it all, then EOF");
      const pieces = results.get("pieces") as { sizes: number[]; joined: string };
      assert.equal(pieces.joined, body, "read(5) pieces add up to the body");
      assert.ok(
        pieces.sizes.every((size) => size >= 1 && size <= 5),
        `read(5) returns 1 to 5 bytes until EOF, got sizes ${pieces.sizes.join(",")}`,
      );
      assert.deepEqual(results.get("lines"), [
        "firs",
        "t line\n",
        "second line\n",
        "no newline at end",
      ]);
      assert.deepEqual(results.get("readlines"), [
        "first line\n",
        "second line\n",
        "no newline at end",
      ]);
      assert.equal(results.get("iterate"), body);
    },
  },

  {
    id: "input.empty",
    async run(context) {
      const results: unknown[] = [];
      const served = await context.serve(
        recordingApp([], async (environ) => {
          const input = environ["tsgi.input"];
          let chunks = 0;
          for await (const _chunk of input) chunks += 1;
          results.push([
            (await input.read()).byteLength,
            (await input.readline()).byteLength,
            chunks,
          ]);
          return "ok";
        }),
      );
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/get"));
      expectStatus(await connection.readResponse(), 200);
      await connection.send(rawRequest(served, "POST", "/post", { body: "" }));
      expectStatus(await connection.readResponse(), 200);
      assert.deepEqual(results, [
        [0, 0, 0],
        [0, 0, 0],
      ]);
    },
  },

  {
    id: "input.large-streamed",
    timeoutMs: 60_000,
    async run(context) {
      const size = 8 * 1024 * 1024;
      const payload = randomBytes(size);
      const digest = createHash("sha256").update(payload).digest("hex");
      const firstBytes = deferred();
      let chunks = 0;
      const app: App = async (environ, startResponse) => {
        const hash = createHash("sha256");
        let received = 0;
        for await (const chunk of environ["tsgi.input"]) {
          hash.update(chunk);
          received += chunk.byteLength;
          chunks += 1;
          firstBytes.resolve();
        }
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [bytes(`${received} ${hash.digest("hex")}`)];
      };
      const served = await context.serve(app);
      const connection = await context.connect(served);
      const head = rawRequest(served, "POST", "/upload", {
        headers: [
          ["Content-Type", "application/octet-stream"],
          ["Content-Length", String(size)],
        ],
      });
      const firstPart = 1024 * 1024;
      await connection.send(head);
      await connection.send(payload.subarray(0, firstPart));
      await withTimeout(
        firstBytes.promise,
        READ_TIMEOUT_MS,
        "the app to get body bytes while 7 MiB were still unsent (is the body buffered whole?)",
      );
      for (let offset = firstPart; offset < size; offset += 256 * 1024) {
        await connection.send(payload.subarray(offset, offset + 256 * 1024));
      }
      const response = await connection.readResponse({ timeoutMs: 30_000 });
      expectStatus(response, 200);
      assert.equal(response.text(), `${size} ${digest}`, "length and sha256 of the received body");
      assert.ok(chunks > 1, "a large body arrives in several chunks");
    },
  },

  {
    id: "input.chunked",
    async run(context) {
      const seen: Environ[] = [];
      const received: string[] = [];
      const served = await context.serve(
        recordingApp(seen, async (environ) => {
          const all = await environ["tsgi.input"].read();
          received.push(createHash("sha256").update(all).digest("hex") + ` ${all.byteLength}`);
          return "ok";
        }),
      );
      const connection = await context.connect(served);
      const big = "x".repeat(100_000);
      const expected = "hello" + " " + "0123456789" + big;
      await connection.send(
        rawRequest(served, "POST", "/chunked", { headers: [["Transfer-Encoding", "chunked"]] }),
      );
      // Separate writes, an extension, upper-case hex and a trailer: the server must parse
      // the framing, not the app.
      for (const piece of [
        "5\r\nhello\r\n",
        "1;ext=1\r\n \r\n",
        "A\r\n0123456789\r\n",
        `${big.length.toString(16).toUpperCase()}\r\n${big}\r\n`,
        "0\r\nX-Checksum: none\r\n\r\n",
      ]) {
        await connection.send(piece);
      }
      const response = await connection.readResponse();
      expectStatus(response, 200);
      const environ = seen[0];
      assert.ok(environ, "the app was called");
      assert.ok(
        environ.CONTENT_LENGTH === undefined || environ.CONTENT_LENGTH === "",
        `a chunked request has no CONTENT_LENGTH, got ${String(environ.CONTENT_LENGTH)}`,
      );
      const digest = createHash("sha256").update(expected).digest("hex");
      assert.deepEqual(received, [`${digest} ${expected.length}`], "the app read the decoded body");
      // The framing was consumed exactly: the connection carries a next request.
      await connection.send(rawRequest(served, "GET", "/after"));
      expectStatus(await connection.readResponse(), 200);
    },
  },

  {
    id: "input.unread-body",
    async run(context) {
      const served = await context.serve(
        recordingApp([], (environ) => `answer ${environ.PATH_INFO}`),
      );
      const connection = await context.connect(served);
      const size = 1024 * 1024;
      await connection.send(
        rawRequest(served, "POST", "/ignored", { headers: [["Content-Length", String(size)]] }),
      );
      // The server may answer, and even close, before taking the whole body.
      const upload = connection.send(Buffer.alloc(size, 0x61)).catch(() => undefined);
      const first = await connection.readResponse();
      expectStatus(first, 200);
      assert.equal(first.text(), "answer /ignored");
      await withTimeout(
        upload,
        READ_TIMEOUT_MS,
        "the server to take the unread body or close the connection (it did neither)",
      );
      if (/\bclose\b/i.test(first.get("connection") ?? "")) {
        await connection.waitForEnd();
        return;
      }
      // Keep-alive promised: the next request must be answered, or the connection closed.
      await connection.send(rawRequest(served, "GET", "/second")).catch(() => undefined);
      try {
        const second = await connection.readResponse();
        expectStatus(second, 200);
        assert.equal(
          second.text(),
          "answer /second",
          "unread body bytes leaked into the next request",
        );
      } catch (error) {
        if (connection.ended && connection.buffered.length === 0) return;
        throw error;
      }
    },
  },

  {
    id: "input.client-abort",
    async run(context) {
      const gotBytes = deferred();
      const outcome = deferred<string>();
      const app: App = async (environ, startResponse) => {
        try {
          for await (const _chunk of environ["tsgi.input"]) gotBytes.resolve();
          outcome.resolve("the read ended normally");
        } catch {
          outcome.resolve("rejected");
        }
        startResponse("200 OK", []);
        return [bytes("too late")];
      };
      const served = await context.serve(app);
      const connection = await context.connect(served);
      await connection.send(
        rawRequest(served, "POST", "/upload", { headers: [["Content-Length", "100000"]] }),
      );
      await connection.send(Buffer.alloc(1000, 0x62));
      await withTimeout(gotBytes.promise, READ_TIMEOUT_MS, "the app to receive the first bytes");
      connection.destroy();
      const result = await withTimeout(
        outcome.promise,
        READ_TIMEOUT_MS,
        "the app's read to settle after the client disconnected mid-upload",
      );
      assert.equal(
        result,
        "rejected",
        "a body cut short by a disconnect must not read as complete",
      );
    },
  },
];
