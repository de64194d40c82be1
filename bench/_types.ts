/** What the bench asks of one load-generator run (bench/_load.ts). */
export interface LoadSpec {
  url: string;
  path: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
}

/** What one load-generator run measured. */
export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

/** A load run plus what it cost the server process. */
export interface MeasuredRun extends LoadResult {
  /**
   * Server CPU time (user + system, from /proc) per answered request during the measured
   * seconds, in microseconds; undefined where /proc is not available. Unlike req/s it hardly
   * moves when other work shares the machine, so the ratios built on it are the steadier ones.
   */
  cpuUsPerRequest: number | undefined;
}
