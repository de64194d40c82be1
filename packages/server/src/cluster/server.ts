import cluster from "node:cluster";
import type { App } from "@tsgi/core";
import type { ServeOptions, ServerHandle, TsgiServer } from "../types.ts";
import { ClusterError } from "./errors.ts";
import { resolveSettings } from "./options.ts";
import { ClusterPrimary } from "./primary.ts";
import type { ClusterHandle } from "./types.ts";
import { listenWorker } from "./worker.ts";

/** The cluster server: a {@link TsgiServer} whose handles are {@link ClusterHandle}s. */
export interface ClusterServer extends TsgiServer {
  listen(app: App, options?: ServeOptions): Promise<ClusterHandle>;
}

// One cluster per primary process: node:cluster's settings and worker ids are process-wide.
let running: Promise<unknown> | undefined;

/**
 * gunicorn-style pre-fork server on node:cluster. The same `listen(app, options)` call runs in
 * the primary and — because every worker re-runs the entry script (`tsgi serve …`, or your own
 * script) — in each worker:
 *
 * - in the **primary** it forks `workers` workers (default: `os.availableParallelism()`) and
 *   resolves once all of them listen on the shared address (port 0 is resolved to one free
 *   port first); it replaces dead workers, recycles them after `maxRequests` (+ 0..jitter),
 *   kills one whose request outlives `workerTimeout`, and does a rolling restart on SIGHUP.
 *   `close()` is graceful (bounded by its timeout, default `gracefulTimeout`, then SIGKILL).
 *   SIGINT and SIGTERM are left to the caller (the CLI closes the handle, and exits at once
 *   on a second signal — the primary then kills its workers on the way out).
 * - in a **worker** it serves the app with the node server's request handling
 *   (`tsgi.server` "cluster", `tsgi.multiprocess` true) and resolves with a worker handle;
 *   see {@link ClusterHandle} for what that handle's methods do.
 *
 * @example
 * // server.ts — run with `node --import tsx server.ts`
 * import { serve } from "@tsgi/server";
 * import { isClusterHandle } from "@tsgi/server";
 * import { app } from "./app.ts";
 *
 * const handle = await serve(app, { server: "cluster", port: 8000, workers: 4, maxRequests: 1000 });
 * if (isClusterHandle(handle) && handle.role === "primary") {
 *   console.log(`serving on ${handle.address.url}`);
 *   process.once("SIGTERM", () => void handle.close().then(() => process.exit(0)));
 * }
 */
export const clusterServer: ClusterServer = {
  name: "cluster",
  listen: listenCluster,
};

async function listenCluster(app: App, options: ServeOptions = {}): Promise<ClusterHandle> {
  if (cluster.isWorker) return listenWorker(app, options, { leaveOnClose: true });
  const settings = resolveSettings(options);
  if (running !== undefined) {
    throw new ClusterError(
      "TSGI_E_CLUSTER_RUNNING",
      "this process already runs a cluster; close it before starting another",
    );
  }
  const primary = new ClusterPrimary(settings, options);
  const started = primary.start();
  running = started;
  try {
    const handle = await started;
    return {
      ...handle,
      close: (closeOptions) =>
        handle.close(closeOptions).finally(() => {
          running = undefined;
        }),
    };
  } catch (error) {
    running = undefined;
    throw error;
  }
}

/**
 * Whether a handle from `serve()` is the cluster server's, so its `role` can be checked: the
 * entry script runs in the primary and in every worker, and some things (printing the URL,
 * handling SIGINT/SIGTERM) belong to the primary only.
 *
 * @example
 * const handle = await serve(app, { server: process.env.TSGI_SERVER });
 * if (!isClusterHandle(handle) || handle.role === "primary") console.log(`on ${handle.address.url}`);
 */
export function isClusterHandle(handle: ServerHandle): handle is ClusterHandle {
  const candidate = handle as Partial<ClusterHandle>;
  return (
    handle.name === "cluster" &&
    (candidate.role === "primary" || candidate.role === "worker") &&
    typeof candidate.workers === "function"
  );
}
