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
