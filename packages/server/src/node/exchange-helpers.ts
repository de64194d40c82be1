import type { IncomingMessage } from "node:http";

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
    case "TSGI_E_BODY_TOO_LARGE":
      return 413;
    default:
      return 400;
  }
}

/**
 * The app answered without reading the whole body: read the rest off the wire so the next
 * request on this keep-alive connection can be parsed (node does this only for bodies nobody
 * started reading; hono's `autoCleanupIncoming` pitfall). At most `budget` more bytes: past
 * that the connection is destroyed, so an endless chunked body cannot keep the server reading.
 */
export function discardRequestBody(req: IncomingMessage, budget = Infinity): void {
  let left = budget;
  const discard = (): void => {
    let chunk: Buffer | null;
    while ((chunk = req.read() as Buffer | null) !== null) {
      left -= chunk.byteLength;
      if (left < 0) {
        req.off("readable", discard);
        req.socket.destroy();
        return;
      }
    }
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
