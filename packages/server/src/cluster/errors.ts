/**
 * Stable codes of the cluster server's errors; callers match on `code`, never on wording.
 *
 * - `TSGI_E_CLUSTER_OPTIONS`: an option is out of range (workers < 1, a negative timeout …)
 *   or not supported by this server (`bind`).
 * - `TSGI_E_CLUSTER_BOOT`: a worker died before it listened while the cluster was starting.
 * - `TSGI_E_CLUSTER_RUNNING`: this process already runs a cluster (one per primary process).
 * - `TSGI_E_CLUSTER_FOREIGN_WORKER`: `listen()` in a node:cluster worker that the cluster
 *   server did not fork (it has no configuration from a TSGI primary).
 * - `TSGI_E_CLUSTER_NOT_PRIMARY`: `reload()` called on a worker's handle.
 *
 * A worker that cannot listen passes node's own code up instead (`EADDRINUSE`, `EACCES` …),
 * so callers handle it as they would for a single-process server.
 */
export type ClusterErrorCode =
  | "TSGI_E_CLUSTER_OPTIONS"
  | "TSGI_E_CLUSTER_BOOT"
  | "TSGI_E_CLUSTER_RUNNING"
  | "TSGI_E_CLUSTER_FOREIGN_WORKER"
  | "TSGI_E_CLUSTER_NOT_PRIMARY";

/**
 * An error of the cluster server. `code` is one of {@link ClusterErrorCode}, or the code of
 * the listen error a worker hit (`EADDRINUSE`, …).
 *
 * @example
 * try {
 *   await clusterServer.listen(app, { port: 80 });
 * } catch (error) {
 *   if (error instanceof ClusterError && error.code === "EACCES") console.error("use a port >= 1024");
 * }
 */
export class ClusterError extends Error {
  readonly code: ClusterErrorCode | string;

  constructor(code: ClusterErrorCode | string, message: string) {
    super(message);
    this.name = "ClusterError";
    this.code = code;
  }
}
