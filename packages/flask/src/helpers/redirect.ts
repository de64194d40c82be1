import { redirectResponse } from "../exceptions/request-redirect.ts";
import type { Response } from "../wrappers/response.ts";

/**
 * The status `redirect` uses when none is given: 303 See Other (see README, "Deviations").
 *
 * @example
 * redirect("/next").statusCode === DEFAULT_REDIRECT_CODE; // true (303)
 */
export const DEFAULT_REDIRECT_CODE = 303;

/**
 * A redirect response, like Flask's `redirect`, defaulting to 303 See Other: after a form
 * POST the browser follows with a GET. Pass 302, 307 or 308 to choose otherwise.
 *
 * @example
 * return redirect(urlFor("index"));        // 303, Location: /
 * return redirect("/new-home", 308);       // permanent, keeps the method
 */
export function redirect(location: string, code: number = DEFAULT_REDIRECT_CODE): Response {
  if (!Number.isInteger(code) || code < 300 || code > 399) {
    throw new RangeError(`redirect needs a 3xx status code, got ${code}`);
  }
  return redirectResponse(location, code);
}
