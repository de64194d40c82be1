// The changelist's sidebar filters (Django's `list_filter`): dates ("Any date", "Today",
// "Past 7 days", "This month", "This year"), booleans, fields with choices and ForeignKeys.
// Each filter owns some query-string parameters, turns them into ORM lookups and lists its
// choices with the query string each one links to.
import { ForeignKey, type Field, type Lookups, type ModelClass } from "../../db/index.ts";
import { fieldLabel, metaOf } from "./_util.ts";

/** One choice of a filter, as the template shows it. */
export interface FilterChoice {
  display: string;
  selected: boolean;
  /** The query string (with the leading "?") this choice links to. */
  queryString: string;
}

/** A filter bound to the current request's parameters. */
export interface ListFilter {
  title: string;
  /** The query-string parameters this filter reads. */
  readonly parameters: readonly string[];
  /** ORM lookups for the selected choice (empty when "All"); throws `InvalidFilterValue`. */
  lookups(): Lookups;
  choices(makeQuery: (set: Record<string, string | null>) => string): Promise<FilterChoice[]>;
}

/** A filter parameter whose value cannot be used (Django redirects with `?e=1`). */
export class InvalidFilterValue extends Error {
  readonly code = "DJANGO_E_ADMIN_INVALID_FILTER";
}

const DAY = 24 * 60 * 60 * 1000;

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function parseIsoDate(text: string, name: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    throw new InvalidFilterValue(`${name} must be a date (YYYY-MM-DD), not "${text}"`);
  }
  return new Date(`${text}T00:00:00Z`);
}

/** Django's DateFieldListFilter, in UTC (the project's TIME_ZONE). */
function dateFilter(field: Field, params: URLSearchParams, now: Date): ListFilter {
  const since = `${field.name}__gte`;
  const until = `${field.name}__lt`;
  const today = startOfDay(now);
  const tomorrow = new Date(today.getTime() + DAY);
  const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const nextMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
  const yearStart = new Date(Date.UTC(today.getUTCFullYear(), 0, 1));
  const nextYear = new Date(Date.UTC(today.getUTCFullYear() + 1, 0, 1));
  const options: [string, Record<string, string | null>][] = [
    ["Any date", { [since]: null, [until]: null }],
    ["Today", { [since]: isoDate(today), [until]: isoDate(tomorrow) }],
    [
      "Past 7 days",
      { [since]: isoDate(new Date(today.getTime() - 7 * DAY)), [until]: isoDate(tomorrow) },
    ],
    ["This month", { [since]: isoDate(monthStart), [until]: isoDate(nextMonth) }],
    ["This year", { [since]: isoDate(yearStart), [until]: isoDate(nextYear) }],
  ];
  return {
    title: fieldLabel(field),
    parameters: [since, until],
    lookups() {
      const lookups: Lookups = {};
      const from = params.get(since);
      const to = params.get(until);
      if (from !== null) lookups[since] = parseIsoDate(from, since);
      if (to !== null) lookups[until] = parseIsoDate(to, until);
      return lookups;
    },
    async choices(makeQuery) {
      return options.map(([display, set]) => ({
        display,
        selected: params.get(since) === set[since] && params.get(until) === set[until],
        queryString: makeQuery(set),
      }));
    },
  };
}

/** A filter with fixed values: booleans, choices, ForeignKeys (`<field>__exact`). */
function exactFilter(
  field: Field,
  params: URLSearchParams,
  parameter: string,
  values: () => Promise<[string, string][]>,
  convert: (text: string) => unknown,
): ListFilter {
  return {
    title: fieldLabel(field),
    parameters: [parameter],
    lookups() {
      const value = params.get(parameter);
      return value === null ? {} : { [parameter]: convert(value) };
    },
    async choices(makeQuery) {
      const current = params.get(parameter);
      return [
        {
          display: "All",
          selected: current === null,
          queryString: makeQuery({ [parameter]: null }),
        },
        ...(await values()).map(([value, display]) => ({
          display,
          selected: current === value,
          queryString: makeQuery({ [parameter]: value }),
        })),
      ];
    },
  };
}

/**
 * The filter for one `listFilter` entry (a field name), bound to the request's parameters.
 *
 * @example
 * const filter = makeFilter(Question, "pubDate", new URLSearchParams("pubDate__gte=2026-01-01"));
 * filter.lookups(); // { pubDate__gte: Date(2026-01-01) }
 */
export function makeFilter(
  model: ModelClass,
  name: string,
  params: URLSearchParams,
  now: Date = new Date(),
): ListFilter {
  const field = metaOf(model).getField(name);
  if (field === undefined) {
    throw new TypeError(`listFilter entry "${name}" is not a field of ${model.name}`);
  }
  if (field instanceof ForeignKey) {
    const related = field.relatedModel();
    const parameter = `${field.name}__id__exact`;
    return exactFilter(
      field,
      params,
      parameter,
      async () =>
        (await related.objects.all()).map(
          (obj) => [String(obj.pk), String(obj)] as [string, string],
        ),
      (text) => {
        if (!/^\d+$/.test(text)) throw new InvalidFilterValue(`${parameter} must be an id`);
        return Number(text);
      },
    );
  }
  if (field.choices !== undefined) {
    const choices = field.choices;
    return exactFilter(
      field,
      params,
      `${field.name}__exact`,
      async () => choices.map(([value, label]) => [String(value), label] as [string, string]),
      (text) => {
        const match = choices.find(([value]) => String(value) === text);
        if (match === undefined)
          throw new InvalidFilterValue(`"${text}" is not a choice of ${field.name}`);
        return match[0];
      },
    );
  }
  if (field.internalType === "BooleanField") {
    return exactFilter(
      field,
      params,
      `${field.name}__exact`,
      async () => [
        ["1", "Yes"],
        ["0", "No"],
      ],
      (text) => {
        if (text !== "1" && text !== "0")
          throw new InvalidFilterValue(`${field.name}__exact must be 1 or 0`);
        return text === "1";
      },
    );
  }
  if (field.internalType === "DateTimeField" || field.internalType === "DateField") {
    return dateFilter(field, params, now);
  }
  throw new TypeError(
    `listFilter supports date, boolean, choice and ForeignKey fields; ${model.name}.${name} is a ${field.internalType}`,
  );
}

/** The title Django shows above a filter: "By date published". */
export function filterTitle(filter: ListFilter): string {
  return `By ${filter.title}`;
}
