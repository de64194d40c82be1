/**
 * `manage runserver [addr:port]`: serves the project's TSGI application with `serve()` from
 * @tsgi/server, on the server `TSGI_SERVER` names (`--server` overrides it; default `node`),
 * at 127.0.0.1:8000 unless told otherwise (`HOST`/`PORT` fill in what the argument leaves
 * out). With autoreload (the default) this process supervises a child that serves; see
 * `autoreload.ts`. SIGINT/SIGTERM stop gracefully (a second one forces), as `tsgi serve`.
 *
 * Under `TSGI_SERVER=cluster` the cluster server re-runs this same command line in each
 * worker; a worker serves quietly and leaves when the primary tells it to.
 */
import cluster from "node:cluster";
import { createRequire } from "node:module";
import { relative } from "node:path";
import { serve, isClusterHandle, type ServerHandle } from "@tsgi/server";
import { waitForShutdown, waitForWorkerEnd } from "@tsgi/server/cli";
import { parseAddrPort } from "../addrport.ts";
import { runWithReloader, RUN_MAIN_ENV } from "../autoreload.ts";
import { checkOrFail, projectChecks } from "../checks.ts";
import { CommandError, defineCommand, type CommandContext } from "../command.ts";
import { buildApplication } from "../setup.ts";
import { unappliedMigrationsWarning } from "./migrate.ts";

const VERSION = (createRequire(import.meta.url)("../../../package.json") as { version: string })
  .version;

// Django's runserver waits for nothing; a development server should stop quickly.
const GRACEFUL_TIMEOUT_MS = 5_000;

/** `--noreload`, `--server`, `--skip-checks`, and the `[addr:port]` positional. */
export const runserverCommand = defineCommand({
  help: "Starts a development web server on the TSGI server TSGI_SERVER names, with autoreload.",
  args: "[addrport]",
  options: {
    noreload: { type: "boolean", description: "do not restart the server when a file changes" },
    server: {
      type: "string",
      description:
        "TSGI server: node, cluster, http2, express, fastify (default TSGI_SERVER, else node)",
    },
    "skip-checks": { type: "boolean", description: "skip the system checks" },
  },
  async handle({ positionals, values }, context) {
    const { env } = context;
    if (positionals.length > 1)
      throw new CommandError("runserver takes at most one [addr:]port argument");
    const settings = context.settings ?? {};
    if (
      settings.DEBUG !== true &&
      (settings.ALLOWED_HOSTS as unknown[] | undefined)?.length === 0
    ) {
      throw new CommandError("You must set settings.ALLOWED_HOSTS if DEBUG is False.");
    }
    const defaults = {
      host: env.TSGI_HOST || env.HOST || "127.0.0.1",
      port: Number(env.TSGI_PORT || env.PORT || 8000),
    };
    if (!Number.isInteger(defaults.port) || defaults.port < 0 || defaults.port > 65535) {
      throw new CommandError(`PORT "${env.TSGI_PORT || env.PORT}" is not a port number`);
    }
    const { host, port } = parseAddrPort(positionals[0], defaults);
    const serverName =
      typeof values.server === "string" ? values.server : env.TSGI_SERVER || "node";

    const isWorker = cluster.isWorker;
    const supervise = values.noreload !== true && env[RUN_MAIN_ENV] !== "true" && !isWorker;
    if (supervise) {
      const script = process.argv[1];
      if (script === undefined)
        throw new CommandError("cannot autoreload: no script to re-run (use --noreload)");
      return runWithReloader({
        args: [...process.execArgv, script, ...context.argv],
        directories: [context.projectDir],
        env,
        cwd: context.cwd,
        stdout: context.stdout,
        stderr: context.stderr,
        signals: context.signals,
      });
    }
    return serveProject(context, {
      host,
      port,
      serverName,
      skipChecks: values["skip-checks"] === true,
      isWorker,
    });
  },
});

async function serveProject(
  context: CommandContext,
  options: {
    host: string;
    port: number;
    serverName: string;
    skipChecks: boolean;
    isWorker: boolean;
  },
): Promise<number> {
  const { stdout, stderr } = context;
  const settings = context.settings ?? {};
  if (!options.isWorker) {
    if (!options.skipChecks) {
      stdout.write("Performing system checks...\n\n");
      await checkOrFail(settings, stdout, projectChecks);
    }
    const warning = await unappliedMigrationsWarning(settings, context.progName);
    if (warning !== undefined) stdout.write(`\n${warning}\n`);
  }
  const app = await buildApplication(settings);
  let handle: ServerHandle;
  try {
    handle = await serve(app, {
      server: options.serverName,
      host: options.host,
      port: options.port,
      accessLog: (line) => stderr.write(`${line}\n`),
      accessLogFormat: '%(t)s "%(r)s" %(s)s %(b)s',
      dev: settings.DEBUG === true,
      gracefulTimeout: GRACEFUL_TIMEOUT_MS,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === "EADDRINUSE" ? "That port is already in use." : (error as Error).message;
    throw new CommandError(`Error: ${reason}`);
  }
  if (isClusterHandle(handle) && handle.role === "worker") {
    return waitForWorkerEnd(handle, process, GRACEFUL_TIMEOUT_MS, (line) =>
      stderr.write(`${line}\n`),
    );
  }
  const url = handle.address.url.endsWith("/") ? handle.address.url : `${handle.address.url}/`;
  stdout.write(
    [
      new Date().toLocaleString("en-US", { dateStyle: "long", timeStyle: "medium" }),
      `@tsgi/django version ${VERSION}, using settings '${settingsName(context)}'`,
      `Starting development server at ${url} with the ${handle.name} server`,
      "Quit the server with CONTROL-C.",
      "",
    ].join("\n"),
  );
  const underReloader = context.env[RUN_MAIN_ENV] === "true" && process.send !== undefined;
  return waitForShutdown(handle, {
    signals: context.signals,
    out: (line) => stdout.write(`${line}\n`),
    err: (line) => stderr.write(`${line}\n`),
    gracefulTimeout: GRACEFUL_TIMEOUT_MS,
    parent: underReloader ? process : undefined,
  });
}

function settingsName(context: CommandContext): string {
  if (context.settingsModule === undefined) return "(settings object)";
  return relative(context.cwd, context.settingsModule) || context.settingsModule;
}
