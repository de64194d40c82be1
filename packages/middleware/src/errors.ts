/** Stable codes of the errors this package throws; tests assert these, never messages. */
export const MiddlewareErrorCodes = {
  /** An option given to a middleware at construction is missing, of the wrong type or out of range. */
  INVALID_OPTION: "TSGI_E_MW_INVALID_OPTION",
  /** `bodyLimit`: the request body is larger than allowed (status 413). */
  BODY_TOO_LARGE: "TSGI_E_MW_BODY_TOO_LARGE",
  /** A wrapped app called `startResponse` a second time without `excInfo`. */
  START_RESPONSE_TWICE: "TSGI_E_MW_START_RESPONSE_TWICE",
  /** A wrapped app returned without calling `startResponse`. */
  NO_START_RESPONSE: "TSGI_E_MW_NO_START_RESPONSE",
} as const;

/** One of {@link MiddlewareErrorCodes}. */
export type MiddlewareErrorCode = (typeof MiddlewareErrorCodes)[keyof typeof MiddlewareErrorCodes];

/**
 * A bad option, found when the middleware is built (not on the first request), so a typo in a
 * stack fails at start-up. `middleware` and `option` name what was wrong.
 *
 * @example
 * try {
 *   bodyLimit(app, { limit: -1 });
 * } catch (error) {
 *   (error as MiddlewareOptionError).code; // "TSGI_E_MW_INVALID_OPTION"
 * }
 */
export class MiddlewareOptionError extends TypeError {
  readonly code = MiddlewareErrorCodes.INVALID_OPTION;
  constructor(
    readonly middleware: string,
    readonly option: string,
    problem: string,
  ) {
    super(`${middleware}: option "${option}" ${problem}`);
    this.name = "MiddlewareOptionError";
  }
}

/**
 * An error a middleware raises while handling a request, with a stable code and, when it
 * maps to an HTTP answer, the status to answer with.
 *
 * @example
 * throw new MiddlewareError("TSGI_E_MW_BODY_TOO_LARGE", "request body over 1024 bytes", 413);
 */
export class MiddlewareError extends Error {
  constructor(
    readonly code: MiddlewareErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "MiddlewareError";
  }
}
