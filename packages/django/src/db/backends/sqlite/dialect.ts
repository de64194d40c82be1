// SQLite's dialect: double-quoted identifiers, `?` placeholders, GLOB for case-sensitive pattern
// lookups (SQLite's LIKE ignores ASCII case), strftime for date parts.
import { DbConfigError } from "../../errors.ts";
import type { ColumnSpec, DatePart, PatternLookup, SqlDialect, SqlParam } from "../types.ts";

/** Internal: escapes `%`, `_` and `\` for `LIKE … ESCAPE '\'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Escapes GLOB's `*`, `?` and `[` by bracketing them. */
function escapeGlob(value: string): string {
  return value.replace(/[*?[]/g, (char) => `[${char}]`);
}

const DATE_FORMATS: Record<DatePart, string> = {
  year: "%Y",
  month: "%m",
  day: "%d",
  hour: "%H",
  minute: "%M",
  second: "%S",
};

const COLUMN_TYPES: Record<string, string> = {
  AutoField: "integer",
  BigAutoField: "integer",
  IntegerField: "integer",
  BigIntegerField: "bigint",
  TextField: "text",
  BooleanField: "bool",
  DateTimeField: "datetime",
  DateField: "date",
  FloatField: "real",
};

/**
 * The SQLite dialect.
 *
 * @example
 * sqliteDialect.patternLookup("contains", '"t"."name"', "a*b", bind); // "t"."name" GLOB ? ← "*a[*]b*"
 */
export const sqliteDialect: SqlDialect = {
  vendor: "sqlite",
  randomFunction: "RANDOM()",
  // IMMEDIATE takes the write lock up front, so two processes sharing a file cannot deadlock
  // upgrading read locks (SQLITE_BUSY mid-transaction).
  beginTransactionSql: "BEGIN IMMEDIATE",
  quoteName(name) {
    return `"${name.replace(/"/g, '""')}"`;
  },
  placeholder() {
    return "?";
  },
  limitOffset(limit, offset, bind) {
    if (limit === undefined && offset === 0) return "";
    const limitSql = limit === undefined ? "LIMIT -1" : `LIMIT ${bind(limit)}`;
    return offset === 0 ? limitSql : `${limitSql} OFFSET ${bind(offset)}`;
  },
  patternLookup(lookup: PatternLookup, lhs, value, bind: (value: SqlParam) => string) {
    switch (lookup) {
      case "iexact":
        return `${lhs} LIKE ${bind(escapeLike(value))} ESCAPE '\\'`;
      case "contains":
        return `${lhs} GLOB ${bind(`*${escapeGlob(value)}*`)}`;
      case "icontains":
        return `${lhs} LIKE ${bind(`%${escapeLike(value)}%`)} ESCAPE '\\'`;
      case "startswith":
        return `${lhs} GLOB ${bind(`${escapeGlob(value)}*`)}`;
      case "istartswith":
        return `${lhs} LIKE ${bind(`${escapeLike(value)}%`)} ESCAPE '\\'`;
      case "endswith":
        return `${lhs} GLOB ${bind(`*${escapeGlob(value)}`)}`;
      case "iendswith":
        return `${lhs} LIKE ${bind(`%${escapeLike(value)}`)} ESCAPE '\\'`;
    }
  },
  extract(part, lhs) {
    return `CAST(strftime('${DATE_FORMATS[part]}', ${lhs}) AS INTEGER)`;
  },
  columnType(column: ColumnSpec) {
    if (column.type === "CharField") return `varchar(${column.maxLength ?? 255})`;
    const type = COLUMN_TYPES[column.type];
    if (!type) throw new DbConfigError(`SQLite has no column type for field type ${column.type}`);
    return type;
  },
};
