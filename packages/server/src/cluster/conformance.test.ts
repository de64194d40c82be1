// The TSGI conformance suite against the cluster server. The suite's apps must run in the
// process that runs its tests, so the suite runs inside a cluster worker (fixtures/
// conformance.ts): a real primary with `workers: 1` binds the shared port and hands every
// connection to that worker, whose node:test run reports each result back through the primary
// (fixtures/relay-reporter.ts). Here, each conformance id becomes one test that asserts the
// result relayed for it.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, describe, test } from "node:test";
import { CONFORMANCE_TEST_IDS, CONFORMANCE_TESTS } from "@tsgi/core/conformance";
import { cleanEnv, Fixture, killAll } from "./_harness.ts";
import type { RelayedResult } from "./fixtures/relay-reporter.ts";

const REPORTER = fileURLToPath(new URL("./fixtures/relay-reporter.ts", import.meta.url));
const RUN_TIMEOUT_MS = 90_000;

interface Run {
  primaryPid: number;
  roundRobin: boolean;
  workerPid: number | undefined;
  /** Test name → its result. */
  results: Map<string, RelayedResult>;
  done: boolean;
}

async function runInWorker(): Promise<Run> {
  const fixture = Fixture.spawn(
    "conformance.ts",
    [`--test-reporter=${REPORTER}`, "--test-reporter-destination=stdout"],
    cleanEnv(),
  );
  const [, primary = "0", rr] = await fixture.waitFor(
    /^READY \S+ primary=(\d+) rr=(\w+)$/m,
    30_000,
  );
  await fixture.waitFor(/^STOPPED$/m, RUN_TIMEOUT_MS).catch(() => undefined);
  const results = new Map<string, RelayedResult>();
  let done = false;
  let workerPid: number | undefined;
  for (const [, json = "{}"] of fixture.all(/^CONFORMANCE (.*)$/gm)) {
    const result = JSON.parse(json) as RelayedResult | { done: true; pid: number };
    workerPid = result.pid;
    if ("done" in result) done = true;
    else results.set(result.name, result);
  }
  return { primaryPid: Number(primary), roundRobin: rr === "true", workerPid, results, done };
}

const run = runInWorker();
// A failure to start would otherwise surface only as an unhandled rejection.
run.catch(() => {});

describe("TSGI conformance: cluster (inside a cluster worker, behind the primary)", () => {
  after(killAll);

  test(
    "the whole suite ran in a worker, connections routed by the primary",
    { timeout: RUN_TIMEOUT_MS + 30_000 },
    async () => {
      const { done, workerPid, primaryPid, roundRobin, results } = await run;
      assert.ok(done, "the suite finished and reported back");
      assert.ok(workerPid !== undefined && workerPid !== primaryPid, "results came from a worker");
      assert.equal(
        roundRobin,
        true,
        "node:cluster distributes connections round-robin from the primary",
      );
      const routing = [...results.values()].find((r) => r.name.startsWith("cluster routing"));
      assert.equal(routing?.status, "pass", routing?.error);
    },
  );

  test("skip list names only known tests, each with a reason", async () => {
    const result = (await run).results.get("skip list names only known tests, each with a reason");
    assert.equal(result?.status, "pass", result?.error);
  });

  for (const id of CONFORMANCE_TEST_IDS) {
    test(`${id}: ${CONFORMANCE_TESTS[id]}`, async (t) => {
      // The suite names each test "<id>: <title>"; matching on the id alone survives a reworded title.
      const results = [...(await run).results.values()];
      const result = results.find((r) => r.nesting > 0 && r.name.startsWith(`${id}: `));
      assert.ok(result !== undefined, `${id} did not report (see the first test of this suite)`);
      if (result.status === "skip") {
        t.skip(result.reason);
        return;
      }
      assert.equal(result.status, "pass", result.error);
    });
  }
});
