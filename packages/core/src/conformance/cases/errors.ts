// App errors (DECISIONS 3 and 9): a 500 while the status line can still change, an aborted
// connection once it cannot, excInfo as in PEP 3333, and bad input from the app (strings,
// CR/LF, non-Latin-1) treated as app errors rather than sent or silently fixed.
import assert from "node:assert/strict";
import type { App, Body } from "../../types.ts";
import { type BodyProbe, closedOnce, trackAsync, trackSync } from "../_bodies.ts";
import {
  type CaseContext,
  type ConformanceCase,
  type Served,
  SecretError,
  bytes,
  eventually,
  rawRequest,
  readCutShort,
  expectStatus,
} from "../_harness.ts";
import type { RawResponse } from "../_raw-http.ts";

/** GETs `path` on a fresh connection (an error may close it) and returns the response. */
async function getOnce(context: CaseContext, served: Served, path: string): Promise<RawResponse> {
  const connection = await context.connect(served);
  await connection.send(rawRequest(served, "GET", path));
  return connection.readResponse();
}

/** A 500 that says nothing about the error: stacks and messages belong in the error log. */
function assertOpaque500(response: RawResponse, path: string): void {
  expectStatus(response, 500, `status for ${path}`);
  assert.equal(response.complete, true, `the 500 for ${path} is a complete response`);
  assert.ok(!response.text().includes("conformance-secret"), `the 500 for ${path} leaks the error`);
  assert.deepEqual(response.all("x-app"), [], `the 500 for ${path} keeps the app's headers`);
}

