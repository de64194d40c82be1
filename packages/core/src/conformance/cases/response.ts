// How the app's status, headers and body reach the wire: deferred headers, streaming, the
// write() callable, Set-Cookie, hop-by-hop headers and the file wrapper.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App, Body } from "../../types.ts";
import {
  type ConformanceCase,
  bytes,
  deferred,
  rawRequest,
  settlesWithin,
  expectStatus,
} from "../_harness.ts";

export const responseCases: ConformanceCase[] = [
  {
    id: "response.status-and-headers",
    async run(context) {
      const served = await context.serve((_environ, startResponse) => {
        startResponse("201 Quite Created", [
          ["Content-Type", "text/plain; charset=utf-8"],
          ["X-Spaces", "a  b"],
          ["X-Latin1", "caf\u00e9"],
          ["X-Empty", ""],
        ]);
        return [bytes("created")];
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await connection.readResponse();
      assert.equal(response.version, served.facts.protocol);
      expectStatus(response, 201);
      if (served.facts.reasonPhrase) {
        assert.equal(response.reason, "Quite Created", "the reason phrase is the app's");
      }
      assert.equal(response.get("content-type"), "text/plain; charset=utf-8");
      assert.equal(response.get("x-spaces"), "a  b");
      // Parsed as Latin-1: "café" means the byte 0xE9 was sent, not UTF-8's C3 A9.
      assert.equal(response.get("x-latin1"), "caf\u00e9", "header values go out as Latin-1 bytes");
      assert.equal(response.get("x-empty"), "");
      assert.equal(response.all("date").length, 1, "one Date header");
      assert.equal(response.text(), "created");
    },
  },

  {
    id: "response.streaming",
    async run(context) {
      const clientSawFirst = deferred();
      let finished = false;
      const served = await context.serve((_environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return (async function* () {
          yield bytes("chunk-one;");
          const seen = await settlesWithin(clientSawFirst.promise);
          yield bytes(seen ? "chunk-two" : "client-never-saw-chunk-one");
          finished = true;
        })();
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/stream"));
      await connection.waitFor(
        (buffered) => buffered.includes("chunk-one;"),
        "chunk one while the generator waits for the client to see it",
      );
      assert.equal(finished, false);
      clientSawFirst.resolve();
      const response = await connection.readResponse();
      expectStatus(response, 200);
      assert.equal(
        response.framing,
        served.facts.streamedFraming,
        "a body of unknown length is chunked (HTTP/1.1) or ends with the stream (HTTP/2)",
      );
      assert.equal(response.complete, true);
      assert.equal(response.text(), "chunk-one;chunk-two");
    },
  },

  {
    id: "response.sync-iterable",
    async run(context) {
      const served = await context.serve((environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        const chunks = [bytes("one;"), bytes("two;"), bytes("three")];
        if (environ.PATH_INFO === "/set") return new Set(chunks);
        return (function* () {
          yield* chunks;
        })();
      });
      const connection = await context.connect(served);
      for (const path of ["/generator", "/set"]) {
        await connection.send(rawRequest(served, "GET", path));
        const response = await connection.readResponse();
        expectStatus(response, 200, `status for ${path}`);
        assert.equal(response.text(), "one;two;three", `body for ${path}`);
      }
    },
  },

  {
    id: "response.write-callable",
    async run(context) {
      const clientSawFirst = deferred();
      let returned = false;
      const served = await context.serve(async (_environ, startResponse) => {
        const write = startResponse("200 OK", [
          ["Content-Type", "text/plain"],
          ["X-Write", "yes"],
        ]);
        await write(bytes("one;"));
        const seen = await settlesWithin(clientSawFirst.promise);
        await write(bytes(seen ? "two;" : "client-never-saw-one;"));
        returned = true;
        return [bytes("three")];
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      await connection.waitFor(
        (buffered) => buffered.includes("one;"),
        "the first write() to reach the client before the app returns",
      );
      assert.match(
        connection.buffered.toString("latin1"),
        /^x-write: yes\r$/im,
        "write() sends the headers first",
      );
      assert.equal(returned, false);
      clientSawFirst.resolve();
      const response = await connection.readResponse();
      expectStatus(response, 200);
      assert.equal(response.complete, true);
      assert.equal(response.text(), "one;two;three", "written chunks, then the returned body");
    },
  },

  {
    id: "response.empty-chunks",
    async run(context) {
      const served = await context.serve((environ, startResponse) => {
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        if (environ.PATH_INFO === "/next") return [bytes("next")];
        return (async function* () {
          for (const piece of ["", "a", "", "b", ""]) yield bytes(piece);
        })();
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await connection.readResponse();
      assert.equal(response.complete, true);
      assert.equal(response.text(), "ab", "an empty chunk must not end a chunked body early");
      await connection.send(rawRequest(served, "GET", "/next"));
      assert.equal((await connection.readResponse()).text(), "next");
    },
  },

  {
    id: "response.set-cookie",
    async run(context) {
      const cookies = [
        "a=1; Path=/",
        "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; HttpOnly",
        "c=3; SameSite=Lax",
      ];
      const served = await context.serve((_environ, startResponse) => {
        startResponse("200 OK", [
          ["Set-Cookie", cookies[0]!],
          ["Content-Type", "text/plain"],
          ["Set-Cookie", cookies[1]!],
          ["set-cookie", cookies[2]!],
        ]);
        return [bytes("cookies")];
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await connection.readResponse();
      assert.deepEqual(
        response.all("set-cookie"),
        cookies,
        "one Set-Cookie line per cookie, in order",
      );
    },
  },

  {
    id: "response.hop-by-hop",
    async run(context) {
      const served = await context.serve((environ, startResponse) => {
        if (environ.PATH_INFO === "/next") {
          startResponse("200 OK", []);
          return [bytes("next")];
        }
        startResponse("200 OK", [
          ["Content-Type", "text/plain"],
          ["Keep-Alive", "timeout=1234"],
          ["Upgrade", "h2c"],
          ["Trailer", "X-Checksum"],
          ["TE", "trailers"],
          ["Transfer-Encoding", "chunked"],
          ["Proxy-Authenticate", "Basic realm=x"],
          ["Proxy-Authorization", "Basic Zm9vOmJhcg=="],
        ]);
        return [bytes("hop")];
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await connection.readResponse();
      expectStatus(response, 200);
      assert.ok(!response.all("keep-alive").includes("timeout=1234"), "the app's Keep-Alive");
      for (const name of [
        "upgrade",
        "trailer",
        "te",
        "proxy-authenticate",
        "proxy-authorization",
      ]) {
        assert.deepEqual(response.all(name), [], `the app's ${name} header must not be forwarded`);
      }
      assert.equal(response.complete, true);
      assert.equal(
        response.text(),
        "hop",
        "the body is framed by the server, not by the app's header",
      );
      await connection.send(rawRequest(served, "GET", "/next"));
      assert.equal((await connection.readResponse()).text(), "next");
    },
  },

  {
    id: "response.connection-close",
    async run(context) {
      const served = await context.serve((_environ, startResponse) => {
        startResponse("200 OK", [
          ["Content-Type", "text/plain"],
          ["Connection", "close"],
        ]);
        return [bytes("bye")];
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await connection.readResponse();
      assert.equal(response.text(), "bye");
      const header = response.get("connection");
      assert.ok(header === undefined || /\bclose\b/i.test(header), `Connection: ${header}`);
      await connection.waitForEnd();
    },
  },

  {
    id: "response.file-wrapper",
    async run(context) {
      const dir = await mkdtemp(join(tmpdir(), "tsgi-conformance-"));
      context.defer(() => rm(dir, { recursive: true, force: true }));
      const path = join(dir, "data.bin");
      const data = randomBytes(300_000);
      await writeFile(path, data);
      let offered = true;
      const app: App = (environ, startResponse) => {
        const wrap = environ["tsgi.file_wrapper"];
        if (typeof wrap !== "function") {
          offered = false;
          startResponse("501 Not Implemented", []);
          return [];
        }
        startResponse("200 OK", [["Content-Type", "application/octet-stream"]]);
        const body: Body =
          environ.PATH_INFO === "/range"
            ? wrap(path, { start: 1000, length: 100_000, blockSize: 8192 })
            : wrap(path);
        return body;
      };
      const served = await context.serve(app);
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/whole"));
      const whole = await connection.readResponse();
      assert.ok(offered, "the host offers no tsgi.file_wrapper");
      expectStatus(whole, 200);
      assert.ok(whole.body.equals(data), `whole file: got ${whole.body.length} bytes`);
      await connection.send(rawRequest(served, "GET", "/range"));
      const range = await connection.readResponse();
      assert.ok(
        range.body.equals(data.subarray(1000, 101_000)),
        `range 1000+100000: got ${range.body.length} bytes`,
      );
    },
  },
];
