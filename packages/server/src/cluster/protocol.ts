// What the primary and its workers say to each other: the worker's start-up configuration (an
// environment variable set at fork time, so it is there before the app module even loads) and
// the IPC messages. Every message carries `tsgi: "cluster"`, so messages of the app's own (an
// app may use process.send too) are never mistaken for ours, and ours never reach the app's
// listeners as something they must understand.

import type { BindAddress } from "../node/index.ts";
import type { ServerAddress } from "../types.ts";

/** Environment variable through which the primary hands a worker its configuration. */
export const WORKER_CONFIG_ENV = "TSGI_CLUSTER_WORKER";

/** What a worker needs to know before it listens; decided by the primary, per worker. */
export interface WorkerConfig {
  /**
   * Where every worker listens (each one on all of them): TCP addresses and unix sockets. The
   * primary has resolved port 0 to a real port already.
   */
  binds: BindAddress[];
  /** Requests after which this worker asks to be replaced (jitter applied); 0 = never. */
  maxRequests: number;
  /** How often to send a heartbeat, in ms; 0 = no heartbeats (workerTimeout disabled). */
  heartbeatMs: number;
  /** Budget of a graceful stop the worker starts itself (its handle's close()). */
  gracefulTimeout: number;
}

/** Why the primary asks a worker to stop. */
export type StopReason = "shutdown" | "max-requests" | "reload" | "timeout";

/** Primary → worker: stop accepting, finish in-flight requests within `timeout` ms, exit. */
export interface StopMessage {
  tsgi: "cluster";
  type: "stop";
  reason: StopReason;
  timeout: number;
}

/** Either way: a round trip, so a worker knows the primary has handled what it sent before. */
export interface SyncMessage {
  tsgi: "cluster";
  type: "sync";
  seq: number;
}

/** Worker → primary: this worker listens on every shared address. */
export interface ListeningMessage {
  tsgi: "cluster";
  type: "listening";
  /** The addresses, as the worker's servers report them (wildcards as loopback URLs). */
  addresses: ServerAddress[];
}

/** Worker → primary: listening failed (EADDRINUSE, EACCES, …); the worker will exit. */
export interface FailedMessage {
  tsgi: "cluster";
  type: "failed";
  code: string | undefined;
  message: string;
}

/** Worker → primary, every `heartbeatMs`: alive, and how long its oldest request has run. */
export interface HeartbeatMessage {
  tsgi: "cluster";
  type: "heartbeat";
  /** Requests in flight right now. */
  inFlight: number;
  /** Age of the oldest request in flight, in ms (0 when idle). */
  busyForMs: number;
  /** Requests started since the worker booted. */
  served: number;
}

/** Worker → primary: `maxRequests` reached; please start my replacement, then stop me. */
export interface RetireMessage {
  tsgi: "cluster";
  type: "retire";
  served: number;
}

/** Worker → primary: my own handle's close() was called; I am draining and will exit. */
export interface LeavingMessage {
  tsgi: "cluster";
  type: "leaving";
}

export type PrimaryMessage = StopMessage | SyncMessage;
export type WorkerMessage =
  | ListeningMessage
  | FailedMessage
  | HeartbeatMessage
  | RetireMessage
  | LeavingMessage
  | SyncMessage;

/** A message without its envelope, as the helpers below take it. */
export type Unwrapped<M> = M extends unknown ? Omit<M, "tsgi"> : never;

const WORKER_TYPES = new Set(["listening", "failed", "heartbeat", "retire", "leaving", "sync"]);
const PRIMARY_TYPES = new Set(["stop", "sync"]);
const STOP_REASONS = new Set<string>(["shutdown", "max-requests", "reload", "timeout"]);

/**
 * Adds the envelope.
 *
 * @example
 * worker.send(envelope({ type: "stop", reason: "shutdown", timeout: 30_000 }));
 */
export function envelope<M extends PrimaryMessage | WorkerMessage>(message: Unwrapped<M>): M {
  return { tsgi: "cluster", ...message } as M;
}

