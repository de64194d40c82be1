// The worker-timeout rule, kept apart from the process plumbing so it can be tested as a table.

/**
 * How often a worker reports in, for a given `workerTimeout`: a quarter of it, so a stuck
 * worker is caught at most a quarter late, between 25 ms and 1 s; 0 when the timeout is off.
 *
 * @example
 * heartbeatInterval(30_000); // 1000
 * heartbeatInterval(1_000); // 250
 * heartbeatInterval(0); // 0: no heartbeats
 */
export function heartbeatInterval(workerTimeout: number): number {
  if (workerTimeout <= 0) return 0;
  return Math.min(1_000, Math.max(25, Math.round(workerTimeout / 4)));
}

/** What the primary last heard from one worker. */
export interface Pulse {
  /** When the last heartbeat arrived (the primary's `performance.now()`). */
  lastHeartbeatAt: number;
  /** Requests in flight, as of that heartbeat. */
  inFlight: number;
  /** Age of the worker's oldest request in flight, as of that heartbeat, in ms. */
  busyForMs: number;
}

/** Why a worker is declared stuck. */
export type TimeoutVerdict =
  | { kind: "busy"; ms: number }
  /** No heartbeat at all: its event loop is blocked (a synchronous loop, a deadlock). */
  | { kind: "silent"; ms: number };

/**
 * Whether a worker has overrun `timeout` (ms) at time `now`: one request has been running
 * longer than the timeout (as the worker itself reported: no extrapolation, so a request that
 * finished between two heartbeats is never held against it), or no heartbeat came for longer
 * than the timeout. `undefined`: the worker is fine.
 *
 * @example
 * timeoutVerdict({ lastHeartbeatAt: 0, inFlight: 1, busyForMs: 1_200 }, 100, 1_000);
 * // { kind: "busy", ms: 1200 }
 * timeoutVerdict({ lastHeartbeatAt: 0, inFlight: 0, busyForMs: 0 }, 1_500, 1_000);
 * // { kind: "silent", ms: 1500 }
 */
export function timeoutVerdict(
  pulse: Pulse,
  now: number,
  timeout: number,
): TimeoutVerdict | undefined {
  if (timeout <= 0) return undefined;
  const silentFor = now - pulse.lastHeartbeatAt;
  if (silentFor > timeout) return { kind: "silent", ms: Math.round(silentFor) };
  if (pulse.inFlight > 0 && pulse.busyForMs > timeout) {
    return { kind: "busy", ms: Math.round(pulse.busyForMs) };
  }
  return undefined;
}
