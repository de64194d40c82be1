import type { ErrorStream } from "../types.ts";
import { describe } from "./error.ts";
import type { Reporter } from "./report.ts";

/**
 * Wraps `tsgi.errors` so the app writes text only: a Uint8Array or an Error object written
 * to the error log would be stringified by some servers and dropped by others.
 */
export function wrapErrors(errors: ErrorStream, reporter: Reporter): ErrorStream {
  const check = (where: string, value: unknown): void => {
    if (typeof value === "string") return;
    const hint =
      value instanceof Error ? " (write error.stack, or String(error))" : " (convert it first)";
    reporter.violation(
      "TSGI_E_ERRORS_NOT_STRING",
      `The app passed ${describe(value)} to tsgi.errors.${where}; tsgi.errors takes strings only${hint}.`,
    );
  };
  return {
    write(text: string) {
      check("write()", text);
      errors.write(text);
    },
    writelines(lines: Iterable<string>) {
      if (typeof (lines as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== "function") {
        check("writelines()", lines);
        return errors.writelines(lines);
      }
      // Materialise once: a generator can only be read once, and both we and the server read it.
      const all = [...lines];
      for (const line of all) check("writelines() as a line", line);
      errors.writelines(all);
    },
    flush() {
      errors.flush();
    },
  };
}
