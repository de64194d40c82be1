/**
 * @tsgi/core/conformance: one battery of black-box tests that every TSGI host runs — each
 * server, each adapter, the fetch bridges. Each test starts the host with its own small app,
 * talks to it over a real socket on 127.0.0.1 (raw bytes where framing matters), asserts,
 * and closes it. Every socket read is bounded, so a broken host fails instead of hanging.
 *
 * A host with a known gap lists it in `skip` with a reason: the test is reported as skipped
 * with that reason, never dropped, and an id that does not exist fails the suite, so a skip
 * list cannot silently outlive a renamed test. README.md in this folder lists every test and how to add one.
 *
 * The suite speaks HTTP/1.x by default; `transport: "h2c"` or `"h2"` runs the same tests over
 * HTTP/2 (cleartext with prior knowledge, or TLS), skipping the HTTP/1.x-only ones with their
 * reasons (`HTTP1_ONLY_TESTS`). An "https://" URL makes any transport use TLS.
 *
 * @example
 * // any *.test.ts run by node:test
 * import { runConformanceSuite } from "@tsgi/core/conformance";
 * import { nodeServer } from "@tsgi/server/node";
 *
 * runConformanceSuite({
 *   name: "node",
 *   async start(app) {
 *     const handle = await nodeServer.listen(app, { host: "127.0.0.1", port: 0 });
 *     return { url: handle.address.url, close: () => handle.close() };
 *   },
 * });
 */
import { describe, test } from "node:test";
import { ALL_CASES } from "./_cases.ts";
import { CaseContext, type ConformanceCase } from "./_harness.ts";
import { HTTP1_ONLY_TESTS, type ConformanceTransport } from "./_transport.ts";
import type { ConformanceHost } from "./_types.ts";
import { CONFORMANCE_TEST_IDS, CONFORMANCE_TESTS, type ConformanceTestId } from "./ids.ts";

export type { ConformanceHost, StartedHost } from "./_types.ts";
export {
  HTTP1_ONLY_TESTS,
  type ClientConnection,
  type ConformanceTls,
  type ConformanceTransport,
} from "./_transport.ts";
export { CONFORMANCE_TEST_IDS, CONFORMANCE_TESTS, type ConformanceTestId } from "./ids.ts";

const DEFAULT_TEST_TIMEOUT_MS = 20_000;

/**
 * Problems with a skip list: ids that name no test, and skips without a reason. Empty when
 * the list is valid. `runConformanceSuite` turns each problem into a failing test.
 *
 * @example
 * import { checkSkipList } from "@tsgi/core/conformance";
 * checkSkipList({ "response.set-cookie": "merged by the platform" }); // []
 * checkSkipList({ "no.such-test": "typo" }); // ['unknown test id "no.such-test" …']
 */
export function checkSkipList(skip: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [id, reason] of Object.entries(skip)) {
    if (!Object.hasOwn(CONFORMANCE_TESTS, id)) {
      problems.push(`unknown test id "${id}" in the skip list (known ids: CONFORMANCE_TEST_IDS)`);
    } else if (typeof reason !== "string" || reason.trim() === "") {
      problems.push(`skip of "${id}" gives no reason`);
    }
  }
  return problems;
}

/**
 * Registers the conformance battery for `host` as node:test tests inside one `describe`
 * ("TSGI conformance: <name>"). Call it at the top level of a `*.test.ts` file.
 *
 * Each test runs alone (node:test runs a file's tests in order), starts the host once with
 * its own app, and closes it before the next test; a host whose `close()` does not settle
 * in 10 s fails the test that started it.
 *
 * @example
 * // packages/server/src/node/conformance.test.ts
 * import { runConformanceSuite, type ConformanceTestId } from "@tsgi/core/conformance";
 * import { nodeServer } from "./index.ts";
 *
 * runConformanceSuite({
 *   name: "node",
 *   async start(app) {
 *     let errors = "";
 *     const handle = await nodeServer.listen(app, {
 *       host: "127.0.0.1",
 *       port: 0,
 *       errorLog: (text) => (errors += text),
 *     });
 *     return {
 *       url: handle.address.url,
 *       close: () => handle.close({ timeout: 5_000 }),
 *       errorOutput: () => errors,
 *     };
 *   },
 *   skip: {
 *     "response.file-wrapper": "no tsgi.file_wrapper yet (issue #12)",
 *   } satisfies Partial<Record<ConformanceTestId, string>>,
 * });
 */
export function runConformanceSuite(host: ConformanceHost): void {
  const skip: Readonly<Record<string, string>> = host.skip ?? {};
  describe(`TSGI conformance: ${host.name}`, () => {
    const problems = checkSkipList(skip);
    test("skip list names only known tests, each with a reason", () => {
      if (problems.length > 0) throw new Error(problems.join("\n"));
    });
    const byId = new Map(ALL_CASES.map((conformanceCase) => [conformanceCase.id, conformanceCase]));
    const transport = host.transport ?? "http1";
    for (const id of CONFORMANCE_TEST_IDS) {
      // A skip without a reason is refused above, and the test runs instead.
      const own = skip[id]?.trim();
      const reason = own === undefined ? transportSkip(transport, id) : own;
      registerCase(host, id, byId.get(id), reason === "" ? undefined : reason);
    }
  });
}

// Over HTTP/2, the tests about HTTP/1.x itself (see HTTP1_ONLY_TESTS).
function transportSkip(transport: ConformanceTransport, id: ConformanceTestId): string | undefined {
  if (transport === "http1") return undefined;
  const reason: string | undefined = (HTTP1_ONLY_TESTS as Partial<Record<string, string>>)[id];
  return reason === undefined ? undefined : `over ${transport}: ${reason}`;
}

function registerCase(
  host: ConformanceHost,
  id: ConformanceTestId,
  conformanceCase: ConformanceCase | undefined,
  skipReason: string | undefined,
): void {
  const name = `${id}: ${CONFORMANCE_TESTS[id]}`;
  const options = {
    timeout: conformanceCase?.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS,
    // Reported by node:test as "# SKIP <reason>", so a known gap stays visible.
    ...(skipReason === undefined ? {} : { skip: `${host.name}: ${skipReason}` }),
  };
  test(name, options, async () => {
    // A listed id without a case is a bug in the suite itself: fail, never pass vacuously.
    if (conformanceCase === undefined) throw new Error(`the suite has no case for "${id}"`);
    const context = new CaseContext(host);
    let failure: unknown;
    try {
      await conformanceCase.run(context);
    } catch (error) {
      failure = error;
    }
    try {
      await context.dispose();
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) throw failure;
  });
}
