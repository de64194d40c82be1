/**
 * `tsgi-flask run`: serve `app.tsgiApp` with `serve()` from @tsgi/server on the server the
 * options name (`--server` / `TSGI_SERVER`, default node), say where, and stop gracefully on
 * SIGINT/SIGTERM. The same process also runs as a cluster worker (the cluster server re-runs the
 * entry script) and as the reloader's child; each role prints and listens only for what is its.
 */
import { serve, type ServerHandle, type ServeWithOptions } from "@tsgi/server";
import {
  oneLine,
  openLogs,
  waitForShutdown,
  waitForWorkerEnd,
  toServeOptions,
  RELOAD_CHILD_ENV,
  type ParentChannel,
  type ServeCommandOptions,
  type SignalSource,
} from "@tsgi/server/cli";
import { FlaskCliError } from "./errors.ts";
import type { LocatedApp } from "./locate-app.ts";
import type { RunOptions } from "./run-options.ts";

/** Where `run` reads and writes. */
export interface RunContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
  signals: SignalSource;
  /** True in a node:cluster worker: serve quietly, and stop when the primary says so. */
  isWorker: boolean;
  /** The IPC channel to the parent (cluster primary or reloader), if any. */
  channel: ParentChannel | undefined;
}

/**
 * Serves the located app until a signal stops it; resolves with the exit code (0 after a
 * graceful stop, 1 when the server cannot start or a second signal forces the exit).
 *
 * @example
 * const located = await locateApp("src/flaskr", process.cwd());
 * const options = await resolveRunOptions([], undefined, process.env, process.cwd(), knownServers());
 * process.exitCode = await runApp(located, options!, context);
 */
export async function runApp(
  located: LocatedApp,
  options: RunOptions,
  ctx: RunContext,
): Promise<number> {
  const { app } = located;
  if (options.debugExplicit && "debug" in app) app.debug = options.debug;
  const logs = openLogs(options.serve, ctx.cwd, ctx.out, ctx.err);
  try {
    const handle = await listen(app.tsgiApp, toServeOptions(options.serve, logs, ctx.cwd));
    if (ctx.isWorker && ctx.channel !== undefined) {
      return await waitForWorkerEnd(handle, ctx.channel, options.serve.gracefulTimeout, ctx.err);
    }
    ctx.out(` * Serving Flask app "${located.label}"`);
    ctx.out(` * Debug mode: ${options.debug ? "on" : "off"}`);
    ctx.out(` * Running on ${servingUrls(handle, options.serve)} with the ${handle.name} server`);
    ctx.out("Press CTRL+C to quit");
    return await waitForShutdown(handle, {
      signals: ctx.signals,
      out: ctx.out,
      err: ctx.err,
      gracefulTimeout: options.serve.gracefulTimeout,
      parent: ctx.env[RELOAD_CHILD_ENV] === "1" ? ctx.channel : undefined,
    });
  } finally {
    logs.close();
  }
}

async function listen(
  app: Parameters<typeof serve>[0],
  options: ServeWithOptions,
): Promise<ServerHandle> {
  try {
    return await serve(app, options);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const where = options.bind?.join(", ") ?? `${urlHost(options.host ?? "")}:${options.port}`;
    if (code === "TSGI_E_UNKNOWN_SERVER") {
      throw new FlaskCliError("FLASK_E_CLI_USAGE", oneLine(error));
    }
    const reason = typeof code === "string" ? LISTEN_ERRORS[code] : undefined;
    throw new FlaskCliError(
      "FLASK_E_CLI_LISTEN",
      reason === undefined
        ? `the ${options.server} server failed to start on ${where}: ${oneLine(error)}`
        : `cannot listen on ${where}: ${reason}`,
      { exitCode: 1 },
    );
  }
}

// The listen failures people actually hit, in words rather than errno names.
const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: "the address is already in use (choose another --port, or 0 for a free one)",
  EACCES: "permission denied (ports below 1024 need privileges)",
  EADDRNOTAVAIL: "the address is not available on this machine (check --host)",
};

/** The host as given ("0.0.0.0" says "every interface") with the port actually bound. */
function servingUrls(handle: ServerHandle, options: ServeCommandOptions): string {
  if (options.bind !== undefined) return handle.addresses.map((address) => address.url).join(", ");
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(handle.address.url)?.[1] ?? "http";
  return `${scheme}://${urlHost(options.host)}:${handle.address.port}`;
}

function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
