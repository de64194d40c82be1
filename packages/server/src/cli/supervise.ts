/**
 * The file-watching supervisor behind every reloader in this repository: `tsgi serve
 * --reload`, `tsgi-flask run --debug` and Django-style `manage runserver`. This process runs
 * the serving command as a child, watches source directories (and single files), and on a
 * change stops the child gracefully and starts a fresh one, so every module is loaded anew (ESM
 * has no module cache to clear). A child that fails to start has said why; the supervisor waits
 * for the next change. SIGINT/SIGTERM stop the child and resolve 0; a second signal (outside
 * the duplicate window) kills it and resolves 1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { relative } from "node:path";
import { DUPLICATE_SIGNAL_MS, type SignalSource } from "./shutdown.ts";
import { watchSources } from "./watch.ts";

/** How one command words the supervisor's events (each returns one line). */
export interface SupervisorMessages {
  /** Printed once at the start, with the watched paths relative to the working directory. */
  watching(paths: string[]): string;
  /** A change restarts the child; `what` names the changed file(s). */
  changed(what: string): string;
  /** The child exited on its own; `how` is "with status N" or "on SIGNAL". */
  exited(how: string): string;
  /** The child could not be spawned at all. */
  cannotStart(message: string): string;
  /** The first stop signal; undefined prints nothing. */
  stopping(signal: NodeJS.Signals): string | undefined;
  /** A second stop signal forces the child down. */
  forced(signal: NodeJS.Signals): string;
}

/** Options of {@link superviseChild}. */
export interface SupervisorOptions {
  /** The child's command: node's arguments (loader flags, script, argv). */
  args: readonly string[];
  /** Directories watched recursively (node_modules and dot-directories are skipped). */
  directories: readonly string[];
  /** Single files watched as well (a config module). */
  files?: readonly string[];
  /** Added to the child's environment: the marker that tells it to serve, not supervise. */
  childEnv: Readonly<Record<string, string>>;
  /** How long a stopping child may take before it is killed, in ms. */
  forceAfterMs: number;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  signals: SignalSource;
  messages: SupervisorMessages;
}

interface ServerChild {
  process: ChildProcess;
  exited: Promise<void>;
  /** The supervisor asked it to stop, so its exit is no news. */
  stopping: boolean;
}

/**
 * Supervises the serving child until SIGINT/SIGTERM (see the module comment).
 *
 * @example
 * const code = await superviseChild({
 *   args: [script, "run"], directories: ["src"], childEnv: { MY_RELOAD_CHILD: "1" },
 *   forceAfterMs: 31_000, env: process.env, cwd: process.cwd(),
 *   out: console.log, err: console.error, signals: process,
 *   messages: {
 *     watching: (paths) => `watching ${paths.join(", ")}`,
 *     changed: (what) => `${what} changed, restarting`,
 *     exited: (how) => `the server exited ${how}`,
 *     cannotStart: (message) => `cannot start: ${message}`,
 *     stopping: (signal) => `${signal} received, stopping`,
 *     forced: (signal) => `${signal} again, killing the server`,
 *   },
 * });
 */
export function superviseChild(options: SupervisorOptions): Promise<number> {
  const { messages, out, err, signals } = options;
  const files = options.files ?? [];
  const show = (path: string) => relative(options.cwd, path) || ".";

  return new Promise((resolvePromise) => {
    let child: ServerChild | undefined;
    let shuttingDown = false;
    let firstSignalAt: number | undefined;
    let restarts = Promise.resolve();
    let restartQueued = false;

    const start = () => {
      const server = spawn(process.execPath, [...options.args], {
        cwd: options.cwd,
        env: { ...options.env, ...options.childEnv },
        stdio: ["inherit", "inherit", "inherit", "ipc"],
      });
      const current: ServerChild = {
        process: server,
        stopping: false,
        exited: new Promise((done) => {
          server.once("exit", (code, signal) => {
            if (!current.stopping && !shuttingDown) {
              err(messages.exited(code !== null ? `with status ${code}` : `on ${signal}`));
            }
            done();
          });
          server.once("error", (error) => {
            err(messages.cannotStart(error.message));
            done();
          });
        }),
      };
      child = current;
    };

    const stop = async (target: ServerChild | undefined) => {
      if (target === undefined) return;
      target.stopping = true;
      if (target.process.exitCode === null && target.process.signalCode === null) {
        target.process.kill("SIGTERM");
      }
      const force = setTimeout(() => target.process.kill("SIGKILL"), options.forceAfterMs);
      await target.exited;
      clearTimeout(force);
    };

    const onChange = (paths: string[]) => {
      if (shuttingDown || restartQueued) return;
      restartQueued = true;
      const first = show(paths[0] ?? options.directories[0] ?? ".");
      const what = paths.length > 1 ? `${first} and ${paths.length - 1} more` : first;
      restarts = restarts.then(async () => {
        restartQueued = false;
        if (shuttingDown) return;
        out(messages.changed(what));
        await stop(child);
        if (!shuttingDown) start();
      });
    };

    const watcher = watchSources(
      { directories: [...options.directories], files: [...files] },
      onChange,
    );

    const finish = (code: number) => {
      watcher.close();
      signals.off("SIGINT", onSignal);
      signals.off("SIGTERM", onSignal);
      resolvePromise(code);
    };

    function onSignal(signal: NodeJS.Signals) {
      if (firstSignalAt !== undefined) {
        // Ctrl+C reaches the whole process group, and npm may forward it once more.
        if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
        err(messages.forced(signal));
        child?.process.kill("SIGKILL");
        finish(1);
        return;
      }
      firstSignalAt = Date.now();
      shuttingDown = true;
      watcher.close();
      const line = messages.stopping(signal);
      if (line !== undefined) out(line);
      void restarts.then(() => stop(child)).then(() => finish(0));
    }
    signals.on("SIGINT", onSignal);
    signals.on("SIGTERM", onSignal);

    out(messages.watching([...options.directories, ...files].map(show)));
    start();
  });
}
