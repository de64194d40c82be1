import type { App, Body, Environ, StartResponse } from "../types.ts";
import { checkBody } from "./body.ts";
import { checkEnviron } from "./environ-checks.ts";
import { environForApp } from "./environ-wrap.ts";
import { describe } from "./error.ts";
import type { ValidateOptions } from "./options.ts";
import { createReporter, type Reporter } from "./report.ts";
import { ResponseState } from "./response-state.ts";
import { isThenable } from "./sequence.ts";
import { wrapStartResponse } from "./start-response.ts";
import { trackBody } from "./tracked-body.ts";
import { BodyTracker, type OpenBody } from "./tracker.ts";

/** An app wrapped by {@link validate}: still an App, plus a deterministic check for leaks. */
export interface ValidatedApp extends App {
  /** Bodies this app returned that the server has not closed yet. */
  openBodies(): readonly OpenBody[];
  /**
   * Reports `TSGI_E_BODY_NOT_CLOSED` if any body is still open (thrown by default, like
   * every violation). Call it once the server finished its requests, e.g. at the end of a
   * test.
   */
  assertBodiesClosed(): void;
}

/**
 * Wraps an app in a checker of the TSGI contract, for both sides: the server's environ,
 * startResponse, write and closing, and the app's status, headers, body, write() and use of
 * `tsgi.input`/`tsgi.errors`. Every broken rule is a {@link TsgiValidationError} with a
 * stable `code` from `ValidationCodes`. It changes nothing for a correct server and app.
 *
 * - Violations are thrown where they are found (see {@link ValidateOptions} for reporting
 *   instead), and every one also goes to `onViolation`.
 * - The body is handed to the server behind a transparent Proxy: sync bodies stay sync,
 *   async stay async, Arrays stay Arrays, and file bodies (`isFileBody`) keep their brand,
 *   path and range so a server can still send them with its file fast path. Their chunks are
 *   checked only if the server iterates them.
 * - Array bodies are complete when the app returns, so they are checked then; lazy bodies
 *   (generators) are checked chunk by chunk, as the server pulls them.
 * - An unclosed body is found with `validated.assertBodiesClosed()` (deterministic), and also
 *   reported if it is garbage-collected while still open (to `onViolation`, else as a process
 *   warning).
 *
 * @example
 * import { validate } from "@tsgi/core/validate";
 * const app = validate((environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   return [new TextEncoder().encode("Hello, World!\n")];
 * });
 * // serve(app) as usual; in tests, after the requests: app.assertBodiesClosed();
 */
export function validate(app: App, options: ValidateOptions = {}): ValidatedApp {
  const reporter = createReporter(options);
  const tracker = new BodyTracker(reporter);

  const validated = (environ: Environ, startResponse: StartResponse): Body | Promise<Body> => {
    const isObject = checkEnviron(environ, reporter);
    let wrappedStart = startResponse;
    const method = typeof environ?.REQUEST_METHOD === "string" ? environ.REQUEST_METHOD : "";
    const state = new ResponseState(method, reporter);
    if (typeof startResponse === "function") {
      wrappedStart = wrapStartResponse(startResponse, state, reporter);
    } else {
      reporter.violation(
        "TSGI_E_START_RESPONSE_NOT_FUNCTION",
        `The server called the app with ${describe(startResponse)} as startResponse; expected a function (status, headers, excInfo?) => write.`,
      );
    }
    const record: OpenBody = { method, path: requestPath(environ) };
    const result = app(isObject ? environForApp(environ, reporter) : environ, wrappedStart);
    const finish = (body: unknown) => guardBody(body, state, reporter, tracker, record);
    return isThenable(result) ? Promise.resolve(result).then(finish) : finish(result);
  };

  return Object.assign(validated, {
    openBodies: () => tracker.list(),
    assertBodiesClosed: () => tracker.assertClosed(),
  });
}

function guardBody(
  body: unknown,
  state: ResponseState,
  reporter: Reporter,
  tracker: BodyTracker,
  record: OpenBody,
): Body {
  if (!checkBody(body, reporter)) return body as Body; // report mode: pass it through
  const complete = Array.isArray(body);
  if (complete) {
    for (const chunk of body) state.chunk(chunk, "body");
    state.end();
  }
  const tracked = trackBody(
    body,
    {
      chunk: (value) => {
        if (!complete) state.chunk(value, "body");
      },
      end: () => {
        if (!complete) state.end();
      },
      closed: () => {
        state.closed = true;
        tracker.closed(record);
      },
    },
    reporter,
  );
  tracker.opened(tracked, record);
  return tracked;
}

function requestPath(environ: unknown): string {
  const { SCRIPT_NAME, PATH_INFO } = (environ ?? {}) as Partial<Record<string, unknown>>;
  const path = `${typeof SCRIPT_NAME === "string" ? SCRIPT_NAME : ""}${typeof PATH_INFO === "string" ? PATH_INFO : ""}`;
  return path || "/";
}
