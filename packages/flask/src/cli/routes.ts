/**
 * `tsgi-flask routes`: the URL map as a table, like `flask routes`. Pure: it formats rules.
 */
import { FlaskCliError } from "./errors.ts";

/** What the table needs of a rule (the routing package's `Rule` has these). */
export interface RouteRow {
  rule: string;
  endpoint: string;
  /** Allowed methods; undefined means any. */
  methods?: ReadonlySet<string> | readonly string[] | undefined;
}

/**
 * Orders `--sort` accepts; `match` keeps the order the map tries rules in.
 *
 * @example
 * formatRoutes(app.urlMap.iterRules(), { sort: ROUTE_SORTS[3] }); // "match"
 */
export const ROUTE_SORTS = ["endpoint", "methods", "rule", "match"] as const;
export type RouteSort = (typeof ROUTE_SORTS)[number];

// HEAD and OPTIONS are added to every GET rule automatically; they only clutter the table.
const AUTOMATIC_METHODS = new Set(["HEAD", "OPTIONS"]);

/**
 * The table's lines: a header, a dashed rule, then one line per route. "No routes were
 * registered." when there are none.
 *
 * @example
 * formatRoutes([{ rule: "/", endpoint: "index", methods: new Set(["GET", "HEAD"]) }]);
 * // ["Endpoint  Methods  Rule", "--------  -------  ----", "index     GET      /"]
 */
export function formatRoutes(
  rules: Iterable<RouteRow>,
  options: { sort?: RouteSort; allMethods?: boolean } = {},
): string[] {
  const rows = [...rules].map((rule) => ({
    endpoint: rule.endpoint,
    methods: methodsOf(rule, options.allMethods === true),
    rule: rule.rule,
  }));
  if (rows.length === 0) return ["No routes were registered."];
  const sort = options.sort ?? "endpoint";
  if (sort !== "match") {
    // Stable: rules with the same key keep the map's order.
    rows.sort((a, b) => compare(a[sort], b[sort]) || compare(a.rule, b.rule));
  }
  const headers = ["Endpoint", "Methods", "Rule"] as const;
  const table = rows.map((row) => [row.endpoint, row.methods, row.rule]);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...table.map((cells) => (cells[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((width) => "-".repeat(width))), ...table.map(line)];
}

/**
 * Reads `--sort`; anything else is a usage error naming the choices.
 *
 * @example
 * parseRouteSort("rule"); // "rule"
 */
export function parseRouteSort(value: string): RouteSort {
  if ((ROUTE_SORTS as readonly string[]).includes(value)) return value as RouteSort;
  throw new FlaskCliError(
    "FLASK_E_CLI_USAGE",
    `invalid --sort "${value}" (choose one of: ${ROUTE_SORTS.join(", ")})`,
  );
}

function methodsOf(rule: RouteRow, all: boolean): string {
  if (rule.methods === undefined) return "*";
  const methods = [...rule.methods].filter((method) => all || !AUTOMATIC_METHODS.has(method));
  return methods.sort().join(", ");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
