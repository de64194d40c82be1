import type { TsgiValidationError } from "./error.ts";

/** How {@link validate} reports what it finds. */
export interface ValidateOptions {
  /**
   * Receives every violation, as soon as it is found, from both sides (server and app), and
   * also those found where nobody could catch a throw: after the app returned (a server
   * closing twice), or when an unclosed body is garbage-collected. It is called *in addition
   * to* the throw by default, and *instead of* it with `throwOnViolation: false`.
   */
  onViolation?: (error: TsgiValidationError) => void;
  /**
   * `true` (default): a violation is also thrown where it is found, like wsgiref's
   * AssertionError — into the server for environ, body and closing problems, into the app for
   * bad startResponse, write, tsgi.input or tsgi.errors calls. `false`: report only (to
   * `onViolation`, or as a process warning when there is none), and let the offending value
   * through unchanged, the way werkzeug's lint middleware warns and carries on.
   */
  throwOnViolation?: boolean;
}
