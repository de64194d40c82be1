// Turns a QueryState into SQL: SELECT (instances or values), COUNT, EXISTS, subqueries for
// `__in`, and UPDATE. Identifiers are quoted by the dialect, values always bound.
import type { SqlParam } from "../backends/types.ts";
import { FieldError } from "../errors.ts";
import type { Field } from "../fields/field.ts";
import type { ModelClass } from "../models/types.ts";
import { compileExpression, compileWhere } from "./where.ts";
import { Expression } from "./expressions.ts";
import type { QNode } from "./q.ts";
import { type CompileContext, Scope } from "./scope.ts";

/** How rows come back: instances (no values), dicts, arrays or single values. */
export type ValuesMode = "dict" | "list" | "flat";

/** The immutable description of a QuerySet. */
export interface QueryState {
  model: ModelClass;
  where: readonly QNode[];
  /** undefined → the model's meta.ordering; [] → unordered. */
  ordering: readonly string[] | undefined;
  low: number;
  high: number | undefined;
  distinct: boolean;
  values: { mode: ValuesMode; fields: readonly string[] } | undefined;
  none: boolean;
  using: string | undefined;
}

/** What to compile: the rows, a one-column subquery, a count, or an existence check. */
export interface CompileOptions {
  kind: "select" | "subquery" | "count" | "exists";
}

/** Compiled SELECT and the converter from a database row to the result value. */
export interface CompiledQuery {
  sql: string;
  convert: (row: unknown[], db: string) => unknown;
}

function orderingSql(scope: Scope, ordering: readonly string[]): string[] {
  return ordering.map((entry) => {
    if (entry === "?") return scope.ctx.ops.randomFunction;
    const descending = entry.startsWith("-");
    const name = descending ? entry.slice(1) : entry;
    const { sql } = scope.resolveField(name);
    return `${sql} ${descending ? "DESC" : "ASC"}`;
  });
}

function selectList(
  scope: Scope,
  state: QueryState,
  kind: CompileOptions["kind"],
): { columns: string[]; convert: CompiledQuery["convert"] } {
  const meta = state.model.getMeta();
  if (kind === "subquery") {
    const fields = state.values?.fields ?? [];
    if (fields.length > 1) throw new FieldError("A subquery for __in must select one field");
    return { columns: [scope.resolveField(fields[0] ?? "pk").sql], convert: (row) => row[0] };
  }
  if (!state.values) {
    return {
      columns: meta.fields.map((field) => scope.column(scope.alias, field)),
      convert: (row, db) => state.model.fromDb(db, row),
    };
  }
  const names =
    state.values.fields.length > 0 ? state.values.fields : meta.fields.map((f) => f.attname);
  const fields: Field[] = [];
  const columns = names.map((name) => {
    const resolved = scope.resolveField(name);
    fields.push(resolved.field);
    return resolved.sql;
  });
  const values = (row: unknown[]) => row.map((value, i) => (fields[i] as Field).fromDb(value));
  const mode = state.values.mode;
  const convert =
    mode === "flat"
      ? (row: unknown[]) => (fields[0] as Field).fromDb(row[0])
      : mode === "list"
        ? values
        : (row: unknown[]) => {
            const converted = values(row);
            return Object.fromEntries(names.map((name, i) => [name, converted[i]]));
          };
  return { columns, convert };
}

/**
 * Compiles a QueryState.
 *
 * @example
 * compileQuery(ctx, state, { kind: "count" }).sql; // SELECT COUNT(*) FROM "polls_question" WHERE …
 */
export function compileQuery(
  ctx: CompileContext,
  state: QueryState,
  options: CompileOptions,
): CompiledQuery {
  const { kind } = options;
  const scope = kind === "subquery" ? Scope.sub(ctx, state.model) : Scope.root(ctx, state.model);
  const sliced = state.low > 0 || state.high !== undefined;
  if ((kind === "count" || kind === "exists") && (sliced || state.distinct)) {
    const inner = compileQuery(
      ctx,
      {
        ...state,
        values: state.values ?? { mode: "list", fields: ["pk"] },
        // Ordering only matters for a slice; PostgreSQL refuses SELECT DISTINCT ordered by a
        // column it does not select.
        ordering: sliced ? state.ordering : [],
      },
      { kind: "select" },
    );
    const wrapped =
      kind === "count"
        ? `SELECT COUNT(*) FROM (${inner.sql}) subquery`
        : `SELECT 1 FROM (${inner.sql}) subquery LIMIT 1`;
    return { sql: wrapped, convert: (row) => row[0] };
  }
  const select =
    kind === "count"
      ? { columns: ["COUNT(*)"], convert: (row: unknown[]) => row[0] }
      : kind === "exists"
        ? { columns: ["1"], convert: (row: unknown[]) => row[0] }
        : selectList(scope, state, kind);
  const where = compileWhere(scope, state.where);
  const ordering =
    kind === "count" || kind === "exists" || (kind === "subquery" && !sliced)
      ? []
      : orderingSql(scope, state.ordering ?? state.model.getMeta().ordering);
  const parts = [
    `SELECT ${state.distinct && kind !== "count" ? "DISTINCT " : ""}${select.columns.join(", ")}`,
    `FROM ${scope.from()}`,
  ];
  if (where) parts.push(`WHERE ${where}`);
  if (ordering.length > 0) parts.push(`ORDER BY ${ordering.join(", ")}`);
  if (kind === "exists") parts.push(ctx.ops.limitOffset(1, 0, ctx.bind));
  else {
    const limit = state.high === undefined ? undefined : state.high - state.low;
    const limitSql = ctx.ops.limitOffset(limit, state.low, ctx.bind);
    if (limitSql) parts.push(limitSql);
  }
  return { sql: parts.join(" "), convert: select.convert };
}

/**
 * Compiles `UPDATE … SET … WHERE …`. Conditions that need joins become
 * `WHERE pk IN (SELECT …)`, since UPDATE cannot join.
 *
 * @example
 * compileUpdate(ctx, state, { votes: F("votes").add(1) });
 */
export function compileUpdate(
  ctx: CompileContext,
  state: QueryState,
  values: Record<string, unknown>,
): string {
  const meta = state.model.getMeta();
  const scope = Scope.root(ctx, state.model);
  const assignments = Object.entries(values).map(([name, value]) => {
    const field = meta.getField(name);
    if (!field) {
      throw new FieldError(
        `${meta.objectName} has no field named '${name}' (update() takes concrete fields)`,
      );
    }
    const rhs =
      value instanceof Expression
        ? compileExpression(scope, value, true)
        : ctx.bind(field.toDb(field.toPython(value)) as SqlParam);
    return `${ctx.q(field.column)} = ${rhs}`;
  });
  const inner = Scope.root(ctx, state.model);
  const where = compileWhere(inner, state.where);
  let sql = `UPDATE ${ctx.q(meta.dbTable)} SET ${assignments.join(", ")}`;
  if (where && inner.hasJoins) {
    const pk = inner.column(inner.alias, meta.pk);
    sql += ` WHERE ${ctx.q(meta.pk.column)} IN (SELECT ${pk} FROM ${inner.from()} WHERE ${where})`;
  } else if (where) {
    sql += ` WHERE ${where}`;
  }
  return sql;
}
