/**
 * `tsgi serve --reload`: this process becomes a supervisor. It runs the real server as a
 * child (`tsgi serve` again, without --reload, in dev mode), watches the app module's
 * directory tree and the config module, and on a change stops the child gracefully and starts
 * a fresh one, so every module is loaded anew (ESM has no cache to clear). A child that fails
 * to start has already said why in one line; the supervisor waits for the next change.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveModulePath } from "./load-module.ts";
import type { Env, ServeCommandOptions } from "./options.ts";
import { DUPLICATE_SIGNAL_MS, type SignalSource } from "./shutdown.ts";
import { watchSources } from "./watch.ts";

/**
 * Set to "1" in the server child's environment. The child then treats its IPC channel closing as
 * "the reloader is gone" and shuts down, so killing the reloader (even with SIGKILL) never
 * leaves an orphan holding the port.
 *
 * @example
 * const underReloader = process.env[RELOAD_CHILD_ENV] === "1";
 */
export const RELOAD_CHILD_ENV = "TSGI_INTERNAL_RELOAD_CHILD";

const BIN = fileURLToPath(new URL("../../bin/tsgi.mjs", import.meta.url));

// The child forces its own connections closed after the graceful timeout and exits; this
// margin lets it do so before the supervisor resorts to SIGKILL.
const FORCE_MARGIN_MS = 1_000;

/** What the reloader reads and writes; main() passes its own context. */
export interface ReloaderContext {
  env: Env;
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  signals: SignalSource;
}

/**
 * The server child's command line: the user's, without `--reload` (it would supervise again)
 * and with dev mode as resolved. The added flags come first, before any `--` terminator.
 *
 * @example
 * reloadChildArgs(["serve", "src/app.ts", "--reload", "--port", "0"], true);
 * // ["--no-reload", "--dev", "serve", "src/app.ts", "--port", "0"]
 */
export function reloadChildArgs(argv: readonly string[], dev: boolean): string[] {
  const terminator = argv.indexOf("--");
  const options = terminator === -1 ? argv : argv.slice(0, terminator);
  const rest = terminator === -1 ? [] : argv.slice(terminator);
  const kept = options.filter((arg) => arg !== "--reload" && arg !== "--no-reload");
  return ["--no-reload", dev ? "--dev" : "--no-dev", ...kept, ...rest];
}

interface ServerChild {
  process: ChildProcess;
  exited: Promise<void>;
  /** The supervisor asked it to stop, so its exit is no news. */
  stopping: boolean;
}

/**
 * Supervises the server child until SIGINT/SIGTERM, then stops it and resolves 0 (1 when a
 * second signal forced it). A module that does not exist is still a usage error (exit 2) at
 * once; anything the child reports later is waited out.
 *
 * @example
 * process.exit(await runReloader(process.argv.slice(2), options, {
 *   env: process.env, cwd: process.cwd(), out: console.log, err: console.error, signals: process,
 * }));
 */
export function runReloader(
  argv: readonly string[],
  options: ServeCommandOptions,
  ctx: ReloaderContext,
): Promise<number> {
  const appDirectory = dirname(resolveModulePath(options.module, ctx.cwd));
  const configFile = options.config === undefined ? undefined : resolve(ctx.cwd, options.config);
  const args = [BIN, ...reloadChildArgs(argv, options.dev)];
  const show = (path: string) => relative(ctx.cwd, path) || ".";

  return new Promise((resolvePromise) => {
    let child: ServerChild | undefined;
    let shuttingDown = false;
    let firstSignalAt: number | undefined;
    let restarts = Promise.resolve();
    let restartQueued = false;

    const start = () => {
      const server = spawn(process.execPath, args, {
        cwd: ctx.cwd,
        env: { ...ctx.env, [RELOAD_CHILD_ENV]: "1" },
        stdio: ["inherit", "inherit", "inherit", "ipc"],
      });
      const current: ServerChild = {
        process: server,
        stopping: false,
        exited: new Promise((done) => {
          server.once("exit", (code, signal) => {
            if (!current.stopping && !shuttingDown) {
              const how = code !== null ? `with status ${code}` : `on ${signal}`;
              ctx.err(`tsgi: the server exited ${how}; waiting for a file change to restart`);
            }
            done();
          });
          server.once("error", (error) => {
            ctx.err(`tsgi: cannot start the server: ${error.message}`);
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
      const first = show(paths[0] ?? appDirectory);
      const what = paths.length > 1 ? `${first} and ${paths.length - 1} more` : first;
      restarts = restarts.then(async () => {
        restartQueued = false;
        if (shuttingDown) return;
        ctx.out(`tsgi: ${what} changed, restarting`);
        await stop(child);
        if (!shuttingDown) start();
      });
    };

    const watcher = watchSources(
      { directories: [appDirectory], files: configFile === undefined ? [] : [configFile] },
      onChange,
    );

    const finish = (code: number) => {
      watcher.close();
      ctx.signals.off("SIGINT", onSignal);
      ctx.signals.off("SIGTERM", onSignal);
      resolvePromise(code);
    };

    function onSignal(signal: NodeJS.Signals) {
      if (firstSignalAt !== undefined) {
        // Ctrl+C reaches the whole process group, and npm may forward it once more.
        if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
        ctx.err(`tsgi: ${signal} again, killing the server`);
        child?.process.kill("SIGKILL");
        finish(1);
        return;
      }
      firstSignalAt = Date.now();
      shuttingDown = true;
      watcher.close();
      ctx.out(`tsgi: ${signal} received, stopping the server (send it again to force)`);
      void restarts.then(() => stop(child)).then(() => finish(0));
    }
    ctx.signals.on("SIGINT", onSignal);
    ctx.signals.on("SIGTERM", onSignal);

    const watched = configFile === undefined ? "" : ` and ${show(configFile)}`;
    ctx.out(`tsgi: reloading enabled, watching ${show(appDirectory)}${watched} for changes`);
    start();
  });
}
