import type { ValidationCode } from "./codes.ts";
import { TsgiValidationError } from "./error.ts";
import type { ValidateOptions } from "./options.ts";

/**
 * The one place that decides what happens to a violation, so every check just states the
 * rule and the message. `violation` throws in the default mode and returns in report mode;
 * callers therefore write the pass-through path right after it.
 */
export interface Reporter {
  violation(code: ValidationCode, message: string): void;
  /** For violations with no caller to throw to (garbage collection): never throws. */
  notify(error: TsgiValidationError): void;
}

export function createReporter(options: ValidateOptions): Reporter {
  const shouldThrow = options.throwOnViolation ?? true;
  const notify = (error: TsgiValidationError): void => {
    if (options.onViolation) options.onViolation(error);
    // Without a callback a report-only violation must still reach a human somehow.
    else if (!shouldThrow) process.emitWarning(error);
  };
  return {
    violation(code, message) {
      const error = new TsgiValidationError(code, message);
      notify(error);
      if (shouldThrow) throw error;
    },
    notify(error) {
      if (options.onViolation) options.onViolation(error);
      else process.emitWarning(error);
    },
  };
}
