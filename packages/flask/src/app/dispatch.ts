import { isFileBody, type Body, type Environ, type StartResponse } from "@tsgi/core";
import { renderTracebackPage } from "@tsgi/server";
import { bindIterable, runInContext, type RequestContextState } from "../ctx/context.ts";
import { InternalServerError, MethodNotAllowed, NotFound } from "../exceptions/classes.ts";
import { HTTPException } from "../exceptions/http-exception.ts";
import { RequestRedirect } from "../exceptions/request-redirect.ts";
import * as routing from "../routing/index.ts";
import { NullSession } from "../sessions/session.ts";
import { Response } from "../wrappers/response.ts";
import { findErrorHandler } from "./error-handlers.ts";
import type { Flask } from "./flask.ts";
import { resolveReturnValue, toResponse } from "./make-response.ts";
import type { ResponseReturnValue } from "./types.ts";

/*
 * One request through the app, in Flask's order (docs/LIFECYCLE.md numbers the steps):
 * context → session → match → body → beforeRequest → view → errors → makeResponse →
 * afterRequest → save session → teardown → send (teardown after the body for streams).
 */

/**
 * Handles one TSGI request for `app` (what `app.tsgiApp` calls).
 *
 * @example
 * const body = await handleRequest(app, environ, startResponse); // what app.tsgiApp does
 */
export async function handleRequest(
  app: Flask,
  environ: Environ,
  startResponse: StartResponse,
): Promise<Body> {
  const request = app.newRequest(environ);
  const state: RequestContextState = {
    app,
    g: {},
    request,
    session: new NullSession(),
    urlAdapter: undefined,
    flashes: undefined,
    afterThisRequest: [],
  };
  return runInContext(state, async () => {
    let error: unknown;
    let response: Response;
    try {
      try {
        state.urlAdapter = app.createUrlAdapter(request);
        state.session = app.sessionInterface.openSession(app.config, request);
        matchRequest(state);
        response = await fullDispatchRequest(app, state);
      } catch (caught) {
        error = caught;
        response = await handleException(app, state, caught);
      }
    } catch (propagated) {
      await teardown(app, state, propagated);
      throw propagated;
    }
    const stream = response.rawStream;
    if (stream !== undefined && !isFileBody(stream)) {
      // Streamed bodies keep the context while they run (Flask's stream_with_context) and
      // tear it down when the server closes them.
      const length = response.headers.get("Content-Length");
      response.setBody(bindIterable(stream));
      if (length !== undefined) response.headers.set("Content-Length", length);
      response.callOnClose(() => teardown(app, state, error));
    } else {
      await teardown(app, state, error);
    }
    return response.toTsgi(environ, startResponse);
  });
}

/**
 * Step 4: routing. Failures are kept (as HTTP exceptions) and raised by `dispatchRequest`,
 * after the hooks.
 *
 * @example
 * matchRequest(state); // state.request.urlRule / viewArgs, or state.request.routingException
 */
export function matchRequest(state: RequestContextState): void {
  const { request } = state;
  try {
    const match = state.urlAdapter!.match();
    request.urlRule = match.rule;
    request.viewArgs = match.values;
  } catch (error) {
    request.routingException = fromRoutingError(error);
  }
}

/**
 * Routing's errors as HTTP exceptions (404, 405 with Allow, 308).
 *
 * @example
 * fromRoutingError(new routing.MethodNotAllowed(["GET"])); // MethodNotAllowed (405, Allow: GET, OPTIONS)
 */
export function fromRoutingError(error: unknown): Error {
  if (error instanceof routing.RequestRedirect) return new RequestRedirect(error.newUrl);
  if (error instanceof routing.MethodNotAllowed) {
    return new MethodNotAllowed([...new Set([...error.validMethods, "OPTIONS"])].sort());
  }
  if (error instanceof routing.NotFound) return new NotFound();
  throw error;
}

async function fullDispatchRequest(app: Flask, state: RequestContextState): Promise<Response> {
  let rv: ResponseReturnValue | undefined;
  try {
    rv = await preprocessRequest(app, state);
    if (rv === undefined) rv = await dispatchRequest(app, state);
  } catch (error) {
    rv = await handleUserException(app, state, error);
  }
  return finalizeRequest(app, state, rv);
}

/** Steps 5–6: the body (unless routing failed), then `beforeRequest`, app first. */
async function preprocessRequest(
  app: Flask,
  state: RequestContextState,
): Promise<ResponseReturnValue | undefined> {
  const { request } = state;
  if (request.routingException === undefined) await request.loadBody();
  for (const scope of [null, ...[...request.blueprints].reverse()]) {
    for (const hook of app.beforeRequestFuncs.get(scope) ?? []) {
      const rv = await hook();
      if (rv !== undefined && rv !== null) return rv;
    }
  }
  return undefined;
}

