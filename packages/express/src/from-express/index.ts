import type { App, Body, Environ, StartResponse } from "@tsgi/core";
import { isExpressApp, NotAnExpressAppError } from "../detect.ts";
import type { ExpressAppLike } from "../detect.ts";
import { BodyChannel, createResponse } from "@tsgi/server/bridge";
import { createRequest } from "./_request.ts";
import { StandInSocket } from "./_socket.ts";

/** Options of {@link fromExpress}. */
export interface FromExpressOptions {
  /**
   * Bytes of response body queued before `res.write()` returns false (default 16 KiB, a
   * socket's). The TSGI server pulls the body as the client reads, so a slow client holds
   * piped streams back exactly as over node:http.
   */
  highWaterMark?: number;
}

const DEFAULT_HIGH_WATER_MARK = 16 * 1024;

/**
 * Runs an Express application (4 or 5) as a TSGI app, on any TSGI server and behind TSGI
 * middleware. Express gets a real `http.IncomingMessage` and `http.ServerResponse` built
 * from the environ: the raw request target, a streamed body, `req.ip` from the peer address,
 * SCRIPT_NAME as its mount (`req.baseUrl`). What it writes becomes the TSGI response with
 * every header in order (each Set-Cookie separate) and a body that streams with backpressure.
 * A client that goes away reaches Express as 'aborted'/'close' on `req` and 'close' on `res`.
 *
 * @throws NotAnExpressAppError (code `TSGI_E_NOT_EXPRESS_APP`) for anything that is not an
 * Express application.
 *
 * @example
 * import express from "express";
 * import { serve } from "@tsgi/server";
 * import { fromExpress } from "@tsgi/express";
 *
 * const app = express();
 * app.get("/", (req, res) => res.send(`Hello from ${req.baseUrl || "/"}`));
 * await serve(fromExpress(app), { port: 8000 });
 */
export function fromExpress(app: ExpressAppLike, options: FromExpressOptions = {}): App {
  if (!isExpressApp(app)) throw new NotAnExpressAppError(app);
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  return (environ, startResponse) => runExpress(app, environ, startResponse, highWaterMark);
}

function runExpress(
  app: ExpressAppLike,
  environ: Environ,
  startResponse: StartResponse,
  highWaterMark: number,
): Promise<Body> {
  return new Promise<Body>((resolve, reject) => {
    const socket = new StandInSocket(environ);
    const { req, release } = createRequest(environ, socket);
    let committed = false;
    let completed = false;
    let clientGone = false;
    let closeEmitted = false;
    // `tsgi.signal` is read only for a response still pending after this turn of the event
    // loop (see `watchClient`): on the node server, reading it builds an AbortController,
    // which costs more than the rest of a small request.
    let signal: AbortSignal | undefined;
    let watching = false;

    const emitResponseClose = (): void => {
      if (closeEmitted) return;
      closeEmitted = true;
      res.destroyed = true;
      res.emit("close");
    };
    const cleanup = (): void => signal?.removeEventListener("abort", onClientGone);

    // From now on a disconnect must reach Express: the response is not over yet.
    const watchClient = (): void => {
      if (watching || completed) return;
      watching = true;
      signal = environ["tsgi.signal"];
      if (signal === undefined) return;
      if (signal.aborted) onClientGone();
      else signal.addEventListener("abort", onClientGone, { once: true });
    };

    const body = new BodyChannel(highWaterMark, {
      onDrain: () => res.emit("drain"),
      onFinish: () => {
        completed = true;
        cleanup();
        res.emit("prefinish");
        res.emit("finish");
        // As node:http does once a response is done: an unread request body is dumped
        // (here: left to the TSGI server), then both sides emit 'close'.
        process.nextTick(() => {
          release();
          emitResponseClose();
        });
      },
      onCancel: () => onClientGone(),
    });
    const res = createResponse(req, {
      body,
      head(status, headers) {
        startResponse(status, headers);
        committed = true;
        // One microtask later: a response written whole (`res.send`) has ended by then and
        // goes out as an Array; anything else streams, and needs the client watched.
        queueMicrotask(() => {
          const taken = body.body(() => clientGone || signal?.aborted === true);
          if (taken === body) watchClient();
          resolve(taken);
        });
      },
    });

    function onClientGone(): void {
      if (completed || clientGone) return;
      clientGone = true;
      socket.destroy();
    }

    // The socket closes when the client went away (above) or when the app destroyed the
    // response (`res.destroy(error)` closes its socket, as over node:http).
    socket.once("close", () => {
      if (completed) return;
      completed = true;
      cleanup();
      const error = connectionReset(clientGone);
      if (!req.destroyed) req.destroy(error);
      emitResponseClose();
      if (clientGone) {
        if (committed) body.abandon();
        // The code TSGI servers recognise as a consequence of the disconnect, not an app bug.
        else
          reject(
            Object.assign(new Error("client disconnected"), { code: "TSGI_E_CLIENT_DISCONNECTED" }),
          );
        return;
      }
      const cause = (res as { errored?: unknown }).errored ?? error;
      if (committed) body.fail(cause);
      else reject(cause);
    });
    try {
      app(req, res);
    } catch (error) {
      reject(error);
    }
    // Still no head once the microtasks of this turn ran: the app waits on I/O or timers.
    if (!committed) setImmediate(() => committed || watchClient());
  });
}

function connectionReset(clientGone: boolean): Error {
  const message = clientGone ? "aborted" : "response destroyed by the application";
  return Object.assign(new Error(message), { code: "ECONNRESET" });
}
