/**
 * `value|filter:arg|other` — a variable or literal followed by filters, compiled once at
 * parse time (unknown filters and wrong argument counts are syntax errors) and resolved at
 * render time.
 */
import type { Context } from "./context.ts";
import { TemplateSyntaxError } from "./errors.ts";
import type { FilterDefinition } from "./library.ts";
import { SafeString, markSafe } from "./safe.ts";
import { toText } from "./values.ts";
import { MISSING, Variable } from "./variable.ts";

/** Finds a filter by name for the template being parsed (builtins plus `{% load %}`ed). */
export type FilterFinder = (name: string) => FilterDefinition | undefined;

interface AppliedFilter {
  definition: FilterDefinition;
  arg: Variable | undefined;
}

const stringAt = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/y;
const translatedAt = /_\((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\)/y;
const nameAt = /[-+]?[\w.]+/y;
const filterNameAt = /\w+/y;
const spacesAt = /\s*/y;

function matchAt(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

/** Reads one operand (literal or variable name) at `position`. */
function readOperand(text: string, position: number): string | undefined {
  return (
    matchAt(stringAt, text, position) ??
    matchAt(translatedAt, text, position) ??
    matchAt(nameAt, text, position)
  );
}

/**
 * A compiled `{{ ... }}` body or tag argument.
 *
 * @example
 * const expression = new FilterExpression('name|default:"anon"|upper', findFilter);
 * await expression.resolve(context); // "ANON" when name is missing
 */
export class FilterExpression {
  readonly text: string;
  readonly variable: Variable;
  private readonly filters: AppliedFilter[] = [];

  constructor(text: string, findFilter: FilterFinder) {
    this.text = text;
    const remainder = (at: number) =>
      new TemplateSyntaxError(`Could not parse the remainder: '${text.slice(at)}' from '${text}'`);
    const first = readOperand(text, 0);
    if (first === undefined) throw remainder(0);
    this.variable = new Variable(first);
    let position = first.length;
    while (position < text.length) {
      const afterSpaces = position + (matchAt(spacesAt, text, position)?.length ?? 0);
      if (text[afterSpaces] !== "|") throw remainder(position);
      const nameStart = afterSpaces + 1 + (matchAt(spacesAt, text, afterSpaces + 1)?.length ?? 0);
      const name = matchAt(filterNameAt, text, nameStart);
      if (name === undefined) throw remainder(position);
      position = nameStart + name.length;
      let arg: Variable | undefined;
      if (text[position] === ":") {
        const argText = readOperand(text, position + 1);
        if (argText === undefined) throw remainder(position);
        arg = new Variable(argText);
        position += 1 + argText.length;
      }
      const definition = findFilter(name);
      if (!definition) throw new TemplateSyntaxError(`Invalid filter: '${name}'`);
      if (definition.arg === "required" && !arg) {
        throw new TemplateSyntaxError(`${name} requires 2 arguments, 1 provided`);
      }
      if (definition.arg === "none" && arg) {
        throw new TemplateSyntaxError(`${name} requires 1 arguments, 2 provided`);
      }
      this.filters.push({ definition, arg });
    }
  }

  /** The names of the filters applied, in order (the `filter` tag checks them). */
  get filterNames(): string[] {
    return this.filters.map((f) => f.definition.name);
  }

  /**
   * Resolves the variable and applies the filters. A missing variable becomes the engine's
   * `stringIfInvalid` (returned without filters when it is non-empty, as Django does), or
   * `null` when `ignoreFailures` is set (what `if`, `for` and `firstof` use).
   */
  async resolve(context: Context, ignoreFailures = false): Promise<unknown> {
    let value = await this.variable.resolve(context);
    if (value === MISSING) {
      if (ignoreFailures) {
        value = null;
      } else {
        const invalid = context.template?.engine.stringIfInvalid ?? "";
        if (invalid !== "") {
          return invalid.includes("%s") ? invalid.replace("%s", this.variable.text) : invalid;
        }
        value = invalid;
      }
    }
    for (const { definition, arg } of this.filters) {
      let argValue: unknown;
      if (arg) {
        argValue = await arg.resolve(context);
        if (argValue === MISSING) argValue = undefined;
      }
      const input = definition.stringFilter ? toText(value) : value;
      let result = await definition.fn(input, argValue, {
        autoescape: context.autoescape,
        context,
      });
      if (definition.isSafe && value instanceof SafeString && typeof result === "string") {
        result = markSafe(result);
      }
      value = result;
    }
    return value;
  }
}
