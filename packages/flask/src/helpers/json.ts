import { jsonResponse } from "../app/make-response.ts";
import { appContextState, hasAppContext } from "../ctx/context.ts";
import type { Response } from "../wrappers/response.ts";

/**
 * A JSON response, like Flask's `jsonify`: one argument is serialized as is, several become an
 * array, none is `null`. Pretty-printed when the app is in debug mode.
 *
 * @example
 * return jsonify({ id: 1, title: "Hello" });  // application/json, '{"id":1,"title":"Hello"}\n'
 * return jsonify(1, 2, 3);                    // '[1,2,3]\n'
 */
export function jsonify(...values: unknown[]): Response {
  const value = values.length === 0 ? null : values.length === 1 ? values[0] : values;
  const debug = hasAppContext() && appContextState().app.debug;
  return jsonResponse(value, debug ? 2 : undefined);
}