/**
 * Narrows a message received by the primary; anything else (the app's own messages, a
 * malformed one) is `undefined` and ignored.
 *
 * @example
 * const message = parseWorkerMessage(raw);
 * if (message?.type === "heartbeat") console.log(message.busyForMs);
 */
export function parseWorkerMessage(value: unknown): WorkerMessage | undefined {
  if (!isEnvelope(value) || !WORKER_TYPES.has(value.type)) return undefined;
  const numbers: Record<string, readonly string[]> = {
    heartbeat: ["inFlight", "busyForMs", "served"],
    retire: ["served"],
    sync: ["seq"],
  };
  for (const key of numbers[value.type] ?? []) {
    if (!isFiniteNumber(value[key])) return undefined;
  }
  if (value.type === "failed" && typeof value.message !== "string") return undefined;
  if (value.type === "listening") {
    const addresses = value.addresses;
    if (!Array.isArray(addresses) || !addresses.every(isServerAddress)) return undefined;
  }
  return value as unknown as WorkerMessage;
}

/**
 * Narrows a message received by a worker; see {@link parseWorkerMessage}.
 *
 * @example
 * process.on("message", (raw) => {
 *   const message = parsePrimaryMessage(raw);
 *   if (message?.type === "stop") void stopEverything(message.timeout);
 * });
 */
export function parsePrimaryMessage(value: unknown): PrimaryMessage | undefined {
  if (!isEnvelope(value) || !PRIMARY_TYPES.has(value.type)) return undefined;
  if (value.type === "sync") return isFiniteNumber(value.seq) ? (value as never) : undefined;
  const valid =
    typeof value.reason === "string" && STOP_REASONS.has(value.reason) && isDuration(value.timeout);
  return valid ? (value as unknown as StopMessage) : undefined;
}

/**
 * The environment entry that carries a worker's configuration to `cluster.fork(env)`.
 *
 * @example
 * const binds = [{ kind: "tcp" as const, host: "127.0.0.1", port: 8000 }];
 * cluster.fork(workerEnv({ binds, maxRequests: 0, heartbeatMs: 0, gracefulTimeout: 30_000 }));
 */
export function workerEnv(config: WorkerConfig): Record<string, string> {
  return { [WORKER_CONFIG_ENV]: JSON.stringify(config) };
}

/**
 * Reads a worker's configuration from `env`; `undefined` when it is missing or not ours.
 *
 * @example
 * const config = readWorkerConfig(process.env);
 * if (config === undefined) throw new Error("not started by the cluster server");
 */
export function readWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig | undefined {
  const text = env[WORKER_CONFIG_ENV];
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const config = value as Record<string, unknown>;
  const valid =
    Array.isArray(config.binds) &&
    config.binds.length > 0 &&
    config.binds.every(isBindAddress) &&
    isDuration(config.maxRequests) &&
    isDuration(config.heartbeatMs) &&
    isDuration(config.gracefulTimeout);
  return valid ? (config as unknown as WorkerConfig) : undefined;
}

function isEnvelope(value: unknown): value is Record<string, unknown> & { type: string } {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.tsgi === "cluster" && typeof record.type === "string";
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function isDuration(value: unknown): value is number {
  return isFiniteNumber(value) && value >= 0;
}

function isBindAddress(value: unknown): value is BindAddress {
  if (typeof value !== "object" || value === null) return false;
  const bind = value as Record<string, unknown>;
  if (bind.kind === "unix") return typeof bind.path === "string" && bind.path !== "";
  return (
    bind.kind === "tcp" &&
    (bind.host === undefined || typeof bind.host === "string") &&
    Number.isInteger(bind.port) &&
    (bind.port as number) >= 0 &&
    (bind.port as number) <= 65_535
  );
}

function isServerAddress(value: unknown): value is ServerAddress {
  if (typeof value !== "object" || value === null) return false;
  const address = value as Record<string, unknown>;
  return (
    typeof address.host === "string" &&
    Number.isInteger(address.port) &&
    typeof address.url === "string"
  );
}
