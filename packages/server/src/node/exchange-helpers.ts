import type { IncomingMessage } from "node:http";
import { formatAccessLogLine } from "../access-log.ts";

// Small helpers of the request/response state machine (exchange.ts), kept apart so that file
// reads as the state machine only.

const noop = (): void => {};

/** "HTTP/1.1" or "HTTP/1.0" without building a new string per request. */
export function protocolOf(req: IncomingMessage): string {
  if (req.httpVersionMajor === 1) return req.httpVersionMinor === 0 ? "HTTP/1.0" : "HTTP/1.1";
  return `HTTP/${req.httpVersion}`;
}

/** Status for a broken request the app let through: 408 timeout, 413/431 limits, else 400. */
export function clientErrorStatus(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return 408;
    case "HPE_HEADER_OVERFLOW":
      return 431;
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return 413;
    default:
      return 400;
  }
}

// The app read part of the body and answered: read the rest off the wire so the next
// request on this keep-alive connection can be parsed (node only does this for bodies
// nobody started reading; hono's `autoCleanupIncoming` pitfall).
export function discardRequestBody(req: IncomingMessage): void {
  const discard = (): void => {
    while (req.read() !== null);
  };
  req.on("readable", discard);
  discard();
}

export function rejected(error: unknown): Promise<never> {
  const promise = Promise.reject(error);
  // An app may call write() without awaiting it, as PEP 3333's write allowed; a rejection
  // it never looks at must not crash the process as an unhandled rejection.
  promise.catch(noop);
  return promise;
}

export function hasCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}

export function stackOf(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `non-Error thrown: ${typeOf(error)}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return (value as object).constructor?.name ?? "object";
}

/** Hands one line to the access log; a failing sink is logged, never thrown. */
export function logAccess(
  exchange: { log(level: "ERROR", message: string): void },
  sink: (line: string) => void,
  line: string,
): void {
  try {
    sink(line);
  } catch (error) {
    exchange.log("ERROR", `access log failed\n${stackOf(error)}`);
  }
}

/** The access-log line of one request; `status` is undefined when none was sent. */
export function accessLogLine(
  req: IncomingMessage,
  startedAt: number,
  status: number | undefined,
  bytes: number,
): string {
  const headers = req.headers;
  return formatAccessLogLine({
    remoteAddr: req.socket.remoteAddress,
    time: startedAt,
    method: req.method ?? "-",
    target: req.url ?? "-",
    protocol: protocolOf(req),
    status,
    bytes,
    authorization: headers.authorization,
    referer: headers.referer,
    userAgent: headers["user-agent"],
  });
}
