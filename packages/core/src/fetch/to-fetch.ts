import { BadRequestError, buildEnviron } from "../environ.ts";
import { fileWrapper } from "../file-wrapper.ts";
import { stderrErrorStream } from "../errors-stream.ts";
import { startApp, type StartedResponse } from "../helpers/_run-app.ts";
import { getHeader, isHopByHop } from "../helpers/headers.ts";
import { createInputStream } from "../input.ts";
import type { App, Environ, ErrorStream } from "../types.ts";
import { StreamBody } from "./_streams.ts";

/** Options for {@link toFetch}. */
export interface ToFetchOptions {
  /** `tsgi.server` (default `"fetch"`). */
  server?: string;
  /** `tsgi.errors`, where app errors are logged too (default: the process's stderr). */
  errors?: ErrorStream;
  /**
   * Keys merged into each environ, or a function of the Request that returns them: the place
   * for `REMOTE_ADDR` when the host runtime knows the client address.
   */
  extraEnviron?:
    Readonly<Record<string, unknown>> | ((request: Request) => Readonly<Record<string, unknown>>);
}

/**
 * Serves a TSGI app as a fetch handler `(Request) => Promise<Response>`, so it runs wherever
 * fetch handlers do. The environ comes from `buildEnviron` (input from `request.body`,
 * `tsgi.signal` = `request.signal`). The returned promise resolves once the app committed
 * its headers (first non-empty chunk, end of body or `write()`); the Response body then pulls
 * one chunk from the app per read, so a slow reader slows the app down. Cancelling the body
 * closes the app's body exactly once; an error mid-stream errors the stream; an error before
 * the headers becomes a logged `500`. HEAD, 204, 205 and 304 get a null body.
 *
 * @example
 * const handler = toFetch(app);
 * const response = await handler(new Request("http://localhost/hello"));
 * await response.text(); // whatever app wrote
 */
export function toFetch(
  app: App,
  options: ToFetchOptions = {},
): (request: Request) => Promise<Response> {
  const errors = options.errors ?? stderrErrorStream;
  return async (request) => {
    let environ: Environ;
    try {
      environ = requestEnviron(request, errors, options);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      return textResponse(400, "Bad Request\n");
    }
    let started: StartedResponse;
    try {
      started = await startApp(app, environ);
    } catch (error) {
      log(errors, "error before the response started", error);
      return textResponse(500, "Internal Server Error\n");
    }
    try {
      return buildResponse(started, environ.REQUEST_METHOD, errors);
    } catch (error) {
      // A status fetch cannot express (1xx) or a header value Headers refuses.
      log(errors, "the response cannot be expressed as a fetch Response", error);
      await started
        .close()
        .catch((closeError: unknown) => log(errors, "closing the body", closeError));
      return textResponse(500, "Internal Server Error\n");
    }
  };
}

function requestEnviron(request: Request, errors: ErrorStream, options: ToFetchOptions): Environ {
  const url = new URL(request.url);
  const scheme = url.protocol === "https:" ? "https" : "http";
  const headers: [string, string][] = [...request.headers];
  // A Request built in code often has no Host header; a server always has one.
  if (!request.headers.has("host")) headers.unshift(["host", url.host]);
  const declared = request.headers.get("content-length");
  const contentLength = declared !== null && /^\d+$/.test(declared) ? Number(declared) : undefined;
  const environ = buildEnviron({
    method: request.method,
    // href keeps a bare "?" that pathname + search would lose; Requests never carry userinfo.
    target: url.href.slice(url.origin.length).split("#")[0]!,
    headers,
    protocol: "HTTP/1.1",
    serverName: url.hostname,
    serverPort: url.port !== "" ? url.port : scheme === "https" ? 443 : 80,
    scheme,
    input: createInputStream(request.body === null ? [] : new StreamBody(request.body), {
      contentLength,
    }),
    errors,
    server: options.server ?? "fetch",
  });
  environ["tsgi.signal"] = request.signal;
  environ["tsgi.file_wrapper"] = fileWrapper;
  const extra = options.extraEnviron;
  return Object.assign(environ, typeof extra === "function" ? extra(request) : extra);
}

function buildResponse(started: StartedResponse, method: string, errors: ErrorStream): Response {
  const headers = new Headers();
  for (const [name, value] of started.headers) {
    // Servers drop hop-by-hop headers; append keeps every Set-Cookie apart.
    if (!isHopByHop(name)) headers.append(name, value);
  }
  const init = { status: started.code, statusText: started.reason, headers };
  const { code } = started;
  const noContent = code === 204 || code === 205 || code === 304;
  // An Array body has a known length, as PEP 3333 lets servers use; say so, so the host can
  // send Content-Length (HTTP/1.0 keep-alive needs it) instead of chunking. HEAD gets what GET
  // would, but never a guessed 0 (an app may answer HEAD with an empty body).
  const known = started.knownLength;
  if (
    !noContent &&
    known !== undefined &&
    getHeader(started.headers, "content-length") === undefined &&
    (method !== "HEAD" || known > 0)
  ) {
    headers.set("content-length", String(known));
  }
  if (method === "HEAD" || noContent) {
    // No body is sent, but the app's body is still closed, as on any server.
    void started.close().catch((error: unknown) => log(errors, "closing the body", error));
    return new Response(null, init);
  }
  const declared = getHeader(started.headers, "content-length");
  const limit = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
  return new Response(bodyStream(started, limit, errors), init);
}

/**
 * The app's body as a pull-driven stream: one `next()` per read, nothing read ahead.
 * Content-Length is enforced as servers do: never more bytes than declared, and a short body
 * errors the stream so the consumer sees an incomplete response.
 */
function bodyStream(
  started: StartedResponse,
  limit: number | undefined,
  errors: ErrorStream,
): ReadableStream<Uint8Array> {
  let sent = 0;
  let cancelled = false;
  const close = () =>
    started.close().catch((error: unknown) => log(errors, "closing the body", error));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const chunk = await started.next();
            if (cancelled) return;
            if (chunk === undefined) {
              await close();
              if (limit !== undefined && sent < limit) {
                const message = `the body ended after ${sent} of its ${limit} Content-Length bytes`;
                errors.write(message + "\n");
                controller.error(new Error(message));
              } else {
                controller.close();
              }
              return;
            }
            if (chunk.byteLength === 0) continue;
            if (limit !== undefined && sent + chunk.byteLength > limit) {
              errors.write(`the body is longer than its Content-Length ${limit}; truncated\n`);
              if (limit > sent) controller.enqueue(chunk.subarray(0, limit - sent));
              sent = limit;
              await close();
              controller.close();
              return;
            }
            sent += chunk.byteLength;
            controller.enqueue(chunk);
            return;
          }
        } catch (error) {
          log(errors, "error after the response started", error);
          await close();
          if (!cancelled) controller.error(error);
        }
      },
      async cancel() {
        cancelled = true;
        await close();
      },
    },
    { highWaterMark: 0 },
  );
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function log(errors: ErrorStream, what: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  errors.write(`toFetch: ${what}: ${detail}\n`);
}
