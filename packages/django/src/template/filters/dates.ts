/** Date filters: date, time, timesince, timeuntil. All in UTC (see dateformat.ts). */
import { DATE_FORMAT, TIME_FORMAT, formatDate, isValidDate } from "../dateformat.ts";
import type { Library } from "../library.ts";
import { toText } from "../values.ts";

const unitNames: [string, string][] = [
  ["year", "years"],
  ["month", "months"],
  ["week", "weeks"],
  ["day", "days"],
  ["hour", "hours"],
  ["minute", "minutes"],
];
const chunkSeconds = [7 * 86_400, 86_400, 3_600, 60];
/** Django uses 28 days for February here, whatever the year. */
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function unit(index: number, count: number): string {
  const [singular, plural] = unitNames[index]!;
  return `${count}\u00a0${count === 1 ? singular : plural}`;
}

/**
 * Django's `timesince`: the two largest adjacent non-zero units between `since` and `now`,
 * e.g. "4 days, 6 hours" (non-breaking spaces inside each part). Months and years are
 * calendar months, as Django 4+ computes them. A future `since` gives "0 minutes".
 *
 * @example
 * timesince(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-05T06:00:00Z")); // "4 days, 6 hours"
 */
export function timesince(since: Date, now: Date = new Date(), depth = 2): string {
  const seconds = Math.floor((now.getTime() - since.getTime()) / 1000);
  if (seconds <= 0) return unit(5, 0);
  let totalMonths =
    (now.getUTCFullYear() - since.getUTCFullYear()) * 12 +
    (now.getUTCMonth() - since.getUTCMonth());
  const timeOfDay = (d: Date) =>
    d.getTime() - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (
    since.getUTCDate() > now.getUTCDate() ||
    (since.getUTCDate() === now.getUTCDate() && timeOfDay(since) > timeOfDay(now))
  ) {
    totalMonths -= 1;
  }
  const years = Math.floor(totalMonths / 12);
  const months = totalMonths % 12;
  let pivot = since;
  if (years !== 0 || months !== 0) {
    let pivotYear = since.getUTCFullYear() + years;
    let pivotMonth = since.getUTCMonth() + months;
    if (pivotMonth > 11) {
      pivotMonth -= 12;
      pivotYear += 1;
    }
    pivot = new Date(
      Date.UTC(
        pivotYear,
        pivotMonth,
        Math.min(monthDays[pivotMonth]!, since.getUTCDate()),
        since.getUTCHours(),
        since.getUTCMinutes(),
        since.getUTCSeconds(),
      ),
    );
  }
  let remaining = Math.floor((now.getTime() - pivot.getTime()) / 1000);
  const partials = [years, months];
  for (const chunk of chunkSeconds) {
    const count = Math.floor(remaining / chunk);
    partials.push(count);
    remaining -= chunk * count;
  }
  const first = partials.findIndex((count) => count !== 0);
  if (first === -1) return unit(5, 0);
  const parts: string[] = [];
  for (let i = first; i < partials.length && parts.length < depth; i++) {
    if (partials[i] === 0) break;
    parts.push(unit(i, partials[i]!));
  }
  return parts.join(", ");
}

function formatWith(defaultFormat: string) {
  return (value: unknown, arg: unknown): string => {
    if (!isValidDate(value)) return "";
    return formatDate(value, arg === undefined ? defaultFormat : toText(arg));
  };
}

/** Registers the date filters on `library`. */
export function registerDateFilters(library: Library): void {
  library
    .filter("date", formatWith(DATE_FORMAT), { arg: "optional" })
    .filter("time", formatWith(TIME_FORMAT), { arg: "optional" })
    .filter(
      "timesince",
      (value, arg) => {
        if (!isValidDate(value)) return "";
        if (arg !== undefined && !isValidDate(arg)) return "";
        return timesince(value, arg === undefined ? new Date() : arg);
      },
      { arg: "optional" },
    )
    .filter(
      "timeuntil",
      (value, arg) => {
        if (!isValidDate(value)) return "";
        if (arg !== undefined && !isValidDate(arg)) return "";
        return timesince(arg === undefined ? new Date() : arg, value);
      },
      { arg: "optional" },
    );
}
