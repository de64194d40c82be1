import type { ServerHandle } from "../types.ts";

/**
 * Why a worker exited, as the `workerExit` hook and the primary's log report it.
 *
 * - `crash`: it died on its own after it had listened (an uncaught error, a signal such as an
 *   OOM kill or `kill -9`). It is replaced at once (with the crash-loop guard's delay).
 * - `boot-failure`: it died before it listened (the app threw at import, listen failed).
 * - `left`: its own handle's `close()` was called (e.g. the CLI in that worker got SIGTERM).
 * - `timeout`: the primary killed it: one request ran longer than `workerTimeout`, or no
 *   heartbeat came for that long.
 * - `max-requests`: recycled after `maxRequests` (+ jitter) requests.
 * - `reload`: replaced by a rolling restart (SIGHUP, or `reload()`).
 * - `shutdown`: stopped by `close()`.
 */
export type WorkerExitReason =
  "crash" | "boot-failure" | "left" | "timeout" | "max-requests" | "reload" | "shutdown";

/** One worker process as the primary sees it. */
export interface ClusterWorkerInfo {
  /** node:cluster's worker id (1, 2, …; a replacement gets a new one). */
  id: number;
  pid: number;
  /** `booting` until its server listens; `stopping` once asked to stop (or leaving). */
  state: "booting" | "listening" | "stopping";
}

/**
 * What `clusterServer.listen()` resolves with, in the primary and in each worker alike (the
 * same entry script runs in both). `role` tells them apart.
 *
 * In the **primary**: `address` is the address every worker shares; `close()` stops the whole
 * cluster gracefully; `reload()` is a rolling restart; `workers()` lists the live workers.
 *
 * In a **worker**: `address` is the same shared address; `close()` makes this one worker
 * leave — it stops accepting, finishes its in-flight requests and disconnects from the primary,
 * which forks a replacement unless the cluster itself is shutting down; `workers()` lists this
 * worker only; `reload()` rejects with `TSGI_E_CLUSTER_NOT_PRIMARY`. A worker never needs to
 * call anything: the primary stops it, and its process exits by itself once stopped.
 */
export interface ClusterHandle extends ServerHandle {
  readonly role: "primary" | "worker";
  /** The live workers (in a worker: itself). */
  workers(): ClusterWorkerInfo[];
  /**
   * Rolling restart, as on SIGHUP: one at a time, fork a new worker, wait until it listens,
   * then gracefully stop an old one. New workers load the app's code afresh. Resolves when
   * every old worker has been told to stop.
   */
  reload(): Promise<void>;
}
