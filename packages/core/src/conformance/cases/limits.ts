// Requests a server must refuse before the app runs: oversized heads, and framing that two
// parsers could read differently (request smuggling; never enable insecureHTTPParser).
import assert from "node:assert/strict";
import type { Environ } from "../../types.ts";
import { type ConformanceCase, rawRequest, recordingApp, expectStatus } from "../_harness.ts";

export const limitCases: ConformanceCase[] = [
  {
    id: "limits.header-too-large",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const connection = await context.connect(served);
      await connection.send(
        rawRequest(served, "GET", "/", { headers: [["X-Big", "a".repeat(64 * 1024)]] }),
      );
      expectStatus(await connection.readResponse(), 431);
      assert.equal(seen.length, 0, "the app must not be called");
    },
  },

  {
    id: "limits.smuggling",
    async run(context) {
      const seen: Environ[] = [];
      const served = await context.serve(recordingApp(seen));
      const requests = {
        "Content-Length with Transfer-Encoding": [
          ["Content-Length", "5"],
          ["Transfer-Encoding", "chunked"],
        ],
        "two different Content-Lengths": [
          ["Content-Length", "5"],
          ["Content-Length", "6"],
        ],
        "a negative Content-Length": [["Content-Length", "-5"]],
      } as const;
      for (const [what, headers] of Object.entries(requests)) {
        const connection = await context.connect(served);
        await connection.send(rawRequest(served, "POST", "/", { headers, body: "0\r\n\r\n" }));
        expectStatus(await connection.readResponse(), 400, what);
        connection.destroy();
      }
      assert.equal(seen.length, 0, "the app must not be called for ambiguous framing");
    },
  },
];
