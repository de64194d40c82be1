// The primary's book-keeping for one worker process.
import type { Worker } from "node:cluster";
import { ClusterError } from "./errors.ts";
import type { ClusterLog } from "./log.ts";
import { envelope, type PrimaryMessage, type StopReason, type Unwrapped } from "./protocol.ts";
import type { ClusterWorkerInfo, WorkerExitReason } from "./types.ts";
import type { Pulse } from "./watchdog.ts";

/** A promise with its resolve function, settled at most once. */
export interface Latch {
  readonly promise: Promise<void>;
  resolve(): void;
}

export function latch(): Latch {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Everything the primary knows about one worker. */
export interface WorkerRecord {
  readonly worker: Worker;
  readonly id: number;
  readonly pid: number;
  /** When it was forked (`performance.now()` of the primary). */
  readonly forkedAt: number;
  /** When its first server listened; `undefined` while it boots. */
  listeningAt: number | undefined;
  /** Set once the primary asked it to stop or killed it: the reason its exit is reported with. */
  stopReason: StopReason | undefined;
  /** Its own handle's close() was called: it drains and exits by itself. */
  leaving: boolean;
  /** Why it is being replaced, once a successor was forked for it. */
  replaceReason: "max-requests" | "reload" | undefined;
  /** The worker forked to take its place (max-requests, reload, leaving, timeout). */
  successor: WorkerRecord | undefined;
  /** The worker this one takes over from: stopped gracefully once this one listens. */
  predecessor: WorkerRecord | undefined;
  /** Why its listen failed, as the worker reported it. */
  bootError: { code: string | undefined; message: string } | undefined;
  pulse: Pulse;
  killTimer: NodeJS.Timeout | undefined;
  /** When `killTimer` fires (`performance.now()`); a later stop never postpones it. */
  killDeadline: number;
  /** Settles when the process has exited. */
  readonly exited: Latch;
  /** Settles once it was told to stop, or died: a rolling restart moves on to the next one. */
  readonly handedOver: Latch;
}

export function createRecord(worker: Worker, now: number): WorkerRecord {
  return {
    worker,
    id: worker.id,
    // A fork that could not spawn has no pid; its "exit" follows at once.
    pid: worker.process.pid ?? 0,
    forkedAt: now,
    listeningAt: undefined,
    stopReason: undefined,
    leaving: false,
    replaceReason: undefined,
    successor: undefined,
    predecessor: undefined,
    bootError: undefined,
    pulse: { lastHeartbeatAt: now, inFlight: 0, busyForMs: 0 },
    killTimer: undefined,
    killDeadline: Number.POSITIVE_INFINITY,
    exited: latch(),
    handedOver: latch(),
  };
}

/** "worker 3 (pid: 4242)", the way every log line names a worker. */
export function label(record: WorkerRecord): string {
  return `worker ${record.id} (pid: ${record.pid})`;
}

export function isDead(record: WorkerRecord): boolean {
  return record.worker.isDead();
}

/** The reason reported for an exit: what the primary asked for, else what happened. */
export function exitReason(record: WorkerRecord): WorkerExitReason {
  if (record.stopReason !== undefined) return record.stopReason;
  if (record.leaving) return "left";
  return record.listeningAt === undefined ? "boot-failure" : "crash";
}

/** "code 1", "signal SIGKILL". */
export function describeExit(code: number | null, signal: string | null): string {
  return signal !== null ? `signal ${signal}` : `code ${String(code)}`;
}

export function workerInfo(record: WorkerRecord): ClusterWorkerInfo {
  const stopping = record.stopReason !== undefined || record.leaving;
  return {
    id: record.id,
    pid: record.pid,
    state: stopping ? "stopping" : record.listeningAt === undefined ? "booting" : "listening",
  };
}

/**
 * SIGKILLs a worker, cutting its IPC channel first: node:cluster stops routing connections to
 * a worker as soon as its channel closes, whereas its exit is only noticed a moment later, and
 * a connection handed to it in between would be lost.
 */
export function killNow(record: WorkerRecord): void {
  if (record.worker.isConnected()) record.worker.process.disconnect();
  record.worker.process.kill("SIGKILL");
}

/**
 * Extra time a stopping worker gets after its graceful budget before SIGKILL: the worker
 * force-closes its own connections when the budget runs out and exits right after; this
 * covers that last step.
 */
export const KILL_GRACE_MS = 1_000;

/**
 * Arms the SIGKILL for a worker asked to stop within `timeout` ms. A later, longer budget
 * never postpones a kill already armed.
 */
export function armKill(record: WorkerRecord, timeout: number, log: ClusterLog): void {
  const deadline = performance.now() + timeout + KILL_GRACE_MS;
  if (record.killTimer !== undefined && record.killDeadline <= deadline) return;
  clearTimeout(record.killTimer);
  record.killDeadline = deadline;
  record.killTimer = setTimeout(() => {
    if (isDead(record)) return;
    const after = timeout + KILL_GRACE_MS;
    log(
      "WARNING",
      `${label(record)} still running ${after} ms after it was asked to stop; killing it (SIGKILL)`,
    );
    killNow(record);
  }, timeout + KILL_GRACE_MS);
}

/** Sends a message to a worker, if its channel is still open (a send on a closed one throws). */
export function sendTo(record: WorkerRecord, message: Unwrapped<PrimaryMessage>): void {
  if (!record.worker.isConnected()) return;
  record.worker.send(envelope(message), undefined, () => {});
}

/** The error a failed start rejects with: the worker's listen error, or its early exit. */
export function bootFailure(record: WorkerRecord, where: string, how: string): ClusterError {
  const boot = record.bootError;
  if (boot !== undefined) {
    return new ClusterError(
      boot.code ?? "TSGI_E_CLUSTER_BOOT",
      `cluster ${label(record)} could not listen on ${where}: ${boot.message}`,
    );
  }
  return new ClusterError(
    "TSGI_E_CLUSTER_BOOT",
    `cluster ${label(record)} exited with ${how} before it listened (see its output above)`,
  );
}
