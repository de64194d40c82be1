/** Number and logic filters: add, divisibleby, floatformat, filesizeformat, pluralize, yesno, default. */
import type { Library } from "../library.ts";
import { SafeString, markSafe } from "../safe.ts";
import { sizeOf, toText, truthy } from "../values.ts";
import { toInt } from "./text.ts";

interface Decimal {
  negative: boolean;
  /** The digits without sign or point; the value is digits × 10^exponent. */
  digits: string;
  exponent: number;
}

const decimalPattern = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

function parseDecimal(text: string): Decimal | undefined {
  const match = decimalPattern.exec(text.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return undefined;
  const fraction = match[3] ?? "";
  return {
    negative: match[1] === "-",
    digits: `${match[2]}${fraction}`.replace(/^0+(?=\d)/, "") || "0",
    exponent: Number(match[4] ?? 0) - fraction.length,
  };
}

/** Rounds half away from zero to `places` decimals and prints exactly that many. */
function quantize(decimal: Decimal, places: number): string {
  let digits = BigInt(decimal.digits);
  const shift = decimal.exponent + places;
  if (shift >= 0) {
    digits *= 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    const remainder = digits % divisor;
    digits /= divisor;
    if (remainder * 2n >= divisor) digits += 1n;
  }
  let text = digits.toString().padStart(places + 1, "0");
  if (places > 0) text = `${text.slice(0, -places)}.${text.slice(-places)}`;
  return decimal.negative && digits !== 0n ? `-${text}` : text;
}

function group(number: string): string {
  const [whole = "", fraction] = number.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const grouped = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/**
 * Django's `floatformat`: `-1` (default) one decimal only when needed, `N` exactly N, `-N`
 * N only when needed, `0` an integer; a `g` suffix adds thousands separators (`u` is
 * accepted: this engine does not localize). Rounds half up on the decimal text, not floats.
 *
 * @example
 * floatformat(34.26); // "34.3"
 * floatformat(34, "3"); // "34.000"
 */
export function floatformat(value: unknown, arg: unknown = -1): string {
  let spec = arg === undefined ? "-1" : toText(arg);
  let grouping = false;
  if (/(?:gu|ug)$/.test(spec)) {
    grouping = true;
    spec = spec.slice(0, -2) || "-1";
  } else if (spec.endsWith("g")) {
    grouping = true;
    spec = spec.slice(0, -1) || "-1";
  } else if (spec.endsWith("u")) {
    spec = spec.slice(0, -1) || "-1";
  }
  const input = toText(value);
  let decimal = parseDecimal(input);
  if (!decimal) {
    const number = typeof value === "boolean" ? Number(value) : Number.NaN;
    if (Number.isNaN(number)) return "";
    decimal = parseDecimal(String(number))!;
  }
  if (!/^[-+]?\d+$/.test(spec.trim())) return input;
  const places = Number.parseInt(spec, 10);
  const wholeDigits =
    decimal.exponent >= 0 ? decimal.digits : decimal.digits.slice(0, decimal.exponent);
  const fractionDigits = decimal.exponent >= 0 ? "" : decimal.digits.slice(decimal.exponent);
  const hasFraction = /[1-9]/.test(fractionDigits);
  const format = (number: string) => (grouping ? group(number) : number);
  if (!hasFraction && places <= 0) {
    const whole =
      decimal.exponent >= 0 ? decimal : { ...decimal, digits: wholeDigits || "0", exponent: 0 };
    return format(quantize(whole, 0));
  }
  return format(quantize(decimal, Math.abs(places)));
}

const sizeUnits = ["KB", "MB", "GB", "TB", "PB"];

/**
 * Django's `filesizeformat`: "0 bytes", "1 byte", "1.0 KB", ... with a non-breaking space.
 *
 * @example
 * filesizeformat(123456789); // "117.7\u00a0MB"
 */
export function filesizeformat(value: unknown): string {
  let bytes = toInt(value);
  if (bytes === undefined && typeof value === "number" && Number.isFinite(value))
    bytes = Math.trunc(value);
  if (bytes === undefined) return "0\u00a0bytes";
  const negative = bytes < 0;
  bytes = Math.abs(bytes);
  let text: string;
  if (bytes < 1024) {
    text = `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  } else {
    let unit = 0;
    let size = bytes / 1024;
    while (size >= 1024 && unit < sizeUnits.length - 1) {
      size /= 1024;
      unit++;
    }
    text = `${(Math.round(size * 10) / 10).toFixed(1)} ${sizeUnits[unit]}`;
  }
  return (negative ? "-" : "") + text.replace(/ /g, "\u00a0");
}

function pluralize(value: unknown, arg: unknown): string {
  const spec = arg === undefined ? "s" : toText(arg);
  if (spec.split(",").length > 2) return "";
  const [singular, plural] = spec.includes(",") ? spec.split(",") : ["", spec];
  const number =
    typeof value === "number"
      ? value
      : typeof value === "boolean"
        ? Number(value)
        : typeof value === "string" || value instanceof SafeString
          ? toText(value).trim() === ""
            ? Number.NaN
            : Number(toText(value))
          : undefined;
  if (number !== undefined) {
    if (Number.isNaN(number)) return "";
    return number === 1 ? singular! : plural!;
  }
  const size = sizeOf(value);
  if (size === undefined) return "";
  return size === 1 ? singular! : plural!;
}

function yesno(value: unknown, arg: unknown): unknown {
  const bits = (arg === undefined ? "yes,no,maybe" : toText(arg)).split(",");
  if (bits.length < 2) return value;
  const [yes, no] = bits as [string, string];
  const maybe = bits.length === 3 ? bits[2]! : no;
  if (value === null || value === undefined) return maybe;
  return truthy(value) ? yes : no;
}

function add(value: unknown, arg: unknown): unknown {
  const left = toInt(value);
  const right = toInt(arg);
  if (left !== undefined && right !== undefined) return left + right;
  const plain = (v: unknown) => (v instanceof SafeString ? v.value : v);
  const [a, b] = [plain(value), plain(arg)];
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return "";
}

/** Registers the number and logic filters on `library`. */
export function registerNumberFilters(library: Library): void {
  library
    .filter("add", add, { arg: "required" })
    .filter(
      "divisibleby",
      (value, arg) => {
        const [number, divisor] = [toInt(value), toInt(arg)];
        if (number === undefined || divisor === undefined || divisor === 0) return "";
        return number % divisor === 0;
      },
      { isSafe: false, arg: "required" },
    )
    .filter("floatformat", (value, arg) => markSafe(floatformat(value, arg)), {
      isSafe: true,
      arg: "optional",
    })
    .filter("filesizeformat", (value) => filesizeformat(value), { isSafe: true })
    .filter("pluralize", pluralize, { isSafe: false, arg: "optional" })
    .filter("yesno", yesno, { isSafe: false, arg: "optional" })
    .filter("default", (value, arg) => (truthy(value) ? value : arg), { arg: "required" })
    .filter("default_if_none", (value, arg) => (value === null ? arg : value), { arg: "required" });
}
