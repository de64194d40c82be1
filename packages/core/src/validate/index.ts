/**
 * The TSGI validator: a middleware that checks both sides of the contract, in the spirit of
 * Python's `wsgiref.validate`, werkzeug's lint middleware and Rack::Lint.
 *
 * @example
 * import { validate, ValidationCodes, TsgiValidationError } from "@tsgi/core/validate";
 * const checked = validate(app, { onViolation: (error) => console.error(error.code) });
 */
export { validate, type ValidatedApp } from "./validate.ts";
export type { ValidateOptions } from "./options.ts";
export { TsgiValidationError } from "./error.ts";
export { ValidationCodes, type ValidationCode, type ViolationSide } from "./codes.ts";
export type { OpenBody } from "./tracker.ts";
