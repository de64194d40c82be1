import { getHeader, quotePath } from "@tsgi/core";
import type { App, Environ, HeaderList } from "@tsgi/core";
import { compileAccessLogFormat, DEFAULT_ACCESS_LOG_FORMAT } from "@tsgi/server";
import type { AccessLogFormatter } from "@tsgi/server";
import { MiddlewareOptionError } from "../errors.ts";
import { requestHeaderRecord } from "../_internal/environ.ts";
import {
  booleanOption,
  checkApp,
  checkOptionsObject,
  functionOption,
  stringOption,
} from "../_internal/options.ts";
import { statusCode } from "../_internal/respond.ts";
import { REQUEST_ID_KEY, requestId } from "../request-id/index.ts";
import { observeBody } from "./_log-body.ts";

/**
 * The logger's default format: gunicorn's combined format, the time taken in milliseconds and
 * the request id.
 */
export const DEFAULT_LOGGER_FORMAT = `${DEFAULT_ACCESS_LOG_FORMAT} %(M)sms %({${REQUEST_ID_KEY}}e)s`;

/** Options of {@link logger}. */
export interface LoggerOptions {
  /**
   * A gunicorn `access_log_format` (atoms `%(h)s`, `%(r)s`, `%(s)s`, `%(M)s`, `%({name}i)s`,
   * `%({KEY}e)s`, …; see `compileAccessLogFormat` in `@tsgi/server`). Default
   * {@link DEFAULT_LOGGER_FORMAT}.
   */
  format?: string;
  /** Where lines go (default: stdout, one line each). */
  sink?: (line: string, environ: Environ) => void;
  /** Give each request an id with `requestId` (default true), logged by the default format. */
  requestId?: boolean;
  /** Leave a request out of the log, e.g. health checks. */
  skip?: (environ: Environ, status: number | undefined) => boolean;
}

const NAME = "logger";

/**
 * An access log: one line per request, written when the server closes the response body (so
 * the time covers streaming, and a client that went away mid-body is logged too), in
 * gunicorn's format language through `compileAccessLogFormat` of `@tsgi/server`. Counts the
 * body bytes without breaking the server's fast paths: an Array body stays an Array and a
 * `tsgi.file_wrapper` body stays a file body. An app that throws before answering is logged
 * with status 500 and the error passed on.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for a bad format, sink or skip.
 *
 * @example
 * import { logger } from "@tsgi/middleware/logger";
 * const app = logger(myApp, { format: '%(h)s "%(r)s" %(s)s %(b)s %(M)sms' });
 * // 127.0.0.1 "GET /posts?page=2 HTTP/1.1" 200 5120 3ms
 */
export function logger(app: App, options: LoggerOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const format = stringOption(NAME, "format", options.format, DEFAULT_LOGGER_FORMAT);
  let formatter: AccessLogFormatter;
  try {
    formatter = compileAccessLogFormat(format);
  } catch (error) {
    throw new MiddlewareOptionError(NAME, "format", `is not a valid format: ${String(error)}`);
  }
  const sink = functionOption<(line: string, environ: Environ) => void>(
    NAME,
    "sink",
    options.sink,
    (line) => void process.stdout.write(line + "\n"),
  );
  const skip = functionOption<LoggerOptions["skip"]>(NAME, "skip", options.skip, undefined);
  const inner = booleanOption(NAME, "requestId", options.requestId, true) ? requestId(app) : app;

  return async (environ, startResponse) => {
    const started = Date.now();
    const startedPrecise = performance.now();
    let status: number | undefined;
    let headers: HeaderList = [];
    const log = (bytes: number) => {
      if (skip?.(environ, status) === true) return;
      const flat: string[] = [];
      for (const [name, value] of headers) flat.push(name, value);
      const line = formatter({
        remoteAddr: environ.REMOTE_ADDR,
        time: started,
        method: environ.REQUEST_METHOD,
        target: targetOf(environ),
        protocol: environ.SERVER_PROTOCOL,
        status,
        bytes,
        requestHeaders: requestHeaderRecord(environ),
        responseHeaders: flat,
        environ,
        durationMs: performance.now() - startedPrecise,
      });
      try {
        sink(line, environ);
      } catch (error) {
        environ["tsgi.errors"].write(`logger: the sink failed: ${String(error)}\n`);
      }
    };

    let body;
    try {
      body = await inner(environ, (statusLine, responseHeaders, excInfo) => {
        const write = startResponse(statusLine, responseHeaders, excInfo);
        status = statusCode(statusLine);
        headers = responseHeaders;
        return write;
      });
    } catch (error) {
      status ??= 500;
      log(0);
      throw error;
    }
    // Read at close time: an app may call startResponse lazily, from its body's first pull.
    const declared = () => {
      const value = getHeader(headers, "content-length");
      return value === undefined ? undefined : Number(value);
    };
    return observeBody(body, declared, (bytes) => {
      const bodiless = environ.REQUEST_METHOD === "HEAD" || status === 204 || status === 304;
      log(bodiless ? 0 : bytes);
    });
  };
}

function targetOf(environ: Environ): string {
  const raw = environ["tsgi.request_target"];
  if (typeof raw === "string") return raw;
  const path = quotePath(environ.SCRIPT_NAME + environ.PATH_INFO) || "/";
  return environ.QUERY_STRING === "" ? path : `${path}?${environ.QUERY_STRING}`;
}
