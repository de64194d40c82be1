/**
 * How template values behave, following Python where Django templates rely on it:
 * truthiness (empty list/dict/string and 0 are false), `==` without coercion between
 * strings and numbers, `str()` of None/True/False. Kept in one place so tags and filters agree.
 */
import { DATETIME_FORMAT, formatDate, isValidDate } from "./dateformat.ts";
import { SafeString } from "./safe.ts";

/** True for a Promise or any object with a callable `then` (QuerySets are thenables). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** True for objects whose prototype is Object.prototype or null (a JS "dict"). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The text a value renders as (Python's `str()` as Django shows it): `null` → "None",
 * booleans → "True"/"False", dates in `DATETIME_FORMAT`, `undefined` → "".
 *
 * @example
 * toText(null); // "None"
 */
export function toText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (value instanceof SafeString) return value.value;
  if (isValidDate(value)) return formatDate(value, DATETIME_FORMAT);
  return String(value);
}

/**
 * The size of a sized value (Python `len()`): strings, arrays, Maps, Sets, plain objects and
 * iterables with a numeric `length`/`size`; undefined when it has none.
 */
export function sizeOf(value: unknown): number | undefined {
  if (typeof value === "string" || Array.isArray(value)) return value.length;
  if (value instanceof SafeString) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (ArrayBuffer.isView(value)) return (value as unknown as { length: number }).length;
  if (isPlainObject(value)) return Object.keys(value).length;
  // An iterable collection with a numeric length/size (e.g. the messages storage) is sized
  // like a Python object with __len__; other objects' `size` fields are data, not length.
  if (typeof value === "object" && value !== null && Symbol.iterator in value) {
    const { length, size } = value as { length?: unknown; size?: unknown };
    if (typeof length === "number") return length;
    if (typeof size === "number") return size;
  }
  return undefined;
}

/**
 * Python truthiness: `null`/`undefined`, `false`, `0`, `NaN`, empty strings, arrays, Maps,
 * Sets and plain objects are false; everything else is true.
 *
 * @example
 * truthy([]); // false — JavaScript alone would say true
 */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "bigint") return value !== 0n;
  const size = sizeOf(value);
  if (size !== undefined) return size > 0;
  return true;
}

/** Strips the SafeString wrapper and turns `undefined` (missing) into `null` (None). */
function plain(value: unknown): unknown {
  if (value instanceof SafeString) return value.value;
  if (value === undefined) return null;
  return value;
}

/** Python's `==`: no string/number coercion; True == 1; dates and arrays by value. */
export function pyEquals(left: unknown, right: unknown): boolean {
  let a = plain(left);
  let b = plain(right);
  if (typeof a === "boolean" && typeof b === "number") a = a ? 1 : 0;
  if (typeof b === "boolean" && typeof a === "number") b = b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => pyEquals(item, b[i]));
  }
  return a === b;
}

/**
 * Python ordering for `<`, `>`, `<=`, `>=`: numbers with numbers, strings with strings, dates
 * with dates. Anything else is incomparable (`undefined`), which the `if` tag treats as false.
 */
export function pyCompare(left: unknown, right: unknown): number | undefined {
  let a = plain(left);
  let b = plain(right);
  if (typeof a === "boolean") a = a ? 1 : 0;
  if (typeof b === "boolean") b = b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) {
    a = a.getTime();
    b = b.getTime();
  }
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** Python's `in`: substring, array/Set member, Map key, plain-object key; else false. */
export function pyContains(container: unknown, item: unknown): boolean {
  const box = plain(container);
  const needle = plain(item);
  if (typeof box === "string") return typeof needle === "string" && box.includes(needle);
  if (Array.isArray(box)) return box.some((element) => pyEquals(element, needle));
  if (box instanceof Set) return [...box].some((element) => pyEquals(element, needle));
  if (box instanceof Map) return box.has(needle);
  if (isPlainObject(box)) return typeof needle === "string" && Object.hasOwn(box, needle);
  return false;
}
