/**
 * The `cluster` server: gunicorn-style pre-fork on node:cluster — a primary that supervises
 * worker processes, each serving the app on one shared port.
 *
 * @example
 * import { serve } from "@tsgi/server";
 * const handle = await serve(app, { server: "cluster", workers: 4, maxRequests: 1000, maxRequestsJitter: 50 });
 */
export { clusterServer, isClusterHandle, type ClusterServer } from "./server.ts";
export { ClusterError, type ClusterErrorCode } from "./errors.ts";
export { DEFAULT_GRACEFUL_TIMEOUT_MS, DEFAULT_WORKER_TIMEOUT_MS } from "./options.ts";
export type { ClusterHandle, ClusterWorkerInfo, WorkerExitReason } from "./types.ts";
