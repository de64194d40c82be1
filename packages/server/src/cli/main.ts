/**
 * `tsgi`: read the command line, the environment and the config module, load the app module,
 * detect the app, serve it, and shut down gracefully on SIGINT/SIGTERM; or, with `--reload`,
 * supervise a server child that restarts on changes. bin/tsgi.mjs calls {@link main} after
 * registering tsx.
 */
import cluster from "node:cluster";
import { accessSync, constants, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { knownServers, serve, type ServeWithOptions } from "../index.ts";
import type { ServerHandle } from "../types.ts";
import { APP_SHAPES, describeValue, detectApp } from "./detect-app.ts";
import { CliError, oneLine } from "./errors.ts";
import { helpText } from "./help.ts";
import { loadConfig } from "./load-config.ts";
import { loadExport } from "./load-module.ts";
import { openLogs, type OpenedLogs } from "./logs.ts";
import {
  configModuleOf,
  readCommandLine,
  resolveServeOptions,
  type Env,
  type ServeCommandOptions,
} from "./options.ts";
import { RELOAD_CHILD_ENV, runReloader } from "./reload.ts";
import {
  waitForShutdown,
  waitForWorkerEnd,
  type ParentChannel,
  type SignalSource,
} from "./shutdown.ts";

/** Where {@link main} reads and writes; tests replace any part. Defaults: the process's. */
export interface MainContext {
  env: Env;
  cwd: string;
  /** Writes one line of normal output (help, the "serving" line, shutdown progress). */
  out: (line: string) => void;
  /** Writes one line of error output. */
  err: (line: string) => void;
  /** Where SIGINT and SIGTERM arrive (`process`, or an EventEmitter in tests). */
  signals: SignalSource;
  /**
   * True in a node:cluster worker, which re-runs this CLI: it serves without printing the
   * "serving" line or warnings and leaves signals to the primary (default `cluster.isWorker`).
   */
  isWorker: boolean;
  /** The IPC channel to the parent (cluster primary or reloader), if there is one. */
  channel: ParentChannel | undefined;
}

/**
 * Runs the CLI and resolves with the exit code: 0 after help, version or a graceful
 * shutdown; 1 when serving fails at run time or a second signal forces the exit; 2 for a
 * usage error, a bad value, or a module that cannot be loaded as an app. Every error is one
 * line on `err`, starting with `tsgi:`.
 *
 * @example
 * import { main } from "@tsgi/server/cli";
 * process.exit(await main(["serve", "apps/hello/src/app.ts:app", "--port", "0"]));
 */
export async function main(
  argv: readonly string[] = process.argv.slice(2),
  context: Partial<MainContext> = {},
): Promise<number> {
  const ctx: MainContext = {
    env: process.env,
    cwd: process.cwd(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    signals: process,
    isWorker: cluster.isWorker,
    channel: process.send === undefined ? undefined : process,
    ...context,
  };
  try {
    const servers = knownServers();
    const command = readCommandLine(argv);
    switch (command.name) {
      case "help":
        ctx.out(helpText(servers));
        return 0;
      case "version":
        ctx.out(`tsgi ${readVersion()}`);
        return 0;
      case "serve": {
        const configModule = configModuleOf(command.request, ctx.env);
        const config =
          configModule === undefined ? undefined : await loadConfig(configModule, ctx.cwd);
        const options = resolveServeOptions(command.request, ctx.env, config, servers);
        // Workers and the reloader's child re-run this CLI: the first process said it already.
        if (!ctx.isWorker && ctx.env[RELOAD_CHILD_ENV] !== "1") {
          for (const warning of options.warnings) ctx.err(`tsgi: warning: ${warning}`);
        }
        if (options.reload && !ctx.isWorker) return await runReloader(argv, options, ctx);
        return await runServe(options, ctx);
      }
    }
  } catch (error) {
    if (error instanceof CliError) {
      ctx.err(`tsgi: ${error.message}`);
      return error.exitCode;
    }
    ctx.err(`tsgi: unexpected error: ${oneLine(error)}`);
    return 1;
  }
}

async function runServe(options: ServeCommandOptions, ctx: MainContext): Promise<number> {
  const { exportName, value } = await loadExport(options.module, options.exportName, ctx.cwd);
  const detected = await detectApp(value);
  if (detected === undefined) {
    throw new CliError(
      "TSGI_E_CLI_NOT_AN_APP",
      `export "${exportName}" of "${options.module}" is ${describeValue(value)}, not an app: ${APP_SHAPES}`,
    );
  }
  const logs = openLogs(options, ctx.cwd, ctx.out, ctx.err);
  try {
    const handle = await listen(detected.app, toServeOptions(options, logs, ctx.cwd), options);
    if (ctx.isWorker && ctx.channel !== undefined) {
      return await waitForWorkerEnd(handle, ctx.channel, options.gracefulTimeout, ctx.err);
    }
    const label = `${options.module}:${exportName}`;
    ctx.out(
      `tsgi: serving ${label} with the ${handle.name} server on ${servingUrls(handle, options)}`,
    );
    return await waitForShutdown(handle, {
      ...ctx,
      gracefulTimeout: options.gracefulTimeout,
      parent: ctx.env[RELOAD_CHILD_ENV] === "1" ? ctx.channel : undefined,
    });
  } finally {
    logs.close();
  }
}

/**
 * The CLI's options as `serve()` takes them. Options left undefined are left out, so each
 * server applies its own default; `bind` replaces host and port; TLS files are resolved against
 * `cwd` and must be readable. Framework CLIs that accept `tsgi serve`'s options (`tsgi-flask
 * run`) use it too, so an option means the same everywhere.
 *
 * @example
 * const handle = await serve(app, toServeOptions(options, openLogs(options), process.cwd()));
 */
export function toServeOptions(
  options: ServeCommandOptions,
  logs: OpenedLogs,
  cwd: string,
): ServeWithOptions {
  const tlsFile = (path: string | undefined, flag: string) =>
    path === undefined ? undefined : readableFile(resolve(cwd, path), path, flag);
  const chosen: ServeWithOptions = {
    server: options.server,
    ...(options.bind === undefined
      ? { host: options.host, port: options.port }
      : { bind: options.bind }),
    accessLog: logs.accessLog,
    errorLog: logs.errorLog,
    accessLogFormat: options.accessLogFormat,
    keepAliveTimeout: options.keepAliveTimeout,
    maxRequestLineSize: options.maxRequestLineSize,
    maxHeaderFieldSize: options.maxHeaderFieldSize,
    maxHeaderCount: options.maxHeaderCount,
    maxBodySize: options.maxBodySize,
    headersTimeout: options.headersTimeout,
    requestTimeout: options.requestTimeout,
    maxConcurrentRequests: options.maxConcurrentRequests,
    forwardedAllowIps: options.forwardedAllowIps,
    dev: options.dev,
    hooks: options.hooks,
    workers: options.workers,
    maxRequests: options.maxRequests,
    maxRequestsJitter: options.maxRequestsJitter,
    workerTimeout: options.workerTimeout,
    gracefulTimeout: options.gracefulTimeout,
    certfile: tlsFile(options.certfile, "--certfile"),
    keyfile: tlsFile(options.keyfile, "--keyfile"),
  };
  return Object.fromEntries(
    Object.entries(chosen).filter(([, entry]) => entry !== undefined),
  ) as ServeWithOptions;
}

// Checked here so a typo in a path is a usage error (exit 2) naming the flag, rather than a
// start-up failure deep inside the TLS layer.
function readableFile(path: string, given: string, flag: string): string {
  try {
    accessSync(path, constants.R_OK);
    return path;
  } catch (error) {
    const reason = (error as { code?: string }).code ?? String(error);
    throw new CliError("TSGI_E_CLI_TLS", `cannot read ${flag} "${given}": ${reason}`);
  }
}

async function listen(
  app: Parameters<typeof serve>[0],
  serveOptions: ServeWithOptions,
  options: ServeCommandOptions,
): Promise<ServerHandle> {
  try {
    return await serve(app, serveOptions);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "TSGI_E_UNKNOWN_SERVER") {
      throw new CliError("TSGI_E_UNKNOWN_SERVER", oneLine(error));
    }
    const reason = typeof code === "string" ? LISTEN_ERRORS[code] : undefined;
    const where = options.bind?.join(", ") ?? `${urlHost(options.host)}:${options.port}`;
    throw new CliError(
      "TSGI_E_CLI_LISTEN",
      reason !== undefined
        ? `cannot listen on ${where}: ${reason}`
        : `the ${options.server} server failed to start on ${where}: ${oneLine(error)}`,
      { exitCode: 1 },
    );
  }
}

// The listen failures people actually hit, in words rather than errno names.
const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: "the address is already in use (choose another --port, or 0 for a free one)",
  EACCES: "permission denied (ports below 1024 need privileges)",
  EADDRNOTAVAIL: "the address is not available on this machine (check --host)",
  ENOTFOUND: "the host name does not resolve (check --host)",
};

/**
 * For host/port: the host as the user gave it ("0.0.0.0" says "every interface") with the
 * port actually bound, which differs from the option when it was 0. For --bind: every
 * address the server reports.
 */
function servingUrls(handle: ServerHandle, options: ServeCommandOptions): string {
  if (options.bind !== undefined) return handle.addresses.map((address) => address.url).join(", ");
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(handle.address.url)?.[1] ?? "http";
  return `${scheme}://${urlHost(options.host)}:${handle.address.port}`;
}

/** IPv6 literals go in brackets in a URL ("[::1]:8000"). */
function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

function readVersion(): string {
  const file = new URL("../../package.json", import.meta.url);
  const pkg = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
