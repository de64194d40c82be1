import { availableParallelism } from "node:os";
import { parseBind, type BindAddress } from "../node/index.ts";
import type { ServeOptions, ServerHooks } from "../types.ts";
import { ClusterError } from "./errors.ts";

/**
 * How long the primary lets one request run before it kills the worker (gunicorn's
 * `--timeout`, also 30 s).
 *
 * @example
 * await clusterServer.listen(app, { workerTimeout: DEFAULT_WORKER_TIMEOUT_MS * 2 });
 */
export const DEFAULT_WORKER_TIMEOUT_MS = 30_000;
/**
 * How long a stopping worker may take to finish its requests before it is killed (gunicorn's
 * `--graceful-timeout`, also 30 s).
 *
 * @example
 * await handle.close({ timeout: DEFAULT_GRACEFUL_TIMEOUT_MS / 3 });
 */
export const DEFAULT_GRACEFUL_TIMEOUT_MS = 30_000;

/** The cluster options the primary works with: every default filled in, every value checked. */
export interface ClusterSettings {
  /**
   * Where the workers listen: `bind`, else `host`:`port`. A TCP port 0 is resolved to a free
   * port before any worker is forked.
   */
  binds: BindAddress[];
  workers: number;
  maxRequests: number;
  maxRequestsJitter: number;
  workerTimeout: number;
  gracefulTimeout: number;
  hooks: ServerHooks;
  errorLog: ((text: string) => void) | undefined;
}

/**
 * Fills in the defaults of the cluster's options and checks them.
 *
 * @throws ClusterError `TSGI_E_CLUSTER_OPTIONS` naming the option that is out of range, or
 *   the node server's `TSGI_E_INVALID_BIND` for a `bind` entry it cannot read.
 *
 * @example
 * resolveSettings({ workers: 4, maxRequests: 1000, maxRequestsJitter: 50 }).workerTimeout; // 30000
 */
export function resolveSettings(options: ServeOptions): ClusterSettings {
  const port = count("port", options.port ?? 8000, 0, 65_535);
  const binds: BindAddress[] =
    options.bind !== undefined && options.bind.length > 0
      ? options.bind.map((entry) => parseBind(entry, port))
      : [{ kind: "tcp", host: options.host ?? "127.0.0.1", port }];
  return {
    binds,
    workers: count("workers", options.workers ?? availableParallelism(), 1),
    maxRequests: count("maxRequests", options.maxRequests ?? 0, 0),
    maxRequestsJitter: count("maxRequestsJitter", options.maxRequestsJitter ?? 0, 0),
    workerTimeout: duration("workerTimeout", options.workerTimeout ?? DEFAULT_WORKER_TIMEOUT_MS),
    gracefulTimeout: duration(
      "gracefulTimeout",
      options.gracefulTimeout ?? DEFAULT_GRACEFUL_TIMEOUT_MS,
    ),
    hooks: options.hooks ?? {},
    errorLog: options.errorLog,
  };
}

function count(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ClusterError(
      "TSGI_E_CLUSTER_OPTIONS",
      `${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

/** Milliseconds, fractional allowed (the CLI converts seconds); at most ~24.8 days (setTimeout's limit). */
function duration(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new ClusterError(
      "TSGI_E_CLUSTER_OPTIONS",
      `${name} must be a number of milliseconds from 0 to ${2 ** 31 - 1}, got ${String(value)}`,
    );
  }
  return value;
}
