/**
 * `runserver`'s autoreloader, as Django's: the `manage` process becomes a supervisor that
 * runs the same command line again as a child (with `DJANGO_RUN_MAIN=true`, so the child
 * serves instead of supervising), watches the project's source files with @tsgi/server's
 * `watchSources`, and on a change stops the child gracefully and starts a fresh one, so every
 * module is loaded anew (ESM has no module cache to clear).
 *
 * Why not `runReloader` from @tsgi/server/cli: it re-runs `tsgi serve <module>` and watches
 * only that module's directory, while a Django project spreads over `mysite/` and every app
 * folder, and `runserver` must re-run `manage` (checks, settings, its own output), not `tsgi`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { relative } from "node:path";
import { DUPLICATE_SIGNAL_MS, watchSources, type SignalSource } from "@tsgi/server/cli";
import type { CommandOutput } from "./command.ts";

/**
 * Set to "true" in the child's environment: "you are the server, not the supervisor" (the
 * same variable Django's reloader uses).
 *
 * @example
 * const isReloaderChild = process.env[RUN_MAIN_ENV] === "true";
 */
export const RUN_MAIN_ENV = "DJANGO_RUN_MAIN";

// A child that ignores SIGTERM this long after its own graceful budget is killed.
const FORCE_KILL_MS = 5_000;

/** What the reloader needs to know. */
export interface AutoreloadOptions {
  /** The child's command: the node executable's arguments (loader flags, script, argv). */
  args: readonly string[];
  /** Directories watched recursively (node_modules and dot-directories are skipped). */
  directories: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: CommandOutput;
  stderr: CommandOutput;
  signals: SignalSource;
}

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  stopping: boolean;
}

/**
 * Supervises the server child until SIGINT/SIGTERM, then stops it and resolves 0 (1 when a
 * second signal forced it). A child that exits by itself (a syntax error, a port in use) is
 * reported, and the next file change starts it again.
 *
 * @example
 * const code = await runWithReloader({
 *   args: [...process.execArgv, process.argv[1]!, "runserver"],
 *   directories: ["/srv/mysite"], env: process.env, cwd: "/srv/mysite",
 *   stdout: process.stdout, stderr: process.stderr, signals: process,
 * });
 */
export function runWithReloader(options: AutoreloadOptions): Promise<number> {
  const { stdout, stderr, signals } = options;
  return new Promise((resolve) => {
    let child: Child | undefined;
    let shuttingDown = false;
    let firstSignalAt: number | undefined;
    let restarts = Promise.resolve();
    let restartQueued = false;

    const start = () => {
      const server = spawn(process.execPath, [...options.args], {
        cwd: options.cwd,
        env: { ...options.env, [RUN_MAIN_ENV]: "true" },
        stdio: ["inherit", "inherit", "inherit", "ipc"],
      });
      const current: Child = {
        process: server,
        stopping: false,
        exited: new Promise((done) => {
          server.once("exit", (code, signal) => {
            if (!current.stopping && !shuttingDown) {
              const how = code !== null ? `with status ${code}` : `on ${signal}`;
              stderr.write(`The server exited ${how}; waiting for a file change to restart.\n`);
            }
            done();
          });
          server.once("error", (error) => {
            stderr.write(`Cannot start the server: ${error.message}\n`);
            done();
          });
        }),
      };
      child = current;
    };

    const stop = async (target: Child | undefined) => {
      if (target === undefined) return;
      target.stopping = true;
      if (target.process.exitCode === null && target.process.signalCode === null) {
        target.process.kill("SIGTERM");
      }
      const force = setTimeout(() => target.process.kill("SIGKILL"), FORCE_KILL_MS);
      await target.exited;
      clearTimeout(force);
    };

    const watcher = watchSources({ directories: options.directories, files: [] }, (paths) => {
      if (shuttingDown || restartQueued) return;
      restartQueued = true;
      const first = paths[0] === undefined ? "a file" : relative(options.cwd, paths[0]);
      restarts = restarts.then(async () => {
        restartQueued = false;
        if (shuttingDown) return;
        stdout.write(`${first} changed, reloading.\n`);
        await stop(child);
        if (!shuttingDown) start();
      });
    });

    const finish = (code: number) => {
      watcher.close();
      signals.off("SIGINT", onSignal);
      signals.off("SIGTERM", onSignal);
      resolve(code);
    };

    function onSignal(signal: NodeJS.Signals) {
      if (firstSignalAt !== undefined) {
        // Ctrl+C reaches the whole process group, and npm may forward it once more.
        if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
        stderr.write(`${signal} again, killing the server.\n`);
        child?.process.kill("SIGKILL");
        finish(1);
        return;
      }
      firstSignalAt = Date.now();
      shuttingDown = true;
      watcher.close();
      void restarts.then(() => stop(child)).then(() => finish(0));
    }
    signals.on("SIGINT", onSignal);
    signals.on("SIGTERM", onSignal);

    stdout.write("Watching for file changes with the TSGI reloader\n");
    start();
  });
}
