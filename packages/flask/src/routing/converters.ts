// Werkzeug's converters: a regex that finds the URL part, a weight that orders rules, and a
// pair of functions between URL text and values.
import { bindConverterArgs, type ConverterArgs, type ConverterArgument } from "./converter-args.ts";
import { RuleSyntaxError, ValidationError } from "./errors.ts";
import type { UrlMap } from "./map.ts";
import { PATH_SAFE, quote, SEGMENT_SAFE } from "./quote.ts";
import { escapeRegex } from "./regex.ts";

/**
 * Base class of converters. Subclasses set `regex` (what the URL part looks like, without
 * anchors), optionally `weight` (lower sorts first among variable parts: int/float 50, string
 * 100, path 200) and `partIsolating` (whether the match stays inside one path segment; left
 * `undefined` it is derived from the regex: false when it contains "/"), and override `toValue`
 * (URL text → value; throw ValidationError to reject) and `toUrl` (value → URL text, encoded).
 *
 * @example
 * class ListConverter extends BaseConverter {
 *   override toValue(text: string) { return text.split("+"); }
 *   override toUrl(value: unknown) { return (value as string[]).map((v) => super.toUrl(v)).join("+"); }
 * }
 * const map = new UrlMap({ converters: { list: ListConverter } });
 * map.add(new Rule("/tags/<list:tags>", { endpoint: "tags" }));
 */
export class BaseConverter {
  /** The pattern of the URL part (a JavaScript regex source, no anchors). */
  regex = "[^/]+";
  /** Ordering among variable parts at the same place: lower is tried first. */
  weight = 100;
  /** Whether the match stays inside one segment; undefined = "no '/' in regex". */
  partIsolating: boolean | undefined = undefined;
  /** The map the rule using this converter belongs to. */
  readonly map: UrlMap;

  constructor(map: UrlMap, ..._args: ConverterArgs) {
    this.map = map;
  }

  /** Turns the matched (percent-decoded) URL text into the value given to the view. */
  toValue(text: string): unknown {
    return text;
  }

  /** Turns a value into URL text, percent-encoded for one path segment. */
  toUrl(value: unknown): string {
    return quote(String(value), SEGMENT_SAFE);
  }
}

/**
 * A converter class as registered in `UrlMap({ converters })`.
 *
 * @example
 * const converters: Record<string, ConverterClass> = { list: ListConverter };
 */
// `never[]` lets a converter declare precise parameters (`(map, sep?: string)`); the map calls
// it with the parsed ConverterArgs.
export type ConverterClass = new (map: UrlMap, ...args: never[]) => BaseConverter;

/**
 * Whether a converter's match stays inside one path segment (Werkzeug's `part_isolating`).
 *
 * @example
 * isPartIsolating(new PathConverter(map)); // false
 */
export function isPartIsolating(converter: BaseConverter): boolean {
  return converter.partIsolating ?? !converter.regex.includes("/");
}

function count(
  converter: string,
  name: string,
  value: ConverterArgument | undefined,
): number | undefined {
  if (value == null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RuleSyntaxError(
      `Converter "${converter}": ${name} must be a non-negative integer, got ${String(value)}.`,
    );
  }
  return value;
}

function bound(
  converter: string,
  name: string,
  value: ConverterArgument | undefined,
): number | undefined {
  if (value == null) return undefined;
  if (typeof value !== "number")
    throw new RuleSyntaxError(
      `Converter "${converter}": ${name} must be a number, got ${String(value)}.`,
    );
  return value;
}

function flag(converter: string, name: string, value: ConverterArgument | undefined): boolean {
  if (value == null) return false;
  if (typeof value !== "boolean")
    throw new RuleSyntaxError(
      `Converter "${converter}": ${name} must be True or False, got ${String(value)}.`,
    );
  return value;
}

/**
 * The default converter: one path segment, `<string(minlength=1, maxlength, length):name>`.
 *
 * @example
 * new Rule("/<string(length=2):lang>/about", { endpoint: "about" }); // matches /en/about, not /eng/about
 */
