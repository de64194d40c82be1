import { requestContextState } from "../ctx/context.ts";
import type { SessionValue } from "../sessions/session.ts";

/**
 * Stores a message for the next request that shows messages, like Flask's `flash`; kept in
 * the session under `_flashes`.
 *
 * @example
 * flash("Incorrect password.");
 * flash("Saved.", "success");
 */
export function flash(message: string, category = "message"): void {
  const state = requestContextState();
  const stored = state.session.get("_flashes");
  const flashes = Array.isArray(stored) ? [...stored] : [];
  flashes.push([category, message]);
  state.session.set("_flashes", flashes);
}

/** Options of {@link getFlashedMessages}. */
export interface FlashedMessagesOptions {
  /** Return `[category, message]` pairs instead of messages. */
  withCategories?: boolean;
  /** Only messages of these categories. */
  categoryFilter?: readonly string[];
}

/**
 * The flashed messages, removed from the session on first call and the same for the rest of
 * the request (Flask's `get_flashed_messages`).
 *
 * @example
 * getFlashedMessages();                              // ["Incorrect password."]
 * getFlashedMessages({ withCategories: true });      // [["message", "Incorrect password."]]
 * getFlashedMessages({ categoryFilter: ["error"] }); // only errors
 */
export function getFlashedMessages(options: {
  withCategories: true;
  categoryFilter?: readonly string[];
}): [string, string][];
export function getFlashedMessages(options?: FlashedMessagesOptions): string[];
export function getFlashedMessages(
  options: FlashedMessagesOptions = {},
): string[] | [string, string][] {
  const state = requestContextState();
  if (state.flashes === undefined) {
    const stored = state.session.has("_flashes") ? state.session.pop<SessionValue>("_flashes") : [];
    state.flashes = Array.isArray(stored)
      ? stored.flatMap((entry): [string, string][] =>
          Array.isArray(entry) && entry.length === 2 ? [[String(entry[0]), String(entry[1])]] : [],
        )
      : [];
  }
  let flashes = state.flashes;
  if (options.categoryFilter !== undefined) {
    const wanted = new Set(options.categoryFilter);
    flashes = flashes.filter(([category]) => wanted.has(category));
  }
  return options.withCategories
    ? flashes.map(([c, m]): [string, string] => [c, m])
    : flashes.map(([, m]) => m);
}
