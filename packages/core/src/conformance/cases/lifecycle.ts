// The body's lifecycle and tsgi.signal (DECISIONS 5 and 10): closed exactly once on every
// path, and a signal that means "the client went away", never "the request ended" (srvx #152).
import assert from "node:assert/strict";
import type { App } from "../../types.ts";
import { type BodyProbe, closedOnce, trackArray, trackAsync, trackSync } from "../_bodies.ts";
import {
  type ConformanceCase,
  bytes,
  deferred,
  eventually,
  rawRequest,
  recordingApp,
  settlesWithin,
  sleep,
  withTimeout,
  expectStatus,
} from "../_harness.ts";
import { RawConnection, READ_TIMEOUT_MS } from "../_raw-http.ts";

/** Resolves when `signal` fires (at once if it already has). */
function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true }),
  );
}

export const lifecycleCases: ConformanceCase[] = [
  {
    id: "lifecycle.close-once",
    async run(context) {
      const probes = new Map<string, BodyProbe>();
      const app: App = async (environ, startResponse) => {
        const write = startResponse("200 OK", [["Content-Type", "text/plain"]]);
        const path = environ.PATH_INFO;
        if (path === "/write") await write(bytes("written;"));
        const tracked =
          path === "/sync"
            ? trackSync(function* () {
                yield bytes("sync");
              })
            : path === "/array"
              ? trackArray([bytes("array")])
              : trackAsync(async function* () {
                  yield bytes("async");
                });
        probes.set(path, tracked.probe);
        return tracked.body;
      };
      const served = await context.serve(app);
      const connection = await context.connect(served);
      const expected = {
        "/sync": "sync",
        "/async": "async",
        "/array": "array",
        "/write": "written;async",
      };
      for (const [path, text] of Object.entries(expected)) {
        await connection.send(rawRequest(served, "GET", path));
        assert.equal((await connection.readResponse()).text(), text, `body of ${path}`);
      }
      for (const path of Object.keys(expected)) {
        const probe = probes.get(path);
        await closedOnce(probe, `the body of ${path}`);
        if (path !== "/array") {
          assert.equal(probe?.iterations, 1, `${path} is iterated once`);
          assert.equal(probe?.finished, true, `${path} is iterated to its end`);
        }
      }
    },
  },

  {
    id: "lifecycle.client-disconnect",
    async run(context) {
      let signal: AbortSignal | undefined;
      let abortEvents = 0;
      let probe: BodyProbe | undefined;
      const served = await context.serve((environ, startResponse) => {
        signal = environ["tsgi.signal"];
        signal?.addEventListener("abort", () => (abortEvents += 1));
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        const tracked = trackAsync(async function* () {
          // Bounded, so a server that never stops pulling cannot spin forever.
          for (const end = Date.now() + 10_000; Date.now() < end;) {
            yield bytes("tick\n");
            await sleep(10);
          }
        });
        probe = tracked.probe;
        return tracked.body;
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/ticks"));
      await connection.waitFor((buffered) => buffered.includes("tick"), "the first tick");
      connection.destroy();
      await closedOnce(probe, "the body after the client went away");
      assert.deepEqual(probe?.calls, ["return", "close"], "return() once, then close() once");
      const pulls = probe?.pulls;
      await sleep(100);
      assert.equal(probe?.pulls, pulls, "no chunk may be pulled after the body was closed");
      assert.ok(signal, "the host offers no tsgi.signal");
      const fired = signal;
      await eventually(() => fired.aborted, "tsgi.signal to fire");
      assert.equal(abortEvents, 1, "one abort event");
    },
  },

  {
    id: "lifecycle.disconnect-before-response",
    async run(context) {
      const called = deferred();
      let signal: AbortSignal | undefined;
      let probe: BodyProbe | undefined;
      const served = await context.serve(async (environ, startResponse) => {
        signal = environ["tsgi.signal"];
        called.resolve();
        // A long poll: work until the client goes away (or the test's patience runs out).
        if (signal) await settlesWithin(aborted(signal));
        startResponse("200 OK", []);
        const tracked = trackSync(function* () {
          yield bytes("nobody is listening");
        });
        probe = tracked.probe;
        return tracked.body;
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/long-poll"));
      await withTimeout(called.promise, READ_TIMEOUT_MS, "the app to be called");
      connection.destroy();
      assert.ok(signal, "the host offers no tsgi.signal");
      await withTimeout(
        aborted(signal),
        READ_TIMEOUT_MS,
        "tsgi.signal to fire while the app works",
      );
      await eventually(() => probe !== undefined, "the app to return its body");
      await closedOnce(probe, "a body returned after the client left");
    },
  },

  {
    id: "lifecycle.signal-not-fired",
    async run(context) {
      const signals = new Map<string, AbortSignal | undefined>();
      const served = await context.serve(async (environ, startResponse) => {
        signals.set(environ.PATH_INFO, environ["tsgi.signal"]);
        // The request body ends here, well before the response does.
        await environ["tsgi.input"].read();
        await sleep(20);
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        if (environ.PATH_INFO === "/stream") {
          return (async function* () {
            yield bytes("streamed;");
            await sleep(20);
            yield bytes("done");
          })();
        }
        return [bytes("done")];
      });
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "POST", "/post", { body: "payload" }));
      assert.equal((await connection.readResponse()).text(), "done");
      await connection.send(rawRequest(served, "GET", "/stream"));
      assert.equal((await connection.readResponse()).text(), "streamed;done");
      // The client leaving an idle keep-alive connection is not a disconnect mid-request.
      connection.destroy();
      await sleep(200);
      for (const [path, signal] of signals) {
        assert.ok(signal, `the host offers no tsgi.signal (${path})`);
        assert.equal(signal.aborted, false, `tsgi.signal fired for ${path}, which completed`);
      }
      assert.equal(signals.size, 2);
    },
  },
  {
    id: "lifecycle.graceful-close",
    async run(context) {
      const slowCalled = deferred();
      const release = deferred();
      const served = await context.serve(
        recordingApp([], async (environ) => {
          if (environ.PATH_INFO === "/slow") {
            slowCalled.resolve();
            await settlesWithin(release.promise);
          }
          return `done ${environ.PATH_INFO}`;
        }),
      );
      const idle = await context.connect(served);
      await idle.send(rawRequest(served, "GET", "/quick"));
      assert.equal((await idle.readResponse()).text(), "done /quick");
      const busy = await context.connect(served);
      await busy.send(rawRequest(served, "GET", "/slow"));
      await withTimeout(slowCalled.promise, READ_TIMEOUT_MS, "the slow request to reach the app");

      const closing = served.close();
      await sleep(100);
      release.resolve();
      const response = await busy.readResponse();
      expectStatus(response, 200, "an in-flight request survives close()");
      assert.equal(response.text(), "done /slow");
      await closing;
      await idle.waitForEnd();
      await assert.rejects(
        RawConnection.open(served.port, served.host, 1_000),
        "a closed host must not accept new connections",
      );
    },
  },
];
