// The worker side of the cluster: attach the app to a node:http server on the shared address
// (node:cluster routes `listen` through the primary, which accepts connections and hands
// them to workers in turn), count requests, send heartbeats, and obey the primary's "stop".
import cluster from "node:cluster";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { App } from "@tsgi/core";
import { addressOf, listenOn } from "../node/bind.ts";
import { attachApp } from "../node/index.ts";
import type { AttachedApp, BindAddress } from "../node/index.ts";
import type { ServeOptions, ServerAddress } from "../types.ts";
import { drainServer, FreshConnections } from "./drain.ts";
import { ClusterError } from "./errors.ts";
import {
  envelope,
  parsePrimaryMessage,
  readWorkerConfig,
  WORKER_CONFIG_ENV,
  type PrimaryMessage,
  type Unwrapped,
  type WorkerConfig,
  type WorkerMessage,
} from "./protocol.ts";
import type { ClusterHandle } from "./types.ts";

/** Options of {@link listenWorker}. */
export interface WorkerListenOptions {
  /**
   * What the handle's `close()` does once this server is drained: `true` (what
   * `clusterServer.listen` uses) makes the worker leave the cluster — the primary hears of it
   * and forks a replacement, and the IPC channel is let go so the process can end.
   * `false` only stops this server, and the worker stays a member; the conformance suite uses
   * it to start and stop one server per test inside one worker.
   */
  leaveOnClose: boolean;
}

/** How long a worker waits for the primary's answer to a sync before carrying on. */
const SYNC_TIMEOUT_MS = 1_000;

/** One node:http server of this worker, on one of the shared addresses. */
interface Listener {
  server: Server;
  attached: AttachedApp;
  fresh: FreshConnections;
}

/** What one `listenWorker` call started: a server per shared address, stopped together. */
interface ServerEntry {
  listeners: Listener[];
}

/** Per-process state of a worker, shared by every server it listens with. */
class WorkerRuntime {
  readonly config: WorkerConfig;
  readonly #servers = new Set<ServerEntry>();
  /** Requests in flight → when they started; insertion order is start order. */
  readonly #inFlight = new Map<ServerResponse, number>();
  #served = 0;
  #retireSent = false;
  #stopping = false;
  #syncSeq = 0;
  readonly #syncWaiters = new Map<number, () => void>();

  constructor(config: WorkerConfig) {
    this.config = config;
    process.on("message", (raw: unknown) => this.#onMessage(parsePrimaryMessage(raw)));
    // Signals are the primary's to act on. Ctrl+C and a closing terminal signal the whole
    // process group: the primary got the same SIGINT (it stops the workers gracefully, and
    // exits at once on a second one — its workers go with it) or SIGHUP (a rolling restart),
    // so a worker must not die of them. SIGTERM sent to one worker is gunicorn's "stop this
    // worker gracefully": it leaves, and the primary replaces it.
    process.on("SIGINT", () => {});
    process.on("SIGHUP", () => {});
    process.on("SIGTERM", () => void this.#stopAll(config.gracefulTimeout, { announce: true }));
    if (config.heartbeatMs > 0) {
      setInterval(() => this.#heartbeat(), config.heartbeatMs).unref();
    }
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts counting requests of `server` and tracking its fresh connections. */
  track(server: Server): FreshConnections {
    const fresh = new FreshConnections(server);
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      fresh.started(req.socket);
      this.#requestStarted(res);
    };
    server.on("request", onRequest);
    server.on("checkContinue", onRequest);
    server.on("checkExpectation", onRequest);
    return fresh;
  }

  add(entry: ServerEntry): void {
    this.#servers.add(entry);
  }

  /** Sends `message` to the primary, if it is still there (a send on a closed channel throws). */
  send(message: Unwrapped<WorkerMessage>): void {
    if (!process.connected || process.send === undefined) return;
    process.send(envelope(message), undefined, {}, () => {});
  }

  /**
   * Resolves once the primary has handled every message this worker sent before — among them
   * node:cluster's own "close" of a server, after which the primary no longer routes
   * connections here (and closes the port when no other worker listens).
   */
  sync(): Promise<void> {
    const seq = ++this.#syncSeq;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#syncWaiters.delete(seq);
        resolve();
      };
      const timer = setTimeout(done, SYNC_TIMEOUT_MS);
      this.#syncWaiters.set(seq, done);
      this.send({ type: "sync", seq });
    });
  }

