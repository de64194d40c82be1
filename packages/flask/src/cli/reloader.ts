/**
 * `tsgi-flask run --debug`: this process becomes a supervisor, as werkzeug's reloader does. It
 * runs `tsgi-flask` again, with the same arguments, as a child that serves; watches the app's
 * directory tree; and on a change stops the child gracefully and starts a fresh one, so every
 * module (and template) is loaded anew — ESM has no module cache to clear.
 *
 * The supervisor is @tsgi/server's `superviseChild` (the one behind `tsgi serve --reload`),
 * worded as werkzeug's reloader; the child carries `RELOAD_CHILD_ENV`, with which it shuts down
 * when its IPC channel closes, so no orphan keeps the port.
 */
import { fileURLToPath } from "node:url";
import { RELOAD_CHILD_ENV, superviseChild, type SignalSource } from "@tsgi/server/cli";

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
  return superviseChild({
    args: [BIN, ...options.argv],
    directories: options.directories,
    childEnv: { [RELOAD_CHILD_ENV]: "1" },
    forceAfterMs: options.gracefulTimeout + FORCE_MARGIN_MS,
    env: options.env,
    cwd: options.cwd,
    out: options.out,
    err: options.err,
    signals: options.signals,
    messages: {
      watching: (paths) => ` * Restarting with a file watcher on ${paths.join(", ")}`,
      changed: (what) => ` * Detected change in ${what}, reloading`,
      exited: (how) => `tsgi-flask: the server exited ${how}; waiting for a file change to restart`,
      cannotStart: (message) => `tsgi-flask: cannot start the server: ${message}`,
      stopping: (signal) =>
        `tsgi-flask: ${signal} received, stopping the server (send it again to force)`,
      forced: (signal) => `tsgi-flask: ${signal} again, killing the server`,
    },
  });
}
