// Expect: 100-continue, answered when the app first reads tsgi.input (DECISIONS 11), the way
// gunicorn and waitress do: a client waiting for the 100 must not upload to an app that will
// refuse the request anyway.
import assert from "node:assert/strict";
import type { App, Environ } from "../../types.ts";
import {
  type ConformanceCase,
  bytes,
  deferred,
  rawRequest,
  recordingApp,
  settlesWithin,
  withTimeout,
  expectStatus,
} from "../_harness.ts";
import { READ_TIMEOUT_MS } from "../_raw-http.ts";

export const expectCases: ConformanceCase[] = [
  {
    id: "expect.continue-on-read",
    async run(context) {
      const appCalled = deferred();
      const mayRead = deferred();
      const app: App = async (environ, startResponse) => {
        appCalled.resolve();
        await settlesWithin(mayRead.promise);
        const body = await environ["tsgi.input"].read();
        startResponse("200 OK", [["Content-Type", "text/plain"]]);
        return [bytes("got:"), body];
      };
      const served = await context.serve(app);
      const connection = await context.connect(served);
      await connection.send(
        rawRequest(served, "POST", "/upload", {
          headers: [
            ["Content-Length", "11"],
            ["Expect", "100-continue"],
          ],
        }),
      );
      await withTimeout(
        appCalled.promise,
        READ_TIMEOUT_MS,
        "the app to be called before the body was sent (Expect: 100-continue)",
      );
      await connection.expectSilence(200, "nothing may be sent before the app reads the body");
      mayRead.resolve();
      const interim = await connection.readResponse();
      expectStatus(interim, 100, "the first read sends 100 Continue");
      await connection.send("hello world");
      const response = await connection.readResponse();
      expectStatus(response, 200);
      assert.equal(response.text(), "got:hello world");
    },
  },

  {
    id: "expect.no-read-no-continue",
    async run(context) {
      const served = await context.serve(recordingApp([], () => "answered without reading"));
      const connection = await context.connect(served);
      await connection.send(
        rawRequest(served, "POST", "/refuse", {
          headers: [
            ["Content-Length", "11"],
            ["Expect", "100-continue"],
          ],
        }),
      );
      const response = await connection.readResponse();
      expectStatus(response, 200, "the final response comes without a 100 Continue first");
      assert.equal(response.text(), "answered without reading");
    },
  },

  {
    id: "expect.unknown-417",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const connection = await context.connect(served);
      await connection.send(rawRequest(served, "GET", "/", { headers: [["Expect", "x-unknown"]] }));
      const response = await connection.readResponse();
      expectStatus(response, 417);
      assert.equal(seen.length, 0, "the app must not be called for an unmet expectation");
    },
  },
];
