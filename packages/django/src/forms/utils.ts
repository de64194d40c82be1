// Small helpers shared by widgets, fields and rendering.
import { escapeHtml } from "../template/index.ts";

/** Attribute values a widget renders: `true` → bare attribute, `false`/null/undefined → omitted. */
export type AttrValue = string | number | boolean | null | undefined;
/** HTML attributes, rendered in insertion order. */
export type Attrs = Record<string, AttrValue>;

/** Renders attributes with a leading space each (Django's `flatatt`), values escaped. */
export function flatAttrs(attrs: Attrs): string {
  let out = "";
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/**
 * A label from a field name: camelCase and snake_case split into words, first letter
 * capitalised (Django's `pretty_name`): `questionText` → "Question text".
 */
export function prettyName(name: string): string {
  const words = name
    .replace(/_/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return capfirst(words);
}

/** First letter upper-cased. */
export function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `YYYY-MM-DD HH:MM:SS` in UTC (the ORM stores UTC instants), the DateTimeInput format. */
export function formatDateTime(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
  );
}

/** `YYYY-MM-DD` in UTC. */
export function formatDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The values Django treats as empty input (`EMPTY_VALUES`). */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}
