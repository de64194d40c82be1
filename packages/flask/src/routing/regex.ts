// Small regex helpers shared by converters and rule compilation.
import { RuleSyntaxError } from "./errors.ts";

/**
 * Escapes text for literal use in a regex (valid with and without the `u` flag).
 *
 * @example
 * escapeRegex("a.b(c)"); // "a\\.b\\(c\\)"
 */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * Compiles a rule part's pattern. The `u` flag makes `.` and `{n}` count code points, as
 * Python's `re` does on str; a custom converter regex that is only valid without `u` (such as
 * `\_`) still compiles, in the legacy mode.
 *
 * @example
 * compilePattern("^(?:[^/]{2})$", "<string(length=2):x>").test("ü€"); // true
 */
export function compilePattern(source: string, context: string): RegExp {
  try {
    return new RegExp(source, "u");
  } catch {
    try {
      return new RegExp(source);
    } catch (error) {
      throw new RuleSyntaxError(`Invalid regex in ${context}: ${(error as Error).message}`);
    }
  }
}
