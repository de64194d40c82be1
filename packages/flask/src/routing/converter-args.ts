// Werkzeug's converter argument syntax: `<int(4, min=1):id>`, `<any(a, 'b c'):x>`.
// Positional values come first; keyword values are handed to the converter as one trailing
// plain object, so a TypeScript constructor `(map, ...args)` receives both kinds unambiguously
// (a positional value is never an object).
import { RuleSyntaxError } from "./errors.ts";

/**
 * One parsed converter argument: Python literals map to null, booleans, numbers and strings.
 *
 * @example
 * const value: ConverterArgument = true; // from `signed=True`
 */
export type ConverterArgument = string | number | boolean | null;
/**
 * Keyword arguments, passed to a converter constructor as its last argument.
 *
 * @example
 * const keywords: ConverterKeywords = { min: 1, signed: false }; // from `(min=1, signed=False)`
 */
export interface ConverterKeywords {
  readonly [name: string]: ConverterArgument;
}
/**
 * What a converter constructor receives after the map: positional values, then keywords.
 *
 * @example
 * const args: ConverterArgs = [4, { min: 1 }]; // from `<int(4, min=1):n>`
 */
export type ConverterArgs = Array<ConverterArgument | ConverterKeywords>;

const ARGUMENT =
  /\s*(?:(?<name>\w+)\s*=\s*)?(?<value>True|False|None|-?\d+\.\d+|-?\d+\.|-?\d+|[\w.]+|[urUR]?(?<quoted>"[^"]*"|'[^']*'))\s*,/y;

function literal(text: string, quoted: boolean): ConverterArgument {
  if (quoted) return text.slice(1, -1);
  if (text === "None") return null;
  if (text === "True") return true;
  if (text === "False") return false;
  if (/^-?\d+(?:\.\d*)?$/.test(text)) return Number(text);
  return text;
}

/**
 * Parses the text between the parentheses of `<name(args):variable>` into positional and
 * keyword arguments, as Werkzeug's `parse_converter_args` does.
 *
 * @example
 * parseConverterArgs("4, min=1, name='x y'"); // { args: [4], kwargs: { min: 1, name: "x y" } }
 */
export function parseConverterArgs(text: string): {
  args: ConverterArgument[];
  kwargs: Record<string, ConverterArgument>;
} {
  const args: ConverterArgument[] = [];
  const kwargs: Record<string, ConverterArgument> = {};
  const source = `${text},`;
  if (text.trim() === "") return { args, kwargs };
  let position = 0;
  while (position < source.length) {
    ARGUMENT.lastIndex = position;
    const match = ARGUMENT.exec(source);
    if (!match?.groups) {
      throw new RuleSyntaxError(
        `Cannot parse converter arguments "${text}" near "${source.slice(position, -1)}".`,
      );
    }
    const { name, value = "", quoted } = match.groups;
    const parsed = literal(quoted ?? value, quoted !== undefined);
    if (name === undefined) {
      if (Object.keys(kwargs).length > 0) {
        throw new RuleSyntaxError(
          `Positional converter argument "${value}" follows a keyword argument in "${text}".`,
        );
      }
      args.push(parsed);
    } else {
      if (Object.hasOwn(kwargs, name))
        throw new RuleSyntaxError(`Converter argument "${name}" is given twice in "${text}".`);
      kwargs[name] = parsed;
    }
    position = ARGUMENT.lastIndex;
  }
  return { args, kwargs };
}

function isKeywords(value: unknown): value is ConverterKeywords {
  return typeof value === "object" && value !== null;
}

/**
 * Maps a converter's constructor arguments onto named parameters, the way Python binds
 * `def __init__(self, map, minlength=1, maxlength=None)`: positional values fill `names` in
 * order, a trailing keywords object fills the rest; extra or unknown arguments are a
 * RuleSyntaxError naming the converter.
 *
 * @example
 * class LengthConverter extends BaseConverter {
 *   constructor(map: UrlMap, ...args: ConverterArgs) {
 *     super(map);
 *     const { size = 2 } = bindConverterArgs("length", args, ["size"]);
 *     this.regex = `[^/]{${Number(size)}}`;
 *   }
 * }
 */
export function bindConverterArgs(
  converter: string,
  args: ConverterArgs,
  names: readonly string[],
): Record<string, ConverterArgument | undefined> {
  const last = args.at(-1);
  const keywords = isKeywords(last) ? last : {};
  const positional = isKeywords(last) ? args.slice(0, -1) : args;
  if (positional.length > names.length) {
    throw new RuleSyntaxError(
      `Converter "${converter}" takes at most ${names.length} argument(s) (${names.join(", ") || "none"}), got ${positional.length}.`,
    );
  }
  const bound: Record<string, ConverterArgument | undefined> = {};
  positional.forEach((value, index) => {
    if (isKeywords(value))
      throw new RuleSyntaxError(
        `Converter "${converter}" got a keywords object before the last argument.`,
      );
    bound[names[index] as string] = value;
  });
  for (const [name, value] of Object.entries(keywords)) {
    if (!names.includes(name)) {
      throw new RuleSyntaxError(
        `Converter "${converter}" got an unknown argument "${name}" (known: ${names.join(", ") || "none"}).`,
      );
    }
    if (Object.hasOwn(bound, name))
      throw new RuleSyntaxError(`Converter "${converter}" got argument "${name}" twice.`);
    bound[name] = value;
  }
  return bound;
}
