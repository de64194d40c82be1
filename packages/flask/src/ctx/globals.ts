import type { Flask } from "../app/flask.ts";
import type { AfterRequestHook } from "../app/types.ts";
import type { Session } from "../sessions/session.ts";
import type { Request } from "../wrappers/request.ts";
import { appContextState, requestContextState, type AppGlobals } from "./context.ts";
import { localProxy } from "./local-proxy.ts";

/**
 * The current request, a context local like Flask's `request`: use it anywhere during a
 * request (views, hooks, templates, helpers called from them). Outside a request any use
 * throws `OutsideContextError` (`FLASK_E_OUTSIDE_REQUEST_CONTEXT`).
 *
 * @example
 * app.get("/search", function search() {
 *   return `You searched for ${request.args.get("q") ?? "nothing"}`;
 * });
 */
export const request: Request = localProxy(() => requestContextState().request);

/**
 * The current session (signed cookie), a context local like Flask's `session`.
 *
 * @example
 * session.set("userId", 1);
 * session.get("userId"); // 1
 */
export const session: Session = localProxy(() => requestContextState().session);

/**
 * Per-request storage, like Flask's `g`; augment `AppGlobals` for types.
 *
 * @example
 * g.user = findUser(session.get("userId"));
 */
export const g: AppGlobals = localProxy(() => appContextState().g);

/**
 * The app handling the current request or app context (Flask's `current_app`).
 *
 * @example
 * const db = openDb(currentApp.config.DATABASE as string);
 */
export const currentApp: Flask = localProxy(() => appContextState().app);

/**
 * Registers a callback for the response of the current request only (Flask's
 * `after_this_request`).
 *
 * @example
 * afterThisRequest((response) => { response.setCookie("seen", "1"); });
 */
export function afterThisRequest<F extends AfterRequestHook>(callback: F): F {
  requestContextState().afterThisRequest.push(callback);
  return callback;
}
