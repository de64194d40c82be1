import type { IncomingMessage, ServerResponse } from "node:http";
import { accessLogSink, compileAccessLogFormat } from "@tsgi/server";
import type { ServeOptions } from "@tsgi/server";
import type { ExpressMiddleware } from "../to-express/index.ts";

/**
 * Express middleware writing one gunicorn-format line per response (the node server's
 * formatter, so `accessLogFormat` means the same on every server), or `undefined` when the
 * access log is off. Body bytes are counted at `res.write`/`res.end`.
 */
export function accessLogMiddleware(options: ServeOptions): ExpressMiddleware | undefined {
  const sink = accessLogSink(options.accessLog);
  if (sink === undefined) return undefined;
  const format = compileAccessLogFormat(options.accessLogFormat);
  return (req, res, next) => {
    const started = Date.now();
    const target = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "";
    let bytes = 0;
    countBytes(res, (count) => (bytes += count));
    res.once("close", () => {
      sink(
        format({
          remoteAddr: req.socket.remoteAddress,
          time: started,
          method: req.method ?? "GET",
          target,
          protocol: `HTTP/${req.httpVersion}`,
          status: res.headersSent ? res.statusCode : undefined,
          bytes,
          durationMs: Date.now() - started,
          requestHeaders: req.headers as Record<string, string | string[] | undefined>,
          responseHeaders: flatHeaders(res),
        }),
      );
    });
    next();
  };
}

function countBytes(res: ServerResponse, add: (count: number) => void): void {
  const write = res.write;
  const end = res.end;
  const size = (chunk: unknown): number =>
    typeof chunk === "string"
      ? Buffer.byteLength(chunk)
      : chunk instanceof Uint8Array
        ? chunk.byteLength
        : 0;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    add(size(chunk));
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse["write"];
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== "function") add(size(chunk));
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse["end"];
}

function flatHeaders(res: ServerResponse): string[] {
  const flat: string[] = [];
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (Array.isArray(value)) for (const item of value) flat.push(name, String(item));
    else if (value !== undefined) flat.push(name, String(value));
  }
  return flat;
}