export class StringConverter extends BaseConverter {
  constructor(map: UrlMap, ...args: ConverterArgs) {
    super(map);
    const options = bindConverterArgs("string", args, ["minlength", "maxlength", "length"]);
    const length = count("string", "length", options.length);
    const minlength = count("string", "minlength", options.minlength) ?? 1;
    const maxlength = count("string", "maxlength", options.maxlength);
    if (maxlength !== undefined && maxlength < minlength) {
      throw new RuleSyntaxError(
        `Converter "string": maxlength ${maxlength} is below minlength ${minlength}.`,
      );
    }
    this.regex = length !== undefined ? `[^/]{${length}}` : `[^/]{${minlength},${maxlength ?? ""}}`;
  }
}

/**
 * Matches the rest of the path, slashes included: `<path:filename>`. Weight 200, so any other
 * rule at the same place is tried first.
 *
 * @example
 * new Rule("/static/<path:filename>", { endpoint: "static" }); // /static/css/site.css
 */
export class PathConverter extends BaseConverter {
  override regex = "[^/].*?";
  override weight = 200;
  override partIsolating: boolean | undefined = false;

  constructor(map: UrlMap, ...args: ConverterArgs) {
    super(map);
    bindConverterArgs("path", args, []);
  }

  override toUrl(value: unknown): string {
    return quote(String(value), PATH_SAFE);
  }
}

/**
 * Matches one of the listed values: `<any(about, help, 'contact us'):page>`.
 *
 * @example
 * new Rule("/<any(about, help):page>", { endpoint: "page" }); // /about and /help only
 */
export class AnyConverter extends BaseConverter {
  // Werkzeug leaves any() at 100, tied with string, so registration order decides between
  // "/<any(a, b):x>" and "/<x>"; a closed list of words is the more specific rule.
  override weight = 80;
  readonly items: string[];

  constructor(map: UrlMap, ...args: ConverterArgs) {
    super(map);
    const items = args.map((item) => {
      if (typeof item === "object" && item !== null)
        throw new RuleSyntaxError('Converter "any" takes no keyword arguments.');
      return String(item);
    });
    if (items.length === 0)
      throw new RuleSyntaxError(
        'Converter "any" needs at least one value, as in <any(a, b):name>.',
      );
    this.items = items;
    this.regex = `(?:${items.map((item) => escapeRegex(item)).join("|")})`;
  }

  override toUrl(value: unknown): string {
    const text = String(value);
    if (!this.items.includes(text)) {
      throw new ValidationError(
        `"${text}" is not one of ${this.items.map((item) => `"${item}"`).join(", ")}.`,
      );
    }
    return quote(text, SEGMENT_SAFE);
  }
}

/** Shared by int and float: `fixed_digits`, `min`, `max`, `signed`. */
abstract class NumberConverter extends BaseConverter {
  override weight = 50;
  readonly fixedDigits: number;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly signed: boolean;

  constructor(
    map: UrlMap,
    name: string,
    args: ConverterArgs,
    names: readonly string[],
    unsignedRegex: string,
  ) {
    super(map);
    const options = bindConverterArgs(name, args, names);
    this.fixedDigits = count(name, "fixed_digits", options.fixed_digits) ?? 0;
    this.min = bound(name, "min", options.min);
    this.max = bound(name, "max", options.max);
    this.signed = flag(name, "signed", options.signed);
    this.regex = this.signed ? `-?${unsignedRegex}` : unsignedRegex;
  }

  protected checkRange(value: number): number {
    if (
      (this.min !== undefined && value < this.min) ||
      (this.max !== undefined && value > this.max)
    ) {
      throw new ValidationError(`${value} is outside the allowed range.`);
    }
    return value;
  }
}

/**
 * Integers: `<int:id>`, `<int(fixed_digits=4):year>`, `<int(min=1, max=9):n>`,
 * `<int(signed=True):offset>`. Values beyond Number.MAX_SAFE_INTEGER do not match (→ 404)
 * rather than losing precision.
 *
 * @example
 * new Rule("/post/<int(min=1):id>", { endpoint: "post" }); // /post/3 → { id: 3 }
 */
export class IntegerConverter extends NumberConverter {
  constructor(map: UrlMap, ...args: ConverterArgs) {
    super(map, "int", args, ["fixed_digits", "min", "max", "signed"], "\\d+");
  }

