// Construction-time option checks shared by every middleware: a wrong option fails when the
// stack is built, with a coded error naming the middleware and the option.
import { MiddlewareOptionError } from "../errors.ts";

/** Throws unless `value` is a plain object (or undefined, when `optional`). */
export function checkOptionsObject(middleware: string, value: unknown, optional = true): void {
  if (value === undefined && optional) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new MiddlewareOptionError(middleware, "options", "must be an object");
  }
}

/** Throws unless `app` is a function (the app the middleware wraps). */
export function checkApp(middleware: string, app: unknown, name = "app"): void {
  if (typeof app !== "function") {
    throw new MiddlewareOptionError(middleware, name, "must be a TSGI app (a function)");
  }
}

/** A non-negative integer, or `fallback` when undefined. */
export function integerOption(
  middleware: string,
  option: string,
  value: unknown,
  fallback: number,
  min = 0,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new MiddlewareOptionError(middleware, option, `must be an integer >= ${min}`);
  }
  return value;
}

/** A boolean, or `fallback` when undefined. */
export function booleanOption(
  middleware: string,
  option: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean")
    throw new MiddlewareOptionError(middleware, option, "must be a boolean");
  return value;
}

/** A string, or `fallback` when undefined. */
export function stringOption(
  middleware: string,
  option: string,
  value: unknown,
  fallback: string,
): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string")
    throw new MiddlewareOptionError(middleware, option, "must be a string");
  return value;
}

/** A function, or `fallback` when undefined. */
export function functionOption<F>(
  middleware: string,
  option: string,
  value: unknown,
  fallback: F,
): F {
  if (value === undefined) return fallback;
  if (typeof value !== "function") {
    throw new MiddlewareOptionError(middleware, option, "must be a function");
  }
  return value as F;
}

// RFC 9110 token characters: what a header name or a method may be made of.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** True for an RFC 9110 token (header names, methods). */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** A header name (an RFC 9110 token), or `fallback` when undefined. */
export function headerNameOption(
  middleware: string,
  option: string,
  value: unknown,
  fallback: string,
): string {
  const name = stringOption(middleware, option, value, fallback);
  if (!isToken(name)) throw new MiddlewareOptionError(middleware, option, "must be a header name");
  return name;
}

/** A header value: Latin-1, no control characters but HTAB. */
export function isHeaderValue(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/.test(value);
}

/** A header value option (`false` allowed when `allowFalse`), checked for forbidden characters. */
export function headerValueOption(middleware: string, option: string, value: unknown): void {
  if (typeof value !== "string" || !isHeaderValue(value)) {
    throw new MiddlewareOptionError(
      middleware,
      option,
      "must be a Latin-1 header value without control characters",
    );
  }
}
