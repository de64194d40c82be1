/**
 * `tsgi`: read the command line, load the module, detect the app, serve it, and shut down
 * gracefully on SIGINT/SIGTERM. bin/tsgi.mjs calls {@link main} after registering tsx.
 */
import { readFileSync } from "node:fs";
import { knownServers, serve } from "../index.ts";
import type { ServerHandle } from "../types.ts";
import { APP_SHAPES, describeValue, detectApp } from "./detect-app.ts";
import { CliError, oneLine } from "./errors.ts";
import { helpText } from "./help.ts";
import { loadExport } from "./load-module.ts";
import { parseCommandLine, type Env, type ServeCommandOptions } from "./options.ts";

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
}

/** The part of `process` that delivers signals. */
export interface SignalSource {
  on(event: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * Runs the CLI and resolves with the exit code: 0 after help, version or a graceful
 * shutdown; 1 when serving fails at run time or a second signal forces the exit; 2 for a
 * usage error or a module that cannot be loaded as an app. Every error is one line on
 * `err`, starting with `tsgi:`.
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
    ...context,
  };
  try {
    const servers = knownServers();
    const command = parseCommandLine(argv, ctx.env, servers);
    switch (command.name) {
      case "help":
        ctx.out(helpText(servers));
        return 0;
      case "version":
        ctx.out(`tsgi ${readVersion()}`);
        return 0;
      case "serve":
        return await runServe(command.options, ctx);
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
  const detected = detectApp(value);
  if (detected === undefined) {
    throw new CliError(
      "TSGI_E_CLI_NOT_AN_APP",
      `export "${exportName}" of "${options.module}" is ${describeValue(value)}, not an app: ${APP_SHAPES}`,
    );
  }
  const handle = await listen(detected.app, options);
  const label = `${options.module}:${exportName}`;
  // The host as the user gave it ("0.0.0.0" says "every interface"), with the port actually
  // bound, which differs from the option when it was 0.
  const url = `http://${urlHost(options.host)}:${handle.address.port}`;
  ctx.out(`tsgi: serving ${label} with the ${handle.name} server on ${url}`);
  return waitForShutdown(handle, ctx);
}

async function listen(
  app: Parameters<typeof serve>[0],
  options: ServeCommandOptions,
): Promise<ServerHandle> {
  const { server, host, port, accessLog } = options;
  try {
    return await serve(app, { server, host, port, accessLog });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "TSGI_E_UNKNOWN_SERVER") {
      throw new CliError("TSGI_E_UNKNOWN_SERVER", oneLine(error));
    }
    const reason = typeof code === "string" ? LISTEN_ERRORS[code] : undefined;
    const where = `${urlHost(host)}:${port}`;
    throw new CliError(
      "TSGI_E_CLI_LISTEN",
      reason !== undefined
        ? `cannot listen on ${where}: ${reason}`
        : `the ${server} server failed to start on ${where}: ${oneLine(error)}`,
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
 * A signal this soon after the first is the same Ctrl+C delivered twice, not a second one:
 * under `npm start` the terminal signals the whole process group *and* npm forwards the
 * signal to its child, which is this process whenever the script shell execs the command
 * (bash does). Someone pressing Ctrl+C again takes longer than this.
 */
export const DUPLICATE_SIGNAL_MS = 250;

/**
 * Resolves with the exit code once the server stopped. The first signal starts a graceful
 * close (in-flight requests finish); a second one gives up waiting, because a shutdown that
 * ignores Ctrl+C while a long request drains is a trap (uvicorn #251).
 */
function waitForShutdown(handle: ServerHandle, ctx: MainContext): Promise<number> {
  return new Promise((resolve) => {
    let firstSignalAt: number | undefined;
    let settled = false;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      ctx.signals.off("SIGINT", onSignal);
      ctx.signals.off("SIGTERM", onSignal);
      resolve(code);
    };
    function onSignal(signal: NodeJS.Signals) {
      if (firstSignalAt !== undefined) {
        if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
        ctx.err(`tsgi: ${signal} again, exiting without waiting for open requests`);
        finish(1);
        return;
      }
      firstSignalAt = Date.now();
      ctx.out(`tsgi: ${signal} received, shutting down gracefully (send it again to force)`);
      handle.close().then(
        () => {
          ctx.out("tsgi: stopped");
          finish(0);
        },
        (error: unknown) => {
          ctx.err(`tsgi: shutdown failed: ${oneLine(error)}`);
          finish(1);
        },
      );
    }
    ctx.signals.on("SIGINT", onSignal);
    ctx.signals.on("SIGTERM", onSignal);
  });
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