  /** Drains what one listen started; see {@link WorkerListenOptions.leaveOnClose}. */
  async closeServer(entry: ServerEntry, timeout: number, leave: boolean): Promise<void> {
    if (!this.#servers.has(entry)) return;
    if (leave && !this.#stopping) this.send({ type: "leaving" });
    await drainEntry(entry, timeout);
    this.#servers.delete(entry);
    await this.sync();
    if (leave && this.#servers.size === 0 && cluster.worker?.isConnected() === true) {
      cluster.worker.disconnect();
    }
  }

  #requestStarted(res: ServerResponse): void {
    this.#served += 1;
    this.#inFlight.set(res, performance.now());
    res.once("close", () => this.#inFlight.delete(res));
    const limit = this.config.maxRequests;
    if (limit > 0 && this.#served >= limit && !this.#retireSent) {
      // Keep serving: the primary forks the replacement first and stops this worker once
      // the replacement listens, so no connection ever finds the port without a worker.
      this.#retireSent = true;
      this.send({ type: "retire", served: this.#served });
    }
  }

  #heartbeat(): void {
    const oldest = this.#inFlight.values().next();
    const busyForMs = oldest.done === true ? 0 : performance.now() - oldest.value;
    this.send({
      type: "heartbeat",
      inFlight: this.#inFlight.size,
      busyForMs: Math.round(busyForMs),
      served: this.#served,
    });
  }

  #onMessage(message: PrimaryMessage | undefined): void {
    if (message === undefined) return;
    if (message.type === "sync") {
      this.#syncWaiters.get(message.seq)?.();
      return;
    }
    void this.#stopAll(message.timeout, { announce: false });
  }

  /**
   * Drains every server, then exits whatever else the app left open: on the primary's "stop",
   * or on SIGTERM (`announce`: the primary hears that the worker leaves on its own).
   */
  async #stopAll(timeout: number, { announce }: { announce: boolean }): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    if (announce) this.send({ type: "leaving" });
    await Promise.allSettled([...this.#servers].map((entry) => drainEntry(entry, timeout)));
    // The primary may have handed this worker a connection just before it handled the
    // listener's close; the worker turns such a connection back (node:cluster sends it to
    // another worker) only while it is alive. Once the sync returns, none can be on its way.
    await this.sync();
    process.exit(0);
  }
}

let runtime: WorkerRuntime | undefined;

function workerRuntime(): WorkerRuntime {
  if (runtime !== undefined) return runtime;
  const config = readWorkerConfig(process.env);
  if (config === undefined) {
    throw new ClusterError(
      "TSGI_E_CLUSTER_FOREIGN_WORKER",
      "this process is a node:cluster worker, but not one forked by the TSGI cluster server " +
        `(no valid ${WORKER_CONFIG_ENV} in its environment)`,
    );
  }
  // Read once; processes this worker spawns are not cluster workers and must not see it.
  delete process.env[WORKER_CONFIG_ENV];
  runtime = new WorkerRuntime(config);
  return runtime;
}

function drainEntry(entry: ServerEntry, timeout: number): Promise<unknown> {
  return Promise.allSettled(
    entry.listeners.map(({ server, attached, fresh }) =>
      drainServer(server, attached, fresh, timeout),
    ),
  );
}

/**
 * Serves `app` in this cluster worker on the addresses the primary chose: one node:http
 * server per address, with the node server's request handling (`tsgi.server` "cluster",
 * `tsgi.multiprocess` true), each listening through node:cluster, so the primary accepts every
 * connection and hands it to one worker in turn. Call it only in a worker forked by the
 * cluster primary; every other option (logs, limits, hooks) is passed on to `attachApp`.
 *
 * @throws ClusterError `TSGI_E_CLUSTER_FOREIGN_WORKER` outside a worker of the cluster server;
 *   node's listen error (e.g. `EADDRINUSE`) when the primary could not bind.
 *
 * @example
 * // in a worker: one server per test, all on the cluster's shared port
 * const handle = await listenWorker(app, { errorLog: (text) => log.push(text) }, { leaveOnClose: false });
 * await handle.close({ timeout: 5_000 });
 */
export async function listenWorker(
  app: App,
  options: ServeOptions,
  { leaveOnClose }: WorkerListenOptions,
): Promise<ClusterHandle> {
  const state = workerRuntime();
  const { binds, gracefulTimeout } = state.config;
  const entry: ServerEntry = { listeners: [] };
  const addresses: ServerAddress[] = [];
  try {
    for (const bind of binds) {
      // insecureHTTPParser stays off (request smuggling); a missing Host is accepted, as the
      // node server does.
      const server = createServer({ requireHostHeader: false });
      const fresh = state.track(server);
      const attached = attachApp(server, app, {
        ...options,
        name: "cluster",
        multiprocess: true,
        serverName: serverNameFor(bind),
      });
      entry.listeners.push({ server, attached, fresh });
      await listenOn(server, bind);
      addresses.push(addressOf(server, bind));
    }
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    state.send({
      type: "failed",
      code: typeof code === "string" ? code : undefined,
      message: typeof message === "string" ? message : String(error),
    });
    await drainEntry(entry, 0);
    throw error;
  }
  state.add(entry);
  state.send({ type: "listening", addresses });
  return {
    name: "cluster",
    role: "worker",
    address: addresses[0]!,
    addresses,
    workers: () => [
      {
        id: cluster.worker?.id ?? 0,
        pid: process.pid,
        state: state.stopping ? "stopping" : "listening",
      },
    ],
    reload: () =>
      Promise.reject(
        new ClusterError(
          "TSGI_E_CLUSTER_NOT_PRIMARY",
          "reload() restarts the whole cluster: call it on the primary's handle, or send SIGHUP to the primary",
        ),
      ),
    close: (closeOptions = {}) =>
      state.closeServer(entry, closeOptions.timeout ?? gracefulTimeout, leaveOnClose),
  };
}

// As the node server does: bound to one named address, that is SERVER_NAME; a wildcard or a
// unix socket leaves it to each connection.
function serverNameFor(bind: BindAddress): string | undefined {
  if (bind.kind === "unix") return undefined;
  const host = bind.host;
  if (host === undefined || host === "" || host === "0.0.0.0" || host === "::") return undefined;
  return host.includes(":") ? `[${host}]` : host;
}
