// PostgreSQL's dialect: double-quoted identifiers, `$n` placeholders, LIKE (case-sensitive in
// PostgreSQL) and ILIKE with the same escaping as the SQLite backend, EXTRACT for date parts
// (the session runs in UTC, so parts are UTC as on SQLite).
import { DbConfigError } from "../../errors.ts";
import { escapeLike } from "../sqlite/dialect.ts";
import type { ColumnSpec, DatePart, PatternLookup, SqlDialect, SqlParam } from "../types.ts";

const COLUMN_TYPES: Record<string, string> = {
  AutoField: "integer",
  BigAutoField: "bigint",
  IntegerField: "integer",
  BigIntegerField: "bigint",
  TextField: "text",
  BooleanField: "boolean",
  DateTimeField: "timestamp with time zone",
  DateField: "date",
  FloatField: "double precision",
};

/**
 * The PostgreSQL dialect.
 *
 * @example
 * postgresDialect.placeholder(2); // "$2"
 * postgresDialect.patternLookup("icontains", '"t"."name"', "50%", bind); // "t"."name"::text ILIKE $1 ESCAPE '\' ← "%50\%%"
 */
export const postgresDialect: SqlDialect = {
  vendor: "postgresql",
  randomFunction: "RANDOM()",
  beginTransactionSql: "BEGIN",
  quoteName(name) {
    return `"${name.replace(/"/g, '""')}"`;
  },
  placeholder(index) {
    return `$${index}`;
  },
  limitOffset(limit, offset, bind) {
    if (limit === undefined && offset === 0) return "";
    const limitSql = limit === undefined ? "" : `LIMIT ${bind(limit)}`;
    if (offset === 0) return limitSql;
    return `${limitSql} OFFSET ${bind(offset)}`.trim();
  },
  patternLookup(lookup: PatternLookup, lhs, value, bind: (value: SqlParam) => string) {
    // `::text` lets pattern lookups apply to non-text columns, as SQLite's do.
    const text = `${lhs}::text`;
    const like = (operator: string, pattern: string) =>
      `${text} ${operator} ${bind(pattern)} ESCAPE '\\'`;
    const escaped = escapeLike(value);
    switch (lookup) {
      case "iexact":
        return like("ILIKE", escaped);
      case "contains":
        return like("LIKE", `%${escaped}%`);
      case "icontains":
        return like("ILIKE", `%${escaped}%`);
      case "startswith":
        return like("LIKE", `${escaped}%`);
      case "istartswith":
        return like("ILIKE", `${escaped}%`);
      case "endswith":
        return like("LIKE", `%${escaped}`);
      case "iendswith":
        return like("ILIKE", `%${escaped}`);
    }
  },
  extract(part: DatePart, lhs) {
    // EXTRACT(SECOND) has a fractional part; SQLite's strftime('%S') has none.
    return `CAST(FLOOR(EXTRACT(${part.toUpperCase()} FROM ${lhs})) AS INTEGER)`;
  },
  columnType(column: ColumnSpec) {
    if (column.type === "CharField") return `varchar(${column.maxLength ?? 255})`;
    const type = COLUMN_TYPES[column.type];
    if (!type) {
      throw new DbConfigError(`PostgreSQL has no column type for field type ${column.type}`);
    }
    return type;
  },
};
