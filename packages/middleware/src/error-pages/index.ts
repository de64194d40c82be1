import { isFileBody, quotePath, statusLine } from "@tsgi/core";
import type { App, Body, Environ, StartResponse } from "@tsgi/core";
import { renderTracebackPage } from "@tsgi/server";
import { BodyReader, chunksOf, readerBody } from "../_internal/body-reader.ts";
import {
  booleanOption,
  checkApp,
  checkOptionsObject,
  functionOption,
} from "../_internal/options.ts";

/** Options of {@link errorPages}. */
export interface ErrorPagesOptions {
  /**
   * Development mode: answer with the HTML traceback page (error, stack, request). Never in
   * production — it shows source paths and messages to whoever asks. Default false: a plain
   * `500 Internal Server Error`.
   */
  debug?: boolean;
  /** Reports each caught error (default: its stack to `tsgi.errors`). */
  onError?: (error: unknown, environ: Environ) => void;
}

const NAME = "errorPages";
const encoder = new TextEncoder();

/**
 * Turns an app's error into an error page, as long as no byte of the response was sent: an
 * error thrown or rejected by the app, or thrown by its body before the first chunk. In
 * production (default) the client gets a plain `500 Internal Server Error` and the log the
 * stack; with `debug: true`, the HTML traceback page of `@tsgi/server`. An error after the
 * first chunk cannot change the response any more: it passes on (through `startResponse` with
 * `excInfo`, which rethrows it) so the server aborts the connection, and the client sees a
 * broken response rather than a truncated one that looks whole. The inner body is closed on
 * every path. Array and `tsgi.file_wrapper` bodies are passed on untouched (sendfile works).
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for a non-boolean debug or a
 * non-function onError.
 *
 * @example
 * import { errorPages } from "@tsgi/middleware/error-pages";
 * const app = errorPages(myApp, { debug: process.env.NODE_ENV === "development" });
 */
export function errorPages(app: App, options: ErrorPagesOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const debug = booleanOption(NAME, "debug", options.debug, false);
  const onError = functionOption<(error: unknown, environ: Environ) => void>(
    NAME,
    "onError",
    options.onError,
    (error, environ) => environ["tsgi.errors"].write(`${describe(error)}\n`),
  );

  const errorPage = (
    environ: Environ,
    startResponse: StartResponse,
    error: unknown,
    started: boolean,
  ): Body => {
    try {
      onError(error, environ);
    } catch {
      // A broken reporter must not hide the original error's page.
    }
    const bytes = encoder.encode(
      debug
        ? renderTracebackPage({
            error,
            method: environ.REQUEST_METHOD,
            target: targetOf(environ),
            ...(typeof environ["tsgi.server"] === "string"
              ? { server: environ["tsgi.server"] }
              : {}),
          })
        : "Internal Server Error\n",
    );
    const headers: [string, string][] = [
      ["Content-Type", debug ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"],
      ["Content-Length", String(bytes.byteLength)],
      ["Cache-Control", "no-store"],
    ];
    // After the app's own startResponse the replacement needs excInfo; the outer one rethrows
    // it if headers went out already (a write()), which is what must happen then.
    startResponse(statusLine(500), headers, started ? asError(error) : undefined);
    return environ.REQUEST_METHOD === "HEAD" ? [] : [bytes];
  };

  return async (environ, startResponse) => {
    let started = false;
    const tracked: StartResponse = (status, headers, excInfo) => {
      started = true;
      return startResponse(status, headers, excInfo);
    };
    let body: Body;
    try {
      body = await app(environ, tracked);
    } catch (error) {
      return errorPage(environ, startResponse, error, started);
    }
    // An Array cannot fail while it is sent; a file body goes to the server untouched, so it
    // can still use sendfile (the server answers a file that cannot be opened with its own 500).
    if (Array.isArray(body) || isFileBody(body)) return body;

    // Pull the first chunk before the server sees any byte: until then the page can replace it.
    const reader = new BodyReader(body);
    return readerBody(reader, async function* () {
      let first: Uint8Array | undefined;
      try {
        first = await reader.next();
        while (first !== undefined && first.byteLength === 0) first = await reader.next();
      } catch (error) {
        yield* errorPage(environ, startResponse, error, started) as Uint8Array[];
        return;
      }
      if (first === undefined) return;
      yield first;
      yield* chunksOf(reader);
    });
  };
}

function targetOf(environ: Environ): string {
  const raw = environ["tsgi.request_target"];
  if (typeof raw === "string") return raw;
  const path = quotePath(environ.SCRIPT_NAME + environ.PATH_INFO) || "/";
  return environ.QUERY_STRING === "" ? path : `${path}?${environ.QUERY_STRING}`;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `non-Error thrown: ${String(error)}`;
}
