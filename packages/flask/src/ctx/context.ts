import { AsyncLocalStorage } from "node:async_hooks";
import type { Flask } from "../app/flask.ts";
import type { Session } from "../sessions/session.ts";
import type { Request } from "../wrappers/request.ts";
import type { AfterRequestHook } from "../app/types.ts";
import type { MapAdapter as UrlAdapter } from "../routing/index.ts";

/**
 * The per-request namespace `g`, like Flask's `_AppCtxGlobals`. Add typed keys by augmenting
 * this interface:
 *
 * @example
 * declare module "@tsgi/flask" {
 *   interface AppGlobals { user?: { id: number; username: string } }
 * }
 * g.user = loadUser(session.get("userId"));
 */
export interface AppGlobals {
  [key: string]: unknown;
}

/** What an app context holds: the app, `g`, and a URL adapter for `urlFor`. */
export interface AppContextState {
  readonly app: Flask;
  readonly g: AppGlobals;
  urlAdapter: UrlAdapter | undefined;
}

/** What a request context adds: the request, its session, flashes, per-request hooks. */
export interface RequestContextState extends AppContextState {
  readonly request: Request;
  session: Session;
  /** Flashed messages popped from the session by `getFlashedMessages`, kept for the request. */
  flashes: [string, string][] | undefined;
  /** `afterThisRequest` callbacks. */
  readonly afterThisRequest: AfterRequestHook[];
}

type ContextState = AppContextState & Partial<Omit<RequestContextState, keyof AppContextState>>;

const storage = new AsyncLocalStorage<ContextState>();

/**
 * Thrown when `request`, `session`, `g`, `currentApp` or `urlFor` are used outside a context.
 *
 * @example
 * request.method; // outside a request: OutsideContextError (FLASK_E_OUTSIDE_REQUEST_CONTEXT)
 */
export class OutsideContextError extends Error {
  readonly code: "FLASK_E_OUTSIDE_REQUEST_CONTEXT" | "FLASK_E_OUTSIDE_APP_CONTEXT";
  constructor(kind: "request" | "application") {
    super(
      kind === "request"
        ? "Working outside of request context. This typically means that you attempted to use functionality that needed an active HTTP request. Run the code inside a view, or in tests inside `app.testRequestContext(...).run(...)`."
        : "Working outside of application context. This typically means that you attempted to use functionality that needed the current application. Run the code inside a view, or in `app.appContext().run(...)`.",
    );
    this.code =
      kind === "request" ? "FLASK_E_OUTSIDE_REQUEST_CONTEXT" : "FLASK_E_OUTSIDE_APP_CONTEXT";
  }
}

/**
 * Runs `fn` with `state` as the current context (internal: the app and tests use it).
 *
 * @example
 * runInContext({ app, g: {}, urlAdapter: undefined }, () => currentApp.name);
 */
export function runInContext<T>(state: ContextState, fn: () => T): T {
  return storage.run(state, fn);
}

/**
 * The current app context, or throws {@link OutsideContextError}.
 *
 * @example
 * appContextState().app === currentApp; // inside a context
 */
export function appContextState(): AppContextState {
  const state = storage.getStore();
  if (state === undefined) throw new OutsideContextError("application");
  return state;
}

/**
 * The current request context, or throws {@link OutsideContextError}.
 *
 * @example
 * requestContextState().request.path; // "/" in a request to "/"
 */
export function requestContextState(): RequestContextState {
  const state = storage.getStore();
  if (state === undefined || state.request === undefined) throw new OutsideContextError("request");
  return state as RequestContextState;
}

/**
 * True inside a request (Flask's `has_request_context`).
 *
 * @example
 * const who = hasRequestContext() ? request.remoteAddr : "cli";
 */
export function hasRequestContext(): boolean {
  return storage.getStore()?.request !== undefined;
}

/**
 * True inside an app or request context (Flask's `has_app_context`).
 *
 * @example
 * if (hasAppContext()) currentApp.logger.info("ready");
 */
export function hasAppContext(): boolean {
  return storage.getStore() !== undefined;
}

/**
 * Wraps an iterable so each step runs inside the context that is current now, so a streamed
 * body can still read `request`, `session` and `g` (Flask's `stream_with_context`, which the
 * app applies to every streamed body).
 *
 * @example
 * return new Response(bindIterable(generateRows())); // rows can read `request`
 */
export function bindIterable<T>(source: Iterable<T> | AsyncIterable<T>): AsyncIterable<T> {
  const state = storage.getStore();
  if (state === undefined) return toAsync(source);
  return {
    [Symbol.asyncIterator]() {
      const iterator =
        Symbol.asyncIterator in source
          ? (source as AsyncIterable<T>)[Symbol.asyncIterator]()
          : (source as Iterable<T>)[Symbol.iterator]();
      return {
        next: () => storage.run(state, async () => iterator.next()),
        return: () =>
          storage.run(state, async () => {
            await iterator.return?.();
            return { done: true as const, value: undefined };
          }),
      };
    },
  };
}

async function* toAsync<T>(source: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* source;
}