  override toValue(text: string): number {
    if (this.fixedDigits && text.length !== this.fixedDigits)
      throw new ValidationError(`"${text}" does not have ${this.fixedDigits} digits.`);
    const value = Number(text);
    if (!Number.isSafeInteger(value))
      throw new ValidationError(`"${text}" is too large for an integer.`);
    return this.checkRange(value === 0 ? 0 : value);
  }

  override toUrl(value: unknown): string {
    let number: number | bigint;
    if (typeof value === "string" && /^-?\d+$/.test(value)) number = BigInt(value);
    else if (typeof value === "number" || typeof value === "bigint") number = value;
    else throw new ValidationError(`${String(value)} is not an integer.`);
    if (typeof number === "number" && !Number.isInteger(number))
      throw new ValidationError(`${number} is not an integer.`);
    const negative = number < 0;
    if (negative && !this.signed)
      throw new ValidationError(`${number} is negative but the rule is not signed.`);
    const digits = (negative ? -number : number).toString();
    return `${negative ? "-" : ""}${digits.padStart(this.fixedDigits - (negative ? 1 : 0), "0")}`;
  }
}

/**
 * Floating point numbers written with a dot: `<float:ratio>` matches `1.5`, not `1` or `1e3`.
 * Options `min`, `max`, `signed`.
 *
 * @example
 * new Rule("/scale/<float(max=10.0):factor>", { endpoint: "scale" }); // /scale/2.5 → { factor: 2.5 }
 */
export class FloatConverter extends NumberConverter {
  constructor(map: UrlMap, ...args: ConverterArgs) {
    super(map, "float", args, ["min", "max", "signed"], "\\d+\\.\\d+");
  }

  override toValue(text: string): number {
    return this.checkRange(Number(text));
  }

  override toUrl(value: unknown): string {
    const number = typeof value === "string" ? Number(value) : value;
    if (typeof number !== "number" || !Number.isFinite(number))
      throw new ValidationError(`${String(value)} is not a finite number.`);
    if (number < 0 && !this.signed)
      throw new ValidationError(`${number} is negative but the rule is not signed.`);
    // Python's str(float) always shows a dot; JavaScript drops it for whole numbers and uses
    // exponents for tiny or huge ones, which the regex would not match.
    let text = String(number);
    if (/e/i.test(text)) text = number.toFixed(20).replace(/0+$/, "");
    if (!text.includes(".")) text += ".0";
    if (text.endsWith(".")) text += "0";
    if (!new RegExp(`^(?:${this.regex})$`).test(text))
      throw new ValidationError(`${number} cannot be written as a URL float.`);
    return text;
  }
}

const UUID_PATTERN = "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}";

/**
 * UUIDs in the 8-4-4-4-12 hex form; the value is the lower-case string.
 *
 * @example
 * new Rule("/object/<uuid:id>", { endpoint: "object" });
 */
export class UUIDConverter extends BaseConverter {
  override regex = UUID_PATTERN;
  // More specific than a plain segment (Werkzeug: 100, a tie with string); see AnyConverter.
  override weight = 80;

  constructor(map: UrlMap, ...args: ConverterArgs) {
    super(map);
    bindConverterArgs("uuid", args, []);
  }

  override toValue(text: string): string {
    return text.toLowerCase();
  }

  override toUrl(value: unknown): string {
    const text = String(value);
    if (!new RegExp(`^${UUID_PATTERN}$`).test(text))
      throw new ValidationError(`"${text}" is not a UUID.`);
    return text.toLowerCase();
  }
}

/**
 * The converters every map knows; `UrlMap({ converters })` adds to or replaces them.
 *
 * @example
 * Object.keys(DEFAULT_CONVERTERS); // ["default", "string", "any", "path", "int", "float", "uuid"]
 */
export const DEFAULT_CONVERTERS: Readonly<Record<string, ConverterClass>> = Object.freeze({
  default: StringConverter,
  string: StringConverter,
  any: AnyConverter,
  path: PathConverter,
  int: IntegerConverter,
  float: FloatConverter,
  uuid: UUIDConverter,
});
