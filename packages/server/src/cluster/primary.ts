// The cluster primary: gunicorn's arbiter on node:cluster. It forks the workers (each re-runs
// the entry script, so each loads the app itself), keeps their number up (a dead worker is
// replaced at once, with a back-off when they keep dying young), recycles them after
// `maxRequests`, kills one stuck past `workerTimeout`, restarts them one by one on SIGHUP, and
// stops them gracefully on close(). It never runs the app.
import cluster from "node:cluster";
import { removeSocketFile } from "../node/bind.ts";
import type { BindAddress } from "../node/index.ts";
import type { ServeOptions, ServerAddress } from "../types.ts";
import { describeBind, resolveBinds } from "./address.ts";
import { CrashGuard } from "./crash-guard.ts";
import { requestLimit } from "./jitter.ts";
import { clusterLog, runHook, type ClusterLog } from "./log.ts";
import type { ClusterSettings } from "./options.ts";
import { parseWorkerMessage, workerEnv, type StopReason, type WorkerMessage } from "./protocol.ts";
import type { ClusterHandle } from "./types.ts";
import { heartbeatInterval, timeoutVerdict } from "./watchdog.ts";
import {
  armKill,
  bootFailure,
  createRecord,
  describeExit,
  exitReason,
  isDead,
  killNow,
  label,
  latch,
  sendTo,
  workerInfo,
  type Latch,
  type WorkerRecord,
} from "./worker-record.ts";

/**
 * How long a worker may take to load the app and listen before it is killed as stuck: the
 * worker timeout, but never less than this, since loading (and compiling TypeScript) is
 * slower than serving.
 */
export const BOOT_TIMEOUT_MS = 30_000;

type State = "starting" | "running" | "stopping" | "stopped";

export class ClusterPrimary {
  readonly #settings: ClusterSettings;
  readonly #options: ServeOptions;
  readonly #log: ClusterLog;
  readonly #guard = new CrashGuard();
  readonly #records = new Map<number, WorkerRecord>();
  readonly #respawns = new Set<NodeJS.Timeout>();
  readonly #heartbeatMs: number;
  #state: State = "starting";
  /** The binds with port 0 resolved: what every worker listens on. */
  #binds: BindAddress[] = [];
  /** The addresses as the first worker to listen reported them. */
  #addresses: ServerAddress[] = [];
  #startup: (Latch & { error?: unknown }) | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #reloading: Promise<void> | undefined;
  #reloadAgain = false;
  #hupDuringStart = false;
  #closing: Promise<void> | undefined;

  constructor(settings: ClusterSettings, options: ServeOptions) {
    this.#settings = settings;
    this.#options = options;
    this.#log = clusterLog(settings.errorLog);
    this.#heartbeatMs = heartbeatInterval(settings.workerTimeout);
  }

