import type { App } from "../types.ts";

/** A host serving one app for one test; see {@link ConformanceHost.start}. */
export interface StartedHost {
  /** Base URL the suite connects to, e.g. "http://127.0.0.1:54321" (plain HTTP/1.1). */
  url: string;
  /**
   * Stops the host gracefully: no new connections, in-flight requests finish, idle
   * keep-alive connections close ("lifecycle.graceful-close" checks it). Must settle within
   * 10 s; the suite closes its own connections before calling it at the end of a test.
   */
  close(): Promise<void>;
  /**
   * Everything the host wrote to its error log since `start`, when the host can expose it
   * (only the "errors.error-log" test needs it; without it that test fails, so skip it).
   */
  errorOutput?: () => string;
}

/**
 * Something that serves a TSGI app over HTTP/1.1: a server, an adapter, a bridge stack.
 * The app runs in the test's own process (tests share promises with it), so a forking host
 * must serve it in-process for the suite.
 */
export interface ConformanceHost {
  /** Shown in the suite's name: "TSGI conformance: node". */
  name: string;
  /** Starts serving `app` on 127.0.0.1 (any free port). Called once per test. */
  start(app: App): Promise<StartedHost>;
  /**
   * Known gaps: test id → reason. A skipped test is reported as skipped with its reason,
   * never dropped; an unknown id or an empty reason fails the suite at run time. Write the
   * literal with `satisfies Partial<Record<ConformanceTestId, string>>` to catch typos at
   * compile time too.
   */
  skip?: Readonly<Record<string, string>>;
}
