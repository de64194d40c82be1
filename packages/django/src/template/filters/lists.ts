/** Filters on sequences: first, last, length, join, slice, dictsort, get_digit. */
import type { Library } from "../library.ts";
import { SafeString, conditionalEscape, markSafe } from "../safe.ts";
import { pyCompare, sizeOf, toText } from "../values.ts";
import { MISSING, lookupPath } from "../variable.ts";
import { toInt } from "./text.ts";

/** Items of a sequence-like value for filters (strings give characters). */
function sequence(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === "string" || value instanceof SafeString) return [...toText(value)];
  if (value instanceof Map) return [...value.entries()];
  if (value !== null && typeof value === "object" && Symbol.iterator in value) {
    return [...(value as Iterable<unknown>)];
  }
  return undefined;
}

/**
 * Python slicing (`value[start:stop:step]`) from Django's `"start:stop:step"` argument text;
 * a single number is the stop (`slice:"2"` keeps the first two).
 *
 * @example
 * pythonSlice([1, 2, 3, 4], "1:-1"); // [2, 3]
 */
export function pythonSlice<T>(items: T[], spec: string): T[] | undefined {
  const parts = spec.split(":");
  if (parts.length > 3) return undefined;
  const numbers: (number | undefined)[] = [];
  for (const part of parts) {
    if (part === "") numbers.push(undefined);
    else if (/^\s*[-+]?\d+\s*$/.test(part)) numbers.push(Number.parseInt(part, 10));
    else return undefined;
  }
  let [start, stop, step] = parts.length === 1 ? [undefined, numbers[0], undefined] : numbers;
  step ??= 1;
  if (step === 0) return undefined;
  const length = items.length;
  const clamp = (index: number, low: number, high: number) =>
    Math.min(Math.max(index < 0 ? index + length : index, low), high);
  const result: T[] = [];
  if (step > 0) {
    start = start === undefined ? 0 : clamp(start, 0, length);
    stop = stop === undefined ? length : clamp(stop, 0, length);
    for (let i = start; i < stop; i += step) result.push(items[i]!);
  } else {
    start = start === undefined ? length - 1 : clamp(start, -1, length - 1);
    stop = stop === undefined ? -1 : clamp(stop, -1, length - 1);
    for (let i = start; i > stop; i += step) result.push(items[i]!);
  }
  return result;
}

function dictsort(value: unknown, arg: unknown, reverse: boolean): unknown {
  const items = sequence(value);
  const key = toText(arg);
  if (!items || key === "" || key.split(".").some((bit) => bit.startsWith("_"))) return "";
  const keyed = items.map((item) => ({ item, key: lookupPath(item, key) }));
  if (keyed.some((entry) => entry.key === MISSING)) return "";
  try {
    keyed.sort((a, b) => {
      const order = pyCompare(reverse ? b.key : a.key, reverse ? a.key : b.key);
      if (order === undefined) throw new TypeError("unorderable");
      return order;
    });
  } catch {
    return "";
  }
  return keyed.map((entry) => entry.item);
}

/** Registers the sequence filters on `library`. */
export function registerListFilters(library: Library): void {
  library
    .filter("first", (value) => sequence(value)?.[0] ?? "")
    .filter("last", (value) => sequence(value)?.at(-1) ?? "")
    .filter("length", (value) => sizeOf(value) ?? 0, { isSafe: true })
    .filter(
      "join",
      (value, arg, { autoescape }) => {
        const items = sequence(value);
        if (!items) return value;
        if (!autoescape) return markSafe(items.map(toText).join(toText(arg)));
        const joiner = conditionalEscape(arg ?? "").value;
        return markSafe(items.map((item) => conditionalEscape(item).value).join(joiner));
      },
      { isSafe: true, arg: "required" },
    )
    .filter(
      "slice",
      (value, arg) => {
        const text = typeof value === "string" || value instanceof SafeString;
        const items = sequence(value);
        const sliced = items ? pythonSlice(items, toText(arg)) : undefined;
        if (!sliced) return value;
        return text ? sliced.join("") : sliced;
      },
      { isSafe: true, arg: "required" },
    )
    .filter("dictsort", (value, arg) => dictsort(value, arg, false), { arg: "required" })
    .filter("dictsortreversed", (value, arg) => dictsort(value, arg, true), { arg: "required" })
    .filter(
      "get_digit",
      (value, arg) => {
        const number = toInt(value);
        const position = toInt(arg);
        if (number === undefined || position === undefined || position < 1) return value;
        const digits = String(number);
        return position > digits.length ? 0 : Number(digits[digits.length - position]);
      },
      { isSafe: false, arg: "required" },
    );
}
