/**
 * Django's date format characters (PHP `date()` style), as used by the `date`/`time` filters
 * and `{% now %}`. Dates are formatted in UTC: this engine has no time-zone support, and UTC
 * is what Django renders with `USE_TZ = True` and `TIME_ZONE = "UTC"` (the project default).
 */

const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
/** Associated Press style, as Django's `N`. */
const apMonths = [
  "Jan.",
  "Feb.",
  "March",
  "April",
  "May",
  "June",
  "July",
  "Aug.",
  "Sept.",
  "Oct.",
  "Nov.",
  "Dec.",
];
const dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * Django's default `DATE_FORMAT`, used by `|date` without an argument.
 *
 * @example
 * formatDate(new Date(Date.UTC(2026, 10, 25)), DATE_FORMAT); // "Nov. 25, 2026"
 */
export const DATE_FORMAT = "N j, Y";
/**
 * Django's default `DATETIME_FORMAT`, used when a `Date` is rendered without a filter.
 *
 * @example
 * formatDate(new Date(Date.UTC(2026, 10, 25, 15)), DATETIME_FORMAT); // "Nov. 25, 2026, 3 p.m."
 */
export const DATETIME_FORMAT = "N j, Y, P";
/**
 * Django's default `TIME_FORMAT`, used by `|time` without an argument.
 *
 * @example
 * formatDate(new Date(Date.UTC(2026, 0, 1, 12)), TIME_FORMAT); // "noon"
 */
export const TIME_FORMAT = "P";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function twelveHour(d: Date): number {
  const h = d.getUTCHours() % 12;
  return h === 0 ? 12 : h;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function dayOfYear(d: Date): number {
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.floor((d.getTime() - start) / 86_400_000) + 1;
}

/** ISO-8601 week-numbering year and week. */
function isoWeek(d: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return {
    year: day.getUTCFullYear(),
    week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7),
  };
}

function ordinalSuffix(day: number): string {
  if (day >= 11 && day <= 13) return "th";
  return { 1: "st", 2: "nd", 3: "rd" }[day % 10] ?? "th";
}

function isoFormat(d: Date): string {
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const micro = d.getUTCMilliseconds() * 1000;
  return `${base}${micro === 0 ? "" : `.${pad(micro, 6)}`}+00:00`;
}

/** `f`: "1", "1:30" — hour on a 12-hour clock, minutes only when non-zero. */
function shortTime(d: Date): string {
  const minutes = d.getUTCMinutes();
  return minutes === 0 ? String(twelveHour(d)) : `${twelveHour(d)}:${pad(minutes)}`;
}

const formatters: Record<string, (d: Date) => string> = {
  a: (d) => (d.getUTCHours() < 12 ? "a.m." : "p.m."),
  A: (d) => (d.getUTCHours() < 12 ? "AM" : "PM"),
  b: (d) => monthNames[d.getUTCMonth()]!.slice(0, 3).toLowerCase(),
  c: isoFormat,
  d: (d) => pad(d.getUTCDate()),
  D: (d) => dayNames[d.getUTCDay()]!.slice(0, 3),
  e: () => "UTC",
  E: (d) => monthNames[d.getUTCMonth()]!,
  f: shortTime,
  F: (d) => monthNames[d.getUTCMonth()]!,
  g: (d) => String(twelveHour(d)),
  G: (d) => String(d.getUTCHours()),
  h: (d) => pad(twelveHour(d)),
  H: (d) => pad(d.getUTCHours()),
  i: (d) => pad(d.getUTCMinutes()),
  I: () => "0",
  j: (d) => String(d.getUTCDate()),
  l: (d) => dayNames[d.getUTCDay()]!,
  L: (d) => (isLeap(d.getUTCFullYear()) ? "True" : "False"),
  m: (d) => pad(d.getUTCMonth() + 1),
  M: (d) => monthNames[d.getUTCMonth()]!.slice(0, 3),
  n: (d) => String(d.getUTCMonth() + 1),
  N: (d) => apMonths[d.getUTCMonth()]!,
  o: (d) => String(isoWeek(d).year),
  O: () => "+0000",
  P: (d) => {
    const [h, m] = [d.getUTCHours(), d.getUTCMinutes()];
    if (m === 0 && h === 0) return "midnight";
    if (m === 0 && h === 12) return "noon";
    return `${shortTime(d)} ${formatters.a!(d)}`;
  },
  r: (d) =>
    `${formatters.D!(d)}, ${pad(d.getUTCDate())} ${formatters.M!(d)} ${pad(d.getUTCFullYear(), 4)} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`,
  s: (d) => pad(d.getUTCSeconds()),
  S: (d) => ordinalSuffix(d.getUTCDate()),
  t: (d) => String(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()),
  T: () => "UTC",
  u: (d) => pad(d.getUTCMilliseconds() * 1000, 6),
  U: (d) => String(Math.floor(d.getTime() / 1000)),
  w: (d) => String(d.getUTCDay()),
  W: (d) => String(isoWeek(d).week),
  y: (d) => pad(d.getUTCFullYear() % 100),
  Y: (d) => pad(d.getUTCFullYear(), 4),
  z: (d) => String(dayOfYear(d)),
  Z: () => "0",
};

/**
 * Formats a date with Django's format characters, in UTC. A backslash escapes the next
 * character; characters without a meaning are copied.
 *
 * @example
 * formatDate(new Date(Date.UTC(2026, 0, 5, 15, 30)), "D, j N Y, P"); // "Mon, 5 Jan. 2026, 3:30 p.m."
 */
export function formatDate(date: Date, format: string): string {
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === "\\") {
      i++;
      if (i < format.length) out += format[i];
      continue;
    }
    const formatter = formatters[ch];
    out += formatter ? formatter(date) : ch;
  }
  return out;
}

/** True for a `Date` that holds a real time (not `new Date("garbage")`). */
export function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
