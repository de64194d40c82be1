import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The express server's last error handler: what the node server answers for an app error
 * before headers (a plain 500 that does not leak the error; a 400 for a request the TSGI
 * layer refused, such as a path that is not UTF-8), with the stack in the error log.
 * Express' own finalhandler would print the stack into the page outside production.
 */
export function tsgiErrorHandler(errorLog: (text: string) => void) {
  return (error: unknown, req: IncomingMessage, res: ServerResponse, _next: unknown): void => {
    const status = clientStatus(error);
    if (status === 500) {
      const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errorLog(
        `[${new Date().toISOString()}] [ERROR] error handling ${req.method} ${req.url}\n${stack}\n`,
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const text =
      status === 500 ? "Internal Server Error\n" : `Bad Request: ${(error as Error).message}\n`;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.statusCode = status;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.setHeader("Content-Length", Buffer.byteLength(text));
    res.end(text);
  };
}

function clientStatus(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}