  /** Forks the workers and resolves once every one of them listens. */
  async start(): Promise<ClusterHandle> {
    const { hooks, workers } = this.#settings;
    // gunicorn's on_starting: an error here aborts the start.
    await hooks.onStarting?.({ server: "cluster", options: this.#options });
    this.#binds = await resolveBinds(this.#settings.binds);
    this.#log("INFO", `Starting cluster primary (pid: ${process.pid}) with ${workers} workers`);
    process.on("SIGHUP", this.#onSighup);
    process.on("exit", this.#onProcessExit);
    const startup: Latch & { error?: unknown } = latch();
    this.#startup = startup;
    if (this.#heartbeatMs > 0) {
      this.#watchdog = setInterval(() => this.#checkTimeouts(), this.#heartbeatMs);
      this.#watchdog.unref();
    }
    for (let i = 0; i < workers; i++) this.#fork();
    await startup.promise;
    if (startup.error !== undefined) {
      await this.#abort();
      throw startup.error;
    }
    this.#startup = undefined;
    this.#state = "running";
    const handle = this.#handle();
    const urls = handle.addresses.map((address) => address.url).join(", ");
    this.#log("INFO", `Listening at: ${urls} (${workers} workers)`);
    await runHook(this.#log, "whenReady", () => hooks.whenReady?.(handle));
    if (this.#hupDuringStart) void this.reload();
    return handle;
  }

  /** Rolling restart: one worker at a time, the new one listening before the old one stops. */
  reload(): Promise<void> {
    if (this.#state !== "running") return Promise.resolve();
    if (this.#reloading !== undefined) {
      // Code may have changed again since this restart began: go round once more after it.
      this.#reloadAgain = true;
      return this.#reloading;
    }
    this.#reloading = this.#rollingRestart().finally(() => (this.#reloading = undefined));
    return this.#reloading;
  }

  /** Graceful stop of every worker; SIGKILL for those still running `timeout` ms later. */
  close(timeout: number): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#state = "stopping";
    this.#stopTimers();
    const records = [...this.#records.values()];
    this.#log(
      "INFO",
      `Shutting down: stopping ${records.length} workers (graceful timeout ${timeout} ms)`,
    );
    for (const record of records) this.#stopWorker(record, "shutdown", timeout);
    this.#closing = Promise.all(records.map((record) => record.exited.promise)).then(async () => {
      await this.#finish();
      this.#log("INFO", "All workers stopped");
    });
    return this.#closing;
  }

  #handle(): ClusterHandle {
    const addresses = this.#addresses;
    return {
      name: "cluster",
      role: "primary",
      // Startup waited for every worker to listen, so a worker has reported them.
      address: addresses[0]!,
      addresses,
      workers: () => [...this.#records.values()].map(workerInfo),
      reload: () => this.reload(),
      close: (options = {}) => this.close(options.timeout ?? this.#settings.gracefulTimeout),
    };
  }

  #fork(predecessor?: WorkerRecord): WorkerRecord {
    const { maxRequests, maxRequestsJitter, gracefulTimeout } = this.#settings;
    const worker = cluster.fork(
      workerEnv({
        binds: this.#binds,
        maxRequests: requestLimit(maxRequests, maxRequestsJitter),
        heartbeatMs: this.#heartbeatMs,
        gracefulTimeout,
      }),
    );
    const record = createRecord(worker, performance.now());
    record.predecessor = predecessor;
    if (predecessor !== undefined) predecessor.successor = record;
    this.#records.set(record.id, record);
    worker.on("message", (raw: unknown) => this.#onMessage(record, parseWorkerMessage(raw)));
    worker.on("exit", (code: number | null, signal: string | null) =>
      this.#onExit(record, code, signal),
    );
    // IPC errors (EPIPE to a worker that just died) are followed by its "exit", handled there.
    worker.on("error", () => {});
    this.#log("INFO", `Booting ${label(record)}`);
    return record;
  }

  #onMessage(record: WorkerRecord, message: WorkerMessage | undefined): void {
    switch (message?.type) {
      case "listening":
        if (this.#addresses.length === 0) this.#addresses = message.addresses;
        return this.#onListening(record);
      case "heartbeat":
        record.pulse = {
          lastHeartbeatAt: performance.now(),
          inFlight: message.inFlight,
          busyForMs: message.busyForMs,
        };
        return;
      case "retire":
        if (this.#state !== "running" || record.stopReason !== undefined) return;
        if (record.successor !== undefined || record.leaving) return;
        this.#log("INFO", `${label(record)} served ${message.served} requests; recycling it`);
        this.#replace(record, "max-requests");
        return;
      case "leaving":
        record.leaving = true;
        armKill(record, this.#settings.gracefulTimeout, this.#log);
        if (this.#state !== "running" || record.stopReason !== undefined) return;
        this.#log("INFO", `${label(record)} is leaving on its own; forking its replacement`);
        if (record.successor === undefined) this.#fork(record);
        return;
      case "failed":
        record.bootError = { code: message.code, message: message.message };
        this.#log("ERROR", `${label(record)} could not listen: ${message.message}`);
        if (record.listeningAt === undefined) killNow(record);
        return;
      case "sync":
        sendTo(record, { type: "sync", seq: message.seq });
        return;
      case undefined:
        return;
    }
  }

  #onListening(record: WorkerRecord): void {
    if (record.listeningAt !== undefined) return;
    record.listeningAt = performance.now();
    record.pulse = { lastHeartbeatAt: record.listeningAt, inFlight: 0, busyForMs: 0 };
    this.#log("INFO", `${label(record)} listening`);
    if (record.stopReason !== undefined || this.#state === "stopping") {
      // Asked to stop while it booted, before it could receive the message: ask again.
      this.#stopWorker(record, record.stopReason ?? "shutdown", this.#settings.gracefulTimeout);
      return;
    }
    // Surviving `youngMs` after listening ends a crash loop.
    setTimeout(() => {
      if (!isDead(record)) this.#guard.healthy(record.forkedAt);
    }, this.#guard.youngMs).unref();
    const predecessor = record.predecessor;
    if (predecessor !== undefined) {
      record.predecessor = undefined;
      // The successor takes connections now: the old worker may go.
      if (!predecessor.leaving) {
        const reason = predecessor.replaceReason ?? "reload";
        this.#stopWorker(predecessor, reason, this.#settings.gracefulTimeout);
      }
      predecessor.handedOver.resolve();
    }
    if (this.#state === "starting") this.#checkStarted();
  }

  #checkStarted(): void {
    const listening = [...this.#records.values()].filter((r) => r.listeningAt !== undefined);
    if (listening.length >= this.#settings.workers) this.#startup?.resolve();
  }

  /** Forks `record`'s successor; `record` is stopped with `reason` once the successor listens. */
  #replace(record: WorkerRecord, reason: "max-requests" | "reload"): Promise<void> {
    record.replaceReason = reason;
    this.#fork(record);
    return record.handedOver.promise;
  }

  /** Asks a worker to stop within `timeout` ms, and arms the SIGKILL that follows if it does not. */
  #stopWorker(record: WorkerRecord, reason: StopReason, timeout: number): void {
    const first = record.stopReason === undefined;
    record.stopReason ??= reason;
    record.handedOver.resolve();
    if (isDead(record)) return;
    if (first) this.#log("INFO", `Stopping ${label(record)}: ${reason}, within ${timeout} ms`);
    sendTo(record, { type: "stop", reason: record.stopReason, timeout });
    armKill(record, timeout, this.#log);
  }

  #checkTimeouts(): void {
    if (this.#state !== "running" && this.#state !== "starting") return;
    const now = performance.now();
    const timeout = this.#settings.workerTimeout;
    for (const record of this.#records.values()) {
      if (record.stopReason !== undefined || record.leaving) continue;
      if (record.listeningAt === undefined) {
        // A worker whose app never finishes loading would hold up the start for ever.
        const booting = Math.round(now - record.forkedAt);
        if (booting > Math.max(timeout, BOOT_TIMEOUT_MS)) {
          record.bootError = { code: undefined, message: `it did not listen within ${booting} ms` };
          this.#timeoutKill(record, `still booting after ${booting} ms`);
        }
        continue;
      }
      const verdict = timeoutVerdict(record.pulse, now, timeout);
      if (verdict === undefined) continue;
      this.#timeoutKill(
        record,
        verdict.kind === "busy"
          ? `a request has been running for ${verdict.ms} ms`
          : `no heartbeat for ${verdict.ms} ms (event loop blocked?)`,
      );
    }
  }

  /** gunicorn's "WORKER TIMEOUT": SIGKILL, and a replacement that starts booting at once. */
  #timeoutKill(record: WorkerRecord, what: string): void {
    this.#log(
      "CRITICAL",
      `WORKER TIMEOUT (pid:${record.pid}) worker ${record.id}: ${what}, timeout ${this.#settings.workerTimeout} ms; killing it (SIGKILL)`,
    );
    record.stopReason = "timeout";
    record.handedOver.resolve();
    killNow(record);
    // Its connections are lost either way. (While starting, the start fails instead.)
    if (this.#state === "running") record.successor ??= this.#fork();
  }

  #onExit(record: WorkerRecord, code: number | null, signal: string | null): void {
    clearTimeout(record.killTimer);
    this.#records.delete(record.id);
    const reason = exitReason(record);
    const how = describeExit(code, signal);
    const unexpected = reason === "crash" || reason === "boot-failure";
    const hint = signal === "SIGKILL" && unexpected ? " (killed from outside: out of memory?)" : "";
    this.#log(
      unexpected ? "ERROR" : "INFO",
      `${label(record)} exited with ${how}: ${reason}${hint}`,
    );
    const info = { id: record.id, pid: record.pid, code, signal, reason };
    void runHook(this.#log, "workerExit", () => this.#settings.hooks.workerExit?.(info));
    record.exited.resolve();
    record.handedOver.resolve();
    if (this.#state === "starting") {
      this.#failStartup(record, how);
      return;
    }
    if (this.#state !== "running") return;
    const successor = record.successor;
    if (successor !== undefined) {
      // Already replaced (or being replaced): the successor simply becomes a worker of its own.
      if (successor.predecessor === record) successor.predecessor = undefined;
      return;
    }
    this.#respawn(record);
  }

  /** Replaces a worker that died unasked, after the crash guard's delay. */
  #respawn(dead: WorkerRecord): void {
    const listenedFor =
      dead.listeningAt === undefined ? undefined : performance.now() - dead.listeningAt;
    const delay = this.#guard.delayAfterExit(listenedFor);
    const fork = () => {
      if (this.#state !== "running") return;
      // A replacement that died while booting passes its task on to the next one.
      const predecessor = dead.predecessor;
      this.#fork(predecessor !== undefined && !isDead(predecessor) ? predecessor : undefined);
    };
    if (delay === 0) {
      fork();
      return;
    }
    this.#log(
      "WARNING",
      `Crash loop: ${this.#guard.streak} workers in a row died within ${this.#guard.youngMs} ms of starting; next one in ${delay} ms`,
    );
    const timer = setTimeout(() => {
      this.#respawns.delete(timer);
      fork();
    }, delay);
    this.#respawns.add(timer);
  }

  #failStartup(record: WorkerRecord, how: string): void {
    const startup = this.#startup;
    if (startup === undefined || startup.error !== undefined) return;
    startup.error = bootFailure(record, this.#binds.map(describeBind).join(", "), how);
    startup.resolve();
  }

  /** A failed start: kill what was forked, wait for it, and leave nothing behind. */
  async #abort(): Promise<void> {
    this.#state = "stopping";
    const records = [...this.#records.values()];
    for (const record of records) {
      record.stopReason ??= "shutdown";
      killNow(record);
    }
    await Promise.all(records.map((record) => record.exited.promise));
    await this.#finish();
  }

  async #rollingRestart(): Promise<void> {
    do {
      this.#reloadAgain = false;
      const old = [...this.#records.values()].filter(
        (r) => r.stopReason === undefined && !r.leaving && r.successor === undefined,
      );
      this.#log("INFO", `Rolling restart of ${old.length} workers`);
      for (const record of old) {
        if (this.#state !== "running") return;
        if (isDead(record) || record.stopReason !== undefined || record.successor !== undefined) {
          continue;
        }
        await this.#replace(record, "reload");
      }
      this.#log("INFO", "Rolling restart done");
    } while (this.#reloadAgain && this.#state === "running");
  }

  readonly #onSighup = (): void => {
    this.#log("INFO", "Handling signal: SIGHUP (rolling restart)");
    if (this.#state === "starting") this.#hupDuringStart = true;
    else void this.reload();
  };

  // A primary that exits (a forced second Ctrl+C, an uncaught error) takes its workers along
  // at once instead of leaving them to drain unsupervised. kill() is synchronous, as 'exit' needs.
  readonly #onProcessExit = (): void => {
    for (const record of this.#records.values()) {
      if (!isDead(record)) record.worker.process.kill("SIGKILL");
    }
  };

  #stopTimers(): void {
    clearInterval(this.#watchdog);
    for (const timer of this.#respawns) clearTimeout(timer);
    this.#respawns.clear();
  }

  async #finish(): Promise<void> {
    this.#state = "stopped";
    this.#stopTimers();
    process.off("SIGHUP", this.#onSighup);
    process.off("exit", this.#onProcessExit);
    // node:cluster bound the unix sockets in this process; leave no socket file behind.
    for (const bind of this.#binds) {
      if (bind.kind === "unix") await removeSocketFile(bind.path);
    }
  }
}
