import type { IncomingMessage, ServerResponse } from "node:http";
import { createErrorStream } from "@tsgi/core";
import type { App, Body } from "@tsgi/core";
import { checkBody, checkChunk } from "./_checks.ts";
import { expressEnviron } from "./_environ.ts";
import type { ExpressRequest } from "./_environ.ts";
import { abortAfterFlush, ClientGoneError, ResponseWriter } from "./_writer.ts";

/** Express' middleware signature `(req, res, next)`. */
export type ExpressMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** Options of {@link toExpress}. */
export interface ToExpressOptions {
  /** `tsgi.server` (default "express"). */
  serverName?: string;
  /** Where `tsgi.errors` and adapter errors (after headers, closing) go (default: stderr). */
  errorLog?: (text: string) => void;
}

const writeStderr = (text: string): void => void process.stderr.write(text);

/**
 * Serves a TSGI app as Express middleware, mountable at a path:
 * `expressApp.use("/prefix", toExpress(app))` gives the app SCRIPT_NAME "/prefix" (Express'
 * `req.baseUrl`) and PATH_INFO the rest; `tsgi.request_target` is the raw target. The request
 * body streams from `req` (a body parser that already ran leaves `tsgi.input` empty and its
 * result in `tsgi.express.body`), the response is written with backpressure, and the body is
 * closed exactly once. An error before headers goes to `next(error)`, so Express' error
 * handlers answer it; after headers the connection is destroyed. `tsgi.signal` fires when
 * the response closes before it was ended (the client went away).
 *
 * @example
 * import express from "express";
 * import { toExpress } from "@tsgi/express";
 *
 * const hello = (environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode(`${environ.SCRIPT_NAME} ${environ.PATH_INFO}\n`)];
 * };
 * express().use("/hello", toExpress(hello)).listen(3000);
 */
export function toExpress(app: App, options: ToExpressOptions = {}): ExpressMiddleware {
  const errorLog = options.errorLog ?? writeStderr;
  const errors = createErrorStream(errorLog);
  const serverName = options.serverName ?? "express";
  const log = (message: string, error: unknown): void =>
    errorLog(`[${new Date().toISOString()}] [ERROR] ${message}\n${stackOf(error)}\n`);
  return (req, res, next) => {
    void serveTsgi(app, req as ExpressRequest, res, next, { errors, serverName, log });
  };
}

interface Context {
  errors: ReturnType<typeof createErrorStream>;
  serverName: string;
  log(message: string, error: unknown): void;
}

async function serveTsgi(
  app: App,
  req: ExpressRequest,
  res: ServerResponse,
  next: (error?: unknown) => void,
  context: Context,
): Promise<void> {
  // The signal is created only when the app asks for it (DECISIONS §10); 'close' without
  // writableEnded is the one reliable sign that the client went away (never req's 'end').
  let gone = false;
  let controller: AbortController | undefined;
  res.once("close", () => {
    if (res.writableEnded) return;
    gone = true;
    controller?.abort();
  });
  const signal = (): AbortSignal => {
    if (controller === undefined) {
      controller = new AbortController();
      if (gone) controller.abort();
    }
    return controller.signal;
  };
  const writer = new ResponseWriter(req, res, () => gone);
  let body: Body | undefined;
  let iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined;
  let finished = false;
  try {
    const environ = expressEnviron(req, res, { ...context, signal });
    const result = app(environ, writer.startResponse);
    body = isPromiseLike(result) ? await result : result;
    checkBody(body);
    const knownLength = arrayLength(body);
    iterator =
      Symbol.asyncIterator in body ? body[Symbol.asyncIterator]() : body[Symbol.iterator]();
    for (;;) {
      if (gone) throw new ClientGoneError("client disconnected");
      if (writer.committed && writer.noBody) break; // HEAD, 1xx, 204, 304: no body bytes
      const step = await iterator.next();
      if (step.done === true) {
        finished = true;
        break;
      }
      checkChunk(step.value);
      if (step.value.byteLength === 0) continue;
      writer.commit(writer.usedWrite ? undefined : knownLength);
      await writer.send(step.value);
      if (writer.excess) break;
    }
    writer.commit(writer.usedWrite ? undefined : knownLength);
    if (writer.missing > 0) {
      context.log(`response ended ${writer.missing} bytes short of its Content-Length`, "");
      abortAfterFlush(res);
    } else {
      if (writer.excess) context.log("response body longer than its Content-Length: truncated", "");
      await writer.end();
    }
  } catch (error) {
    if (gone || error instanceof ClientGoneError) {
      // Nothing to answer: the body is closed below.
    } else if (!writer.committed && !res.headersSent) {
      await closeBody(body, iterator, finished, context);
      body = undefined;
      next(error);
    } else {
      context.log("error after the response started; connection aborted", error);
      abortAfterFlush(res);
    }
  } finally {
    await closeBody(body, iterator, finished, context);
  }
}

// DECISIONS §5: return() on an iterator that started and did not finish (or on a body that
// is its own iterator and never started), then the body's own close(); exactly once.
async function closeBody(
  body: Body | undefined,
  iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined,
  finished: boolean,
  context: Context,
): Promise<void> {
  if (body === undefined) return;
  const closable = body as Partial<{ close: () => unknown; return: () => unknown }>;
  try {
    if (iterator !== undefined && !finished) await iterator.return?.();
    else if (iterator === undefined && typeof closable.return === "function")
      await closable.return();
  } catch (error) {
    context.log("error closing the response body", error);
  }
  try {
    if (typeof closable.close === "function") await closable.close();
  } catch (error) {
    context.log("error closing the response body", error);
  }
}

function arrayLength(body: Body): number | undefined {
  if (!Array.isArray(body)) return undefined;
  let total = 0;
  for (const chunk of body as unknown[]) {
    if (!(chunk instanceof Uint8Array)) return undefined;
    total += chunk.byteLength;
  }
  return total;
}

function isPromiseLike(value: unknown): value is PromiseLike<Body> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function stackOf(error: unknown): string {
  if (error === "") return "";
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