/** Step 7: the view (or the automatic OPTIONS answer, or the routing error). */
async function dispatchRequest(
  app: Flask,
  state: RequestContextState,
): Promise<ResponseReturnValue> {
  const { request } = state;
  const routingException = request.routingException;
  if (routingException instanceof MethodNotAllowed && request.method === "OPTIONS") {
    // Automatic OPTIONS: the path exists (for other methods), so answer with what it allows.
    const response = new Response("", { mimetype: "text/html" });
    response.headers.set("Allow", routingException.validMethods.join(", "));
    return response;
  }
  if (routingException !== undefined) throw routingException;
  const rule = request.urlRule as routing.Rule;
  const view = app.viewFunctions.get(rule.endpoint);
  if (view === undefined) {
    throw new InternalServerError(`no view function is registered for endpoint "${rule.endpoint}"`);
  }
  return view({ ...request.viewArgs });
}

/** Step 8: an error from a hook or view → a handler's response, or the HTTP error itself. */
async function handleUserException(
  app: Flask,
  state: RequestContextState,
  error: unknown,
): Promise<ResponseReturnValue> {
  if (error instanceof HTTPException && !app.config.TRAP_HTTP_EXCEPTIONS) {
    // Redirects from routing are answers, not errors: no handler sees them (as in Flask).
    if (error instanceof RequestRedirect) return error;
    const handler = findErrorHandler(app, error, state.request.blueprints);
    return handler === undefined ? error : handler(error);
  }
  const handler = findErrorHandler(app, error, state.request.blueprints);
  if (handler === undefined) throw error;
  return handler(error);
}

/** Steps 9–11: `makeResponse`, then `afterRequest` and the session. */
async function finalizeRequest(
  app: Flask,
  state: RequestContextState,
  rv: ResponseReturnValue | undefined,
  fromErrorHandler = false,
): Promise<Response> {
  let response = toResponse(await resolveReturnValue(rv), {
    ...(state.request.endpoint === undefined ? {} : { endpoint: state.request.endpoint }),
    ...(app.debug ? { jsonIndent: 2 } : {}),
  });
  try {
    response = await processResponse(app, state, response);
  } catch (error) {
    if (!fromErrorHandler) throw error;
    logError(state, "Request finalizing failed with an error while handling an error", error);
  }
  return response;
}

async function processResponse(
  app: Flask,
  state: RequestContextState,
  response: Response,
): Promise<Response> {
  for (const hook of state.afterThisRequest) response = (await hook(response)) ?? response;
  for (const scope of [...state.request.blueprints, null]) {
    for (const hook of [...(app.afterRequestFuncs.get(scope) ?? [])].reverse()) {
      response = (await hook(response)) ?? response;
    }
  }
  if (!(state.session instanceof NullSession)) {
    app.sessionInterface.saveSession(app.config, state.session, response);
  }
  return response;
}

/** Step 12: an unhandled error: propagated when testing, else a 500 (with its handler, if any). */
async function handleException(
  app: Flask,
  state: RequestContextState,
  error: unknown,
): Promise<Response> {
  const propagate = app.config.PROPAGATE_EXCEPTIONS ?? app.testing;
  if (propagate) throw error;
  logError(state, `Exception on ${state.request.path} [${state.request.method}]`, error);
  if (app.debug) {
    return new Response(
      renderTracebackPage({
        error,
        method: state.request.method,
        target: state.request.fullPath,
        ...(typeof state.request.environ["tsgi.server"] === "string"
          ? { server: state.request.environ["tsgi.server"] }
          : {}),
      }),
      { status: 500 },
    );
  }
  const serverError = new InternalServerError(undefined, { cause: error });
  const handler = findErrorHandler(app, serverError, state.request.blueprints);
  let rv: ResponseReturnValue = serverError;
  if (handler !== undefined) {
    try {
      rv = await handler(serverError);
    } catch (handlerError) {
      logError(state, "The 500 error handler failed", handlerError);
      rv = serverError;
    }
  }
  return finalizeRequest(app, state, rv, true);
}

/** Step 13: `teardownRequest` (reverse order), then `teardownAppcontext`; errors logged. */
async function teardown(app: Flask, state: RequestContextState, error: unknown): Promise<void> {
  for (const scope of [...state.request.blueprints, null]) {
    for (const hook of [...(app.teardownRequestFuncs.get(scope) ?? [])].reverse()) {
      try {
        await hook(error);
      } catch (hookError) {
        logError(state, "A teardownRequest function failed", hookError);
      }
    }
  }
  for (const hook of [...app.teardownAppcontextFuncs].reverse()) {
    try {
      await hook(error);
    } catch (hookError) {
      logError(state, "A teardownAppcontext function failed", hookError);
    }
  }
}

function logError(state: RequestContextState, message: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  state.request.environ["tsgi.errors"].write(`${message}\n${detail}\n`);
}
