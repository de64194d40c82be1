import { createErrorStream } from "@tsgi/core";
import type { App, ErrorStream } from "@tsgi/core";
import { accessLogSink } from "../access-log.ts";
import type { ServeOptions } from "../types.ts";

/** Options of {@link createRequestListener}: what a host tells the request handling. */
export interface RequestListenerOptions {
  /** `tsgi.server` (default "node"); servers built on this listener pass their own name. */
  name?: string;
  /** Access log: `true` → stdout, a function → each line, `false` (default) → none. */
  accessLog?: ServeOptions["accessLog"];
  /** Error log for server errors and `tsgi.errors` (default: stderr). */
  errorLog?: ServeOptions["errorLog"];
  /** SERVER_NAME; default: the local address of each connection. */
  serverName?: string;
  /** SERVER_PORT; default: the local port of each connection. */
  serverPort?: number;
  /** `tsgi.multiprocess` (the cluster server's workers set it). */
  multiprocess?: boolean;
}

/**
 * Everything that is the same for every request of one server, built once at listen time so
 * the per-request path allocates nothing for it.
 */
export interface ServerContext {
  readonly app: App;
  readonly name: string;
  readonly serverName: string | undefined;
  readonly serverPort: number | undefined;
  readonly multiprocess: boolean;
  /** `tsgi.errors`, shared by every request: it writes to the error log. */
  readonly errors: ErrorStream;
  readonly errorLog: (text: string) => void;
  readonly accessLog: ((line: string) => void) | undefined;
  /** Graceful shutdown started: responses not yet started go out with Connection: close. */
  closing: boolean;
  /** Called after each response while closing, so freshly idle connections can be closed. */
  onResponseDone: (() => void) | undefined;
}

const writeStderr = (text: string): void => void process.stderr.write(text);

/** Builds the per-server context from listener options. */
export function createServerContext(app: App, options: RequestListenerOptions = {}): ServerContext {
  const errorLog = options.errorLog ?? writeStderr;
  return {
    app,
    name: options.name ?? "node",
    serverName: options.serverName,
    serverPort: options.serverPort,
    multiprocess: options.multiprocess ?? false,
    errors: createErrorStream(errorLog),
    errorLog,
    accessLog: accessLogSink(options.accessLog),
    closing: false,
    onResponseDone: undefined,
  };
}

/** Writes one server message to the error log, gunicorn-style: `[time] [LEVEL] message`. */
export function logLine(context: ServerContext, level: "ERROR" | "WARNING", message: string): void {
  context.errorLog(`[${new Date().toISOString()}] [${level}] ${message}\n`);
}
