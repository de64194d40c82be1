/**
 * Differential tests: one corpus (express-demo's src/corpus.ts) sent over real sockets to the Fastify demo
 * running natively (`app.listen`) and through `fromFastify` on every TSGI server; status,
 * reason phrase, headers in order (Set-Cookie repeats included) and body bytes must match.
 *
 * Headers left out of the comparison, and why (the same table is in README.md):
 *
 * | header     | why it may differ                                                                  |
 * | ---------- | ---------------------------------------------------------------------------------- |
 * | Date       | the clock: responses a few ms apart straddle a second now and then                 |
 * | Connection | connection management is the server's (its keep-alive policy), not the app's      |
 * | Keep-Alive | the idle timeout is the server's setting: node:http's 5 s natively, TSGI's 75 s    |
 *
 * Every other difference fails the test with both responses side by side.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { fromFastify } from "@tsgi/fastify";
import { serve } from "@tsgi/server";
import { CORPUS } from "@tsgi/express-demo/corpus";
import {
  differences,
  runCorpus,
  startCli,
  type CliServer,
  type RawResponse,
} from "@tsgi/server/testing";
import { buildApp } from "./app.ts";

const APP_DIR = fileURLToPath(new URL("../", import.meta.url));
const TSGI_BIN = join(
  dirname(fileURLToPath(import.meta.resolve("@tsgi/server/package.json"))),
  "bin/tsgi.mjs",
);

/** In-process TSGI servers; each gets a fresh app, so the todo ids line up with native's. */
const IN_PROCESS_SERVERS = ["node", "http2", "express", "fastify"] as const;

async function nativeResponses(): Promise<Map<string, RawResponse>> {
  const app = buildApp({ streamDelayMs: 5 });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    return await runCorpus(url, CORPUS);
  } finally {
    await app.close();
  }
}

describe(
  "fastify-demo: native Fastify vs the same app on every TSGI server",
  { timeout: 120_000 },
  () => {
    let native = new Map<string, RawResponse>();
    let cluster: CliServer | undefined;

    before(async () => {
      native = await nativeResponses();
    });
    after(async () => {
      await cluster?.stop();
    });

    it("the native run answered the corpus as the app intends (sanity)", () => {
      assert.equal(native.get("create")?.status, 201);
      assert.equal(native.get("create invalid")?.status, 400);
      assert.equal(native.get("range first 10")?.status, 206);
      assert.equal(native.get("if-none-match")?.status, 304);
      assert.equal(native.get("create not an object")?.status, 400);
      assert.equal(native.get("boom")?.status, 500);
      const cookies = native.get("visit again")?.headers.filter(([name]) => name === "set-cookie");
      assert.equal(cookies?.length, 2);
    });

    for (const server of IN_PROCESS_SERVERS) {
      it(`${server}: every response matches native`, async () => {
        const handle = await serve(fromFastify(buildApp({ streamDelayMs: 5 })), {
          server,
          host: "127.0.0.1",
          port: 0,
        });
        try {
          const adapted = await runCorpus(handle.address.url, CORPUS);
          assert.deepEqual(differences(native, adapted), []);
        } finally {
          await handle.close({ timeout: 2000 });
        }
      });
    }

    // The cluster server forks workers that re-run the entry script, so it runs as the real
    // `tsgi serve` (one worker: the todo store lives in the process, and ids must line up).
    it("cluster (tsgi serve --server cluster --workers 1): every response matches native", async () => {
      cluster = await startCli(TSGI_BIN, APP_DIR, [
        "src/app.ts:app",
        "--server",
        "cluster",
        "--workers",
        "1",
      ]);
      const adapted = await runCorpus(cluster.url, CORPUS);
      assert.deepEqual(differences(native, adapted), []);
    });
  },
);
