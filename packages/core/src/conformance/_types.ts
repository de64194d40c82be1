import type { App } from "../types.ts";
import type { ConformanceTls, ConformanceTransport } from "./_transport.ts";

/** A host serving one app for one test; see {@link ConformanceHost.start}. */
export interface StartedHost {
  /**
   * Base URL the suite connects to: "http://127.0.0.1:54321", or "https://…" for a host
   * that speaks TLS (see {@link ConformanceHost.transport}).
   */
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
 * Something that serves a TSGI app over HTTP: a server, an adapter, a bridge stack. The app
 * runs in the test's own process (tests share promises with it), so a forking host must
 * serve it in-process for the suite.
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
  /**
   * The protocol the suite speaks (default "http1", see {@link ConformanceTransport}):
   * "http1" over "http://" or "https://" URLs, "h2c" over "http://", "h2" over "https://".
   * Over HTTP/2 the tests about HTTP/1.x itself are skipped, each with its reason
   * (`HTTP1_ONLY_TESTS`); a host's own skip of the same id keeps the host's reason.
   */
  transport?: ConformanceTransport;
  /** TLS client options for "https://" URLs (default: any certificate is accepted). */
  tls?: ConformanceTls;
}
