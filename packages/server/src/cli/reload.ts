/**
 * `tsgi serve --reload`: this process becomes a supervisor. It runs the real server as a
 * child (`tsgi serve` again, without --reload, in dev mode), watches the app module's
 * directory tree and the config module, and on a change stops the child gracefully and starts
 * a fresh one, so every module is loaded anew (ESM has no cache to clear). A child that fails
 * to start has already said why in one line; the supervisor waits for the next change.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveModulePath } from "./load-module.ts";
import type { Env, ServeCommandOptions } from "./options.ts";
import type { SignalSource } from "./shutdown.ts";
import { superviseChild } from "./supervise.ts";

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
  return superviseChild({
    args: [BIN, ...reloadChildArgs(argv, options.dev)],
    directories: [appDirectory],
    files: configFile === undefined ? [] : [configFile],
    childEnv: { [RELOAD_CHILD_ENV]: "1" },
    forceAfterMs: options.gracefulTimeout + FORCE_MARGIN_MS,
    env: ctx.env,
    cwd: ctx.cwd,
    out: ctx.out,
    err: ctx.err,
    signals: ctx.signals,
    messages: {
      watching: (paths) => `tsgi: reloading enabled, watching ${paths.join(" and ")} for changes`,
      changed: (what) => `tsgi: ${what} changed, restarting`,
      exited: (how) => `tsgi: the server exited ${how}; waiting for a file change to restart`,
      cannotStart: (message) => `tsgi: cannot start the server: ${message}`,
      stopping: (signal) =>
        `tsgi: ${signal} received, stopping the server (send it again to force)`,
      forced: (signal) => `tsgi: ${signal} again, killing the server`,
    },
  });
}
