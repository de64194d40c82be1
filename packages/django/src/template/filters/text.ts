/** String filters: case, padding, truncation, slugs, URL quoting. */
import type { Library } from "../library.ts";
import { SafeString, markSafe } from "../safe.ts";
import { toText } from "../values.ts";
import { quote } from "../tags/web.ts";

/** Python's `int()` on a template value, or undefined. */
export function toInt(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string" && !(value instanceof SafeString)) return undefined;
  const text = toText(value).trim();
  return /^[-+]?\d+$/.test(text) ? Number.parseInt(text, 10) : undefined;
}

/** Python's `str.center(width)`. */
function center(text: string, width: number): string {
  const margin = width - text.length;
  if (margin <= 0) return text;
  const left = Math.floor(margin / 2) + (margin & width & 1);
  return " ".repeat(left) + text + " ".repeat(margin - left);
}

/** Python's `str.title()` plus Django's fixes for apostrophes and digits. */
function title(text: string): string {
  const titled = text.replace(
    /\p{L}+/gu,
    (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase(),
  );
  return titled
    .replace(/([a-z])'([A-Z])/g, (match) => match.toLowerCase())
    .replace(/\d([A-Z])/g, (match) => match.toLowerCase());
}

/**
 * Django's `slugify`: ASCII only, lowercase, spaces and hyphens collapsed to one hyphen.
 *
 * @example
 * slugify(" Joel is a slug! "); // "joel-is-a-slug"
 */
export function slugify(text: string): string {
  const ascii = text.normalize("NFKD").replace(/[^\p{ASCII}]/gu, "");
  return ascii
    .toLowerCase()
    .replace(/[^\w\s-]/g, "")
    .replace(/[-\s]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

function truncateChars(text: string, length: number): string {
  const normalized = text.normalize("NFC");
  const chars = [...normalized];
  if (length <= 0) return "";
  if (chars.length <= length) return normalized;
  return chars.slice(0, length - 1).join("") + "…";
}

function truncateWords(text: string, length: number): string {
  if (length <= 0) return "";
  const words = text.split(/\s+/).filter((word) => word !== "");
  if (words.length > length) return `${words.slice(0, length).join(" ")} …`;
  return words.join(" ");
}

/** Registers the string filters on `library`. */
export function registerTextFilters(library: Library): void {
  const asString = { stringFilter: true, isSafe: true } as const;
  library
    .filter("lower", (value) => (value as string).toLowerCase(), asString)
    .filter("upper", (value) => (value as string).toUpperCase(), asString)
    .filter(
      "capfirst",
      (value) => {
        const text = value as string;
        return text === "" ? text : text[0]!.toUpperCase() + text.slice(1);
      },
      asString,
    )
    .filter("title", (value) => title(value as string), asString)
    .filter("center", (value, arg) => center(value as string, toInt(arg) ?? 0), asString)
    .filter("ljust", (value, arg) => (value as string).padEnd(toInt(arg) ?? 0), asString)
    .filter("rjust", (value, arg) => (value as string).padStart(toInt(arg) ?? 0), asString)
    .filter(
      "addslashes",
      (value) => (value as string).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/'/g, "\\'"),
      asString,
    )
    .filter(
      "cut",
      (value, arg) => {
        const result = toText(value).split(toText(arg)).join("");
        return value instanceof SafeString && toText(arg) !== ";" ? markSafe(result) : result;
      },
      { arg: "required" },
    )
    .filter("slugify", (value) => slugify(value as string), asString)
    .filter(
      "truncatechars",
      (value, arg) => {
        const length = toInt(arg);
        return length === undefined ? value : truncateChars(value as string, length);
      },
      asString,
    )
    .filter(
      "truncatewords",
      (value, arg) => {
        const length = toInt(arg);
        return length === undefined ? value : truncateWords(value as string, length);
      },
      asString,
    )
    .filter("wordcount", (value) => (value as string).split(/\s+/).filter((w) => w !== "").length, {
      stringFilter: true,
    })
    .filter("make_list", (value) => [...(value as string)], { stringFilter: true })
    .filter(
      "urlencode",
      (value, arg) => quote(value as string, arg === undefined ? "/" : toText(arg)),
      { stringFilter: true, arg: "optional" },
    );
}
