import { createErrorStream } from "@tsgi/core";
import type { App, Environ, ErrorStream } from "@tsgi/core";
import { accessLogSink, compileAccessLogFormat } from "../access-log.ts";
import type { AccessLogFormatter } from "../access-log.ts";
import { createProxyResolver, DEFAULT_FORWARDED_ALLOW_IPS } from "../proxy/index.ts";
import type { ProxyResolver } from "../proxy/index.ts";
import type { ServeOptions, ServerHooks } from "../types.ts";
import { requestLimits } from "./limits.ts";
import type { RequestLimits } from "./limits.ts";

/**
 * Options of {@link createRequestListener} and `attachApp`: what a host tells the request
 * handling. The limits, proxy, dev-mode, access-log and hook options mean what they mean in
 * `ServeOptions`; node's own limits (header bytes, timeouts) need `attachApp`, which can
 * configure the server itself.
 */
export interface RequestListenerOptions extends Pick<
  ServeOptions,
  | "accessLog"
  | "accessLogFormat"
  | "errorLog"
  | "maxRequestLineSize"
  | "maxHeaderFieldSize"
  | "maxHeaderCount"
  | "maxBodySize"
  | "maxConcurrentRequests"
  | "forwardedAllowIps"
  | "dev"
  | "hooks"
> {
  /** `tsgi.server` (default "node"); servers built on this listener pass their own name. */
  name?: string;
  /** SERVER_NAME; default: the local address of each connection ("localhost" on a unix socket). */
  serverName?: string;
  /** SERVER_PORT; default: the local port of each connection ("80" on a unix socket). */
  serverPort?: number;
  /** `tsgi.multiprocess` (the cluster server's workers set it). */
  multiprocess?: boolean;
}

type PreRequest = (environ: Environ) => void | Promise<void>;
type PostRequest = NonNullable<ServerHooks["postRequest"]>;

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
  /** The access-log format, compiled once. */
  readonly formatAccess: AccessLogFormatter;
  readonly limits: RequestLimits;
  /** Applies trusted forwarding headers (and sets `tsgi.peer_addr`). */
  readonly resolveProxy: ProxyResolver;
  readonly dev: boolean;
  readonly hooks: ServerHooks | undefined;
  readonly preRequest: PreRequest | undefined;
  readonly postRequest: PostRequest | undefined;
  /** Requests need their start time (access log or postRequest hook). */
  readonly timed: boolean;
  /** Requests handed to the app whose responses have not closed yet. */
  active: number;
  /** Graceful shutdown started: responses not yet started go out with Connection: close. */
  closing: boolean;
  /** Called after each response while closing, so freshly idle connections can be closed. */
  onResponseDone: (() => void) | undefined;
}

const writeStderr = (text: string): void => void process.stderr.write(text);

/**
 * Builds the per-server context from listener options.
 *
 * @throws Error with code `TSGI_E_INVALID_OPTION` or `TSGI_E_INVALID_FORWARDED_ALLOW_IPS` for
 * a limit or `forwardedAllowIps` entry that cannot be used: a bad setting fails at start.
 */
export function createServerContext(app: App, options: RequestListenerOptions = {}): ServerContext {
  const errorLog = options.errorLog ?? writeStderr;
  const accessLog = accessLogSink(options.accessLog);
  const hooks = options.hooks;
  const postRequest = hooks?.postRequest;
  return {
    app,
    name: options.name ?? "node",
    serverName: options.serverName,
    serverPort: options.serverPort,
    multiprocess: options.multiprocess ?? false,
    errors: createErrorStream(errorLog),
    errorLog,
    accessLog,
    formatAccess: compileAccessLogFormat(options.accessLogFormat),
    limits: requestLimits(options),
    resolveProxy: createProxyResolver(options.forwardedAllowIps ?? DEFAULT_FORWARDED_ALLOW_IPS),
    dev: options.dev ?? false,
    hooks,
    preRequest: hooks?.preRequest,
    postRequest,
    timed: accessLog !== undefined || postRequest !== undefined,
    active: 0,
    closing: false,
    onResponseDone: undefined,
  };
}

/** Writes one server message to the error log, gunicorn-style: `[time] [LEVEL] message`. */
export function logLine(context: ServerContext, level: "ERROR" | "WARNING", message: string): void {
  context.errorLog(`[${new Date().toISOString()}] [${level}] ${message}\n`);
}
