import { performance } from "node:perf_hooks";
import type { AccessLogEntry } from "../access-log.ts";
import type { Exchange } from "./exchange.ts";
import { logAccess, protocolOf } from "./exchange-helpers.ts";
import { runPostRequest } from "./hooks.ts";

/**
 * What happens once a response closed (finished or aborted): the request stops counting
 * against `maxConcurrentRequests`, the access-log line is written, and the postRequest hook
 * runs (for requests that got as far as the app stage: an environ, and preRequest if any;
 * requests the server refused get no hooks). Neither can throw.
 */
export function reportExchange(exchange: Exchange): void {
  const context = exchange.context;
  if (exchange.counted) {
    exchange.counted = false;
    context.active--;
  }
  const accessLog = context.accessLog;
  const runHook = exchange.environ !== undefined && context.postRequest !== undefined;
  if (accessLog === undefined && !runHook) return;
  const durationMs = performance.now() - exchange.startedAt;
  const status = exchange.headersSent ? exchange.res.statusCode : undefined;
  if (accessLog !== undefined) {
    logAccess(exchange, accessLog, context.formatAccess(accessEntry(exchange, status, durationMs)));
  }
  if (runHook) {
    runPostRequest(context, exchange.environ!, {
      status,
      bytesSent: exchange.bytesSent,
      durationMs,
      aborted: exchange.aborted,
    });
  }
}

function accessEntry(
  exchange: Exchange,
  status: number | undefined,
  durationMs: number,
): AccessLogEntry {
  const req = exchange.req;
  const environ = exchange.environ;
  const remote = environ?.REMOTE_ADDR;
  return {
    remoteAddr: typeof remote === "string" ? remote : req.socket.remoteAddress,
    time: performance.timeOrigin + exchange.startedAt,
    method: req.method ?? "-",
    target: req.url ?? "-",
    protocol: protocolOf(req),
    status,
    bytes: exchange.bytesSent,
    durationMs,
    requestHeaders: req.headers,
    responseHeaders: exchange.responseHeaders,
    environ,
  };
}
