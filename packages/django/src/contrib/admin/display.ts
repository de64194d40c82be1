// How the changelist shows a value: `listDisplay` entries (field names, model methods,
// ModelAdmin methods, functions), their column headers, booleans as icons, empty values.
import type { Model, ModelClass } from "../../db/index.ts";
import { escapeHtml, markSafe, type SafeString } from "../../template/index.ts";
import { capfirst, fieldLabel, humanize, metaOf } from "./_util.ts";

/** Options of {@link display} (Django's `@admin.display`). */
export interface DisplayOptions {
  /** Show the value as a yes/no icon. */
  boolean?: boolean;
  /** The field to sort by when this column's header is clicked. */
  ordering?: string;
  /** The column header. */
  description?: string;
  /** What an empty value shows (default "-"). */
  emptyValue?: string;
}

/**
 * A function column of `listDisplay`: `(obj) => value`, maybe with display options. (Method
 * syntax, so a function of `Question` still counts as a function of `Model`.)
 */
export type DisplayFunction = { read(obj: Model): unknown }["read"] & DisplayOptions;

/** A `listDisplay` entry: a field or method name, or a function of the object. */
export type ListDisplayEntry = string | DisplayFunction;

/**
 * Attaches display options to a model method or a function column (Django's
 * `@admin.display(boolean=True, ordering="pub_date", description="Published recently?")`).
 *
 * @example
 * display({ boolean: true, ordering: "pubDate", description: "Published recently?" })(
 *   Question.prototype.wasPublishedRecently,
 * );
 */
export function display(options: DisplayOptions) {
  return <F extends (...args: never[]) => unknown>(fn: F): F & DisplayOptions =>
    Object.assign(fn, options);
}

/** One resolved column of the changelist. */
export interface Column {
  /** The `listDisplay` entry's name ("questionText", "wasPublishedRecently", or the function's name). */
  name: string;
  header: string;
  /** The ORM ordering this column sorts by, or undefined when it cannot be sorted. */
  ordering: string | undefined;
  boolean: boolean;
  emptyValue: string;
  /** Reads the raw value of an object (may be async: a ForeignKey, an async method). */
  read(obj: Model): unknown;
}

const EMPTY = "-";

function displayOptionsOf(value: unknown): DisplayOptions {
  return typeof value === "function" ? (value as DisplayOptions) : {};
}

/**
 * Resolves a `listDisplay` entry against the model and the ModelAdmin, as Django's
 * `label_for_field` / `lookup_field` do: a field, a ModelAdmin method, a model method or
 * property, or a function; `"__str__"` is the object itself.
 *
 * @example
 * resolveColumn(Question, admin, "pubDate").header; // "Date published"
 */
export function resolveColumn(model: ModelClass, admin: object, entry: ListDisplayEntry): Column {
  if (typeof entry === "function") {
    return {
      name: entry.name || "column",
      header: entry.description ?? capfirst(humanize(entry.name || "column")),
      ordering: entry.ordering,
      boolean: entry.boolean ?? false,
      emptyValue: entry.emptyValue ?? EMPTY,
      read: (obj) => entry(obj),
    };
  }
  if (entry === "__str__") {
    return {
      name: entry,
      header: capfirst(metaOf(model).verboseName),
      ordering: undefined,
      boolean: false,
      emptyValue: EMPTY,
      read: (obj) => String(obj),
    };
  }
  const field = metaOf(model).getField(entry);
  if (field !== undefined) {
    return {
      name: entry,
      header: capfirst(fieldLabel(field)),
      ordering: field.name,
      boolean: field.internalType === "BooleanField",
      emptyValue: EMPTY,
      read: (obj) => {
        const value = (obj as unknown as Record<string, unknown>)[field.name];
        return field.choices !== undefined ? obj.getDisplay(field.name) : value;
      },
    };
  }
  const adminMember = (admin as Record<string, unknown>)[entry];
  if (typeof adminMember === "function") {
    const options = displayOptionsOf(adminMember);
    return {
      name: entry,
      header: options.description ?? capfirst(humanize(entry)),
      ordering: options.ordering,
      boolean: options.boolean ?? false,
      emptyValue: options.emptyValue ?? EMPTY,
      read: (obj) => (adminMember as (obj: Model) => unknown).call(admin, obj),
    };
  }
  if (entry in (model.prototype as object)) {
    const member = (model.prototype as unknown as Record<string, unknown>)[entry];
    const options = displayOptionsOf(member);
    return {
      name: entry,
      header: options.description ?? capfirst(humanize(entry)),
      ordering: options.ordering,
      boolean: options.boolean ?? false,
      emptyValue: options.emptyValue ?? EMPTY,
      read: (obj) => {
        const value = (obj as unknown as Record<string, unknown>)[entry];
        return typeof value === "function" ? (value as () => unknown).call(obj) : value;
      },
    };
  }
  throw new TypeError(
    `listDisplay entry "${entry}" is neither a field of ${model.name}, a method of its ModelAdmin, nor a member of the model`,
  );
}

/**
 * A boolean as the admin shows it: an icon drawn with text (✔ / ✘ / ?), with the value as
 * its accessible name.
 *
 * @example
 * booleanIcon(true); // <span class="boolean-icon yes" title="True" aria-label="True">✔</span>
 */
export function booleanIcon(value: unknown): SafeString {
  if (value === null || value === undefined) {
    return markSafe('<span class="boolean-icon unknown" title="None" aria-label="None">?</span>');
  }
  return value
    ? markSafe('<span class="boolean-icon yes" title="True" aria-label="True">\u2714</span>')
    : markSafe('<span class="boolean-icon no" title="False" aria-label="False">\u2718</span>');
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** A date as the admin lists it (UTC, as the project's TIME_ZONE). */
export function formatDate(value: Date): string {
  const months = [
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
  const hours = value.getUTCHours();
  const minutes = value.getUTCMinutes();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const time =
    hours === 0 && minutes === 0
      ? "midnight"
      : hours === 12 && minutes === 0
        ? "noon"
        : `${hour12}${minutes === 0 ? "" : `:${pad(minutes)}`} ${hours < 12 ? "a.m." : "p.m."}`;
  return `${months[value.getUTCMonth()]} ${value.getUTCDate()}, ${value.getUTCFullYear()}, ${time}`;
}

/**
 * The HTML of one changelist cell: booleans as icons, dates formatted, empty as "-",
 * everything else escaped text.
 *
 * @example
 * await renderCell(column, question); // "What's up?"
 */
export async function renderCell(column: Column, obj: Model): Promise<SafeString> {
  const value: unknown = await column.read(obj);
  if (column.boolean) return booleanIcon(value);
  if (value === null || value === undefined || value === "") {
    return markSafe(escapeHtml(column.emptyValue));
  }
  if (value instanceof Date) return markSafe(escapeHtml(formatDate(value)));
  if (typeof value === "boolean") return booleanIcon(value);
  return markSafe(escapeHtml(String(value)));
}
