/**
 * `tsgi-flask run --debug`: this process becomes a supervisor, as werkzeug's reloader does. It
 * runs `tsgi-flask` again, with the same arguments, as a child that serves; watches the app's
 * directory tree; and on a change stops the child gracefully and starts a fresh one, so every
 * module (and template) is loaded anew — ESM has no module cache to clear.
 *
 * Why not `runReloader` from @tsgi/server/cli: it always re-runs `tsgi serve` and watches the
 * directory of a `tsgi serve` module. The pieces that fit are reused: the file watcher
 * (`watchSources`), the child marker (`RELOAD_CHILD_ENV`, with which the child shuts down when
 * its IPC channel closes, so no orphan keeps the port) and the duplicate-signal window.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  DUPLICATE_SIGNAL_MS,
  RELOAD_CHILD_ENV,
  watchSources,
  type SignalSource,
} from "@tsgi/server/cli";

const BIN = fileURLToPath(new URL("../../bin/tsgi-flask.mjs", import.meta.url));

// The child closes its own connections after the graceful timeout and exits; this margin lets
// it do so before the supervisor resorts to SIGKILL.
const FORCE_MARGIN_MS = 1_000;

/** What the supervisor reads and writes. */
export interface ReloaderOptions {
  /** The whole `tsgi-flask` command line, re-run as is by each child. */
  argv: readonly string[];
  /** Directories whose source files restart the child when they change. */
  directories: readonly string[];
  /** How long a stopping child may drain, in ms, before it is killed. */
  gracefulTimeout: number;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  signals: SignalSource;
}

interface ServerChild {
  process: ChildProcess;
  exited: Promise<void>;
  stopping: boolean;
}

/**
 * Supervises serving children until SIGINT/SIGTERM, then stops the child and resolves 0 (1
 * when a second signal forced it). A child that fails (a syntax error in the app) has said why
 * in one line; the supervisor waits for the next change.
 *
 * @example
 * process.exitCode = await superviseWithReloader({
 *   argv: process.argv.slice(2), directories: ["src/flaskr"], gracefulTimeout: 30_000,
 *   env: process.env, cwd: process.cwd(), out: console.log, err: console.error, signals: process,
 * });
 */
export function superviseWithReloader(options: ReloaderOptions): Promise<number> {
  const { out, err, signals } = options;
  const show = (path: string) => relative(options.cwd, path) || ".";
  return new Promise((resolvePromise) => {
    let child: ServerChild | undefined;
    let shuttingDown = false;
    let firstSignalAt: number | undefined;
    let restarts = Promise.resolve();
    let restartQueued = false;

    const start = () => {
      const server = spawn(process.execPath, [BIN, ...options.argv], {
        cwd: options.cwd,
        env: { ...options.env, [RELOAD_CHILD_ENV]: "1" },
        stdio: ["inherit", "inherit", "inherit", "ipc"],
      });
      const current: ServerChild = {
        process: server,
        stopping: false,
        exited: new Promise((done) => {
          server.once("exit", (code, signal) => {
            if (!current.stopping && !shuttingDown) {
              const how = code !== null ? `with status ${code}` : `on ${signal}`;
              err(`tsgi-flask: the server exited ${how}; waiting for a file change to restart`);
            }
            done();
          });
          server.once("error", (error) => {
            err(`tsgi-flask: cannot start the server: ${error.message}`);
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
      const force = setTimeout(
        () => target.process.kill("SIGKILL"),
        options.gracefulTimeout + FORCE_MARGIN_MS,
      );
      await target.exited;
      clearTimeout(force);
    };

    const onChange = (paths: string[]) => {
      if (shuttingDown || restartQueued) return;
      restartQueued = true;
      const first = show(paths[0] ?? options.cwd);
      const what = paths.length > 1 ? `${first} and ${paths.length - 1} more` : first;
      restarts = restarts.then(async () => {
        restartQueued = false;
        if (shuttingDown) return;
        out(` * Detected change in ${what}, reloading`);
        await stop(child);
        if (!shuttingDown) start();
      });
    };

    const watcher = watchSources({ directories: options.directories, files: [] }, onChange);

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
        err(`tsgi-flask: ${signal} again, killing the server`);
        child?.process.kill("SIGKILL");
        finish(1);
        return;
      }
      firstSignalAt = Date.now();
      shuttingDown = true;
      watcher.close();
      out(`tsgi-flask: ${signal} received, stopping the server (send it again to force)`);
      void restarts.then(() => stop(child)).then(() => finish(0));
    }
    signals.on("SIGINT", onSignal);
    signals.on("SIGTERM", onSignal);

    out(` * Restarting with a file watcher on ${options.directories.map(show).join(", ")}`);
    start();
  });
}