export const errorCases: ConformanceCase[] = [
  {
    id: "errors.before-headers-500",
    async run(context) {
      const probes = new Map<string, BodyProbe>();
      const app: App = (environ, startResponse): Body | Promise<Body> => {
        const path = environ.PATH_INFO;
        if (path === "/sync") throw new SecretError("sync");
        if (path === "/reject") return Promise.reject(new SecretError("reject"));
        startResponse("200 OK", [["X-App", "yes"]]);
        const tracked =
          path === "/sync-body"
            ? trackSync(() => ({
                next(): IteratorResult<Uint8Array> {
                  throw new SecretError("sync-body");
                },
              }))
            : trackAsync(async function* () {
                // Headers go out with the first non-empty chunk, so an empty one changes nothing.
                if (path === "/after-empty") yield bytes("");
                throw new SecretError("first-chunk");
              });
        probes.set(path, tracked.probe);
        return tracked.body;
      };
      const served = await context.serve(app);
      for (const path of ["/sync", "/reject", "/first-chunk", "/after-empty", "/sync-body"]) {
        assertOpaque500(await getOnce(context, served, path), path);
      }
      for (const path of ["/first-chunk", "/after-empty", "/sync-body"]) {
        await closedOnce(probes.get(path), `the body of ${path}`);
      }
    },
  },

  {
    id: "errors.after-headers-abort",
    async run(context) {
      const probes = new Map<string, BodyProbe>();
      const served = await context.serve((environ, startResponse) => {
        const withLength = environ.PATH_INFO === "/with-length";
        startResponse("200 OK", withLength ? [["Content-Length", "100"]] : []);
        const tracked = trackAsync(async function* () {
          yield bytes("partial;");
          throw new SecretError("after-headers");
        });
        probes.set(environ.PATH_INFO, tracked.probe);
        return tracked.body;
      });
      for (const path of ["/chunked", "/with-length"]) {
        const connection = await context.connect(served);
        await connection.send(rawRequest(served, "GET", path));
        const response = await readCutShort(
          connection,
          `${path}: a body failing after its first chunk`,
        );
        expectStatus(response, 200, `status for ${path}`);
        assert.equal(response.complete, false, `${path}: a failed body must not end cleanly`);
        assert.equal(response.text(), "partial;");
        await connection.waitForAbort();
        await closedOnce(probes.get(path), `the body of ${path}`);
      }
    },
  },

  {
    id: "errors.exc-info-before-headers",
    async run(context) {
      const served = await context.serve((environ, startResponse) => {
        startResponse("200 OK", [
          ["Content-Type", "text/plain"],
          ["X-Before", "yes"],
        ]);
        const replace = (error: unknown) =>
          startResponse(
            "503 Service Unavailable",
            [
              ["Content-Type", "text/plain"],
              ["X-After", "yes"],
            ],
            error,
          );
        if (environ.PATH_INFO === "/eager") {
          try {
            throw new SecretError("eager");
          } catch (error) {
            replace(error);
            return [bytes("replaced")];
          }
        }
        // Lazily, from inside the body: nothing was sent before the first non-empty chunk.
        return (async function* () {
          yield bytes("");
          try {
            throw new SecretError("lazy");
          } catch (error) {
            replace(error);
          }
          yield bytes("replaced");
        })();
      });
      for (const path of ["/eager", "/lazy"]) {
        const response = await getOnce(context, served, path);
        expectStatus(response, 503, `status for ${path}`);
        assert.equal(response.get("x-after"), "yes", `${path}: the new headers`);
        assert.equal(response.get("x-before"), undefined, `${path}: the replaced headers are gone`);
        assert.equal(response.text(), "replaced");
      }
    },
  },

  {
    id: "errors.exc-info-after-headers",
    async run(context) {
      const error = new SecretError("exc-info-after-headers");
      let rethrown: unknown = "startResponse was not called again";
      const served = await context.serve((_environ, startResponse) => {
        startResponse("200 OK", []);
        return (async function* () {
          yield bytes("first;");
          try {
            startResponse("500 Internal Server Error", [], error);
            rethrown = "startResponse returned normally";
          } catch (thrown) {
            rethrown = thrown;
          }
          throw error; // PEP 3333: let it propagate, the server aborts the response
        })();
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/"));
      const response = await readCutShort(connection, "a body failing after its first chunk");
      expectStatus(response, 200, "the status line was already sent");
      assert.equal(response.text(), "first;");
      assert.equal(response.complete, false);
      assert.equal(rethrown, error, "after headers, startResponse(…, excInfo) throws excInfo");
    },
  },

  {
    id: "errors.start-response-twice",
    async run(context) {
      let secondCall = "not made";
      const served = await context.serve((_environ, startResponse) => {
        startResponse("200 OK", [["X-App", "yes"]]);
        try {
          startResponse("201 Created", [["X-App", "yes"]]);
          secondCall = "returned normally";
        } catch (error) {
          secondCall = "threw";
          throw error;
        }
        return [bytes("conformance-secret: second call accepted")];
      });
      assertOpaque500(await getOnce(context, served, "/"), "/");
      assert.equal(secondCall, "threw", "startResponse called twice without excInfo must throw");
    },
  },

  {
    id: "errors.no-start-response",
    async run(context) {
      const served = await context.serve((environ) => {
        if (environ.PATH_INFO === "/empty") return [];
        if (environ.PATH_INFO === "/array") return [bytes("conformance-secret")];
        return (async function* () {
          yield bytes("conformance-secret");
        })();
      });
      for (const path of ["/array", "/generator", "/empty"]) {
        assertOpaque500(await getOnce(context, served, path), path);
      }
    },
  },

  {
    id: "errors.non-bytes-body",
    async run(context) {
      const bodies: Record<string, () => unknown> = {
        // A string iterates one-character strings; a Uint8Array iterates numbers.
        "/string": () => "conformance-secret",
        "/string-chunk": () => ["conformance-secret"],
        "/bare-bytes": () => bytes("conformance-secret"),
        "/async-string": () =>
          (async function* () {
            yield "conformance-secret";
          })(),
      };
      const served = await context.serve((environ, startResponse) => {
        startResponse("200 OK", [["X-App", "yes"]]);
        return (bodies[environ.PATH_INFO]?.() ?? []) as Body;
      });
      for (const path of Object.keys(bodies)) {
        assertOpaque500(await getOnce(context, served, path), path);
      }
    },
  },

  {
    id: "errors.header-injection",
    async run(context) {
      const starts: Record<string, [string, Array<[string, string]>]> = {
        "/value": ["200 OK", [["X-Bad", "ok\r\nX-Injected: yes"]]],
        "/status": ["200 OK\r\nX-Injected: yes", []],
        "/name": ["200 OK", [["Bad Name", "value"]]],
        "/not-latin1": ["200 OK", [["X-Snowman", "\u2603"]]],
      };
      const served = await context.serve((environ, startResponse) => {
        const [status, headers] = starts[environ.PATH_INFO] ?? ["404 Not Found", []];
        startResponse(status, headers);
        return [bytes("body")];
      });
      for (const path of Object.keys(starts)) {
        const response = await getOnce(context, served, path);
        expectStatus(response, 500, `status for ${path}`);
        assert.deepEqual(response.all("x-injected"), [], `${path}: a header was injected`);
        assert.ok(!response.head.includes("\u2603"), `${path}: a non-Latin-1 value was sent`);
      }
    },
  },

  {
    id: "errors.error-log",
    async run(context) {
      const served = await context.serve((environ, startResponse) => {
        if (environ.PATH_INFO === "/throw") throw new SecretError("logged");
        environ["tsgi.errors"].write("conformance tsgi.errors line\n");
        startResponse("200 OK", []);
        return [bytes("ok")];
      });
      const output = served.errorOutput;
      assert.ok(output, "this host's start() returns no errorOutput(); skip errors.error-log");
      expectStatus(await getOnce(context, served, "/throw"), 500);
      expectStatus(await getOnce(context, served, "/write"), 200);
      await eventually(
        () => /conformance-secret-logged[^\n]*\n\s+at /.test(output()),
        "the app's error and its stack in the error log",
      );
      await eventually(
        () => output().includes("conformance tsgi.errors line"),
        "the tsgi.errors line in the error log",
      );
    },
  },
];
