/**
 * `runserver`'s autoreloader, as Django's: the `manage` process becomes a supervisor that
 * runs the same command line again as a child (with `DJANGO_RUN_MAIN=true`, so the child
 * serves instead of supervising), watches the project's source files with @tsgi/server's
 * `watchSources`, and on a change stops the child gracefully and starts a fresh one, so every
 * module is loaded anew (ESM has no module cache to clear).
 *
 * The supervisor is @tsgi/server's `superviseChild` (the one behind `tsgi serve --reload`),
 * given every app folder of the project and Django's wording: a Django project spreads over
 * `mysite/` and every app, and `runserver` re-runs `manage` (checks, settings, its output).
 */
import { superviseChild, type SignalSource } from "@tsgi/server/cli";
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
  const { stdout, stderr } = options;
  return superviseChild({
    args: options.args,
    directories: options.directories,
    childEnv: { [RUN_MAIN_ENV]: "true" },
    forceAfterMs: FORCE_KILL_MS,
    env: options.env,
    cwd: options.cwd,
    out: (line) => void stdout.write(`${line}\n`),
    err: (line) => void stderr.write(`${line}\n`),
    signals: options.signals,
    messages: {
      watching: () => "Watching for file changes with the TSGI reloader",
      changed: (what) => `${what} changed, reloading.`,
      exited: (how) => `The server exited ${how}; waiting for a file change to restart.`,
      cannotStart: (message) => `Cannot start the server: ${message}`,
      stopping: () => undefined,
      forced: (signal) => `${signal} again, killing the server.`,
    },
  });
}
