// Compiles Q trees to a WHERE clause: field lookups, datetime transforms, F() expressions,
// and reverse relations as EXISTS subqueries (so `filter({ choice__votes__gt: 0 })` never
// duplicates rows; several conditions on one relation in one filter() must hold for the same
// related row, as in Django).
import type { DatePart, PatternLookup, SqlParam } from "../backends/types.ts";
import { FieldError } from "../errors.ts";
import { DateTimeField } from "../fields/datetime.ts";
import type { Field } from "../fields/field.ts";
import { IntegerField } from "../fields/scalar.ts";
import type { ReverseRelation } from "../models/options.ts";
import { CombinedExpression, Expression, FieldReference, ValueExpression } from "./expressions.ts";
import { QNode } from "./q.ts";
import { isPathStep, Scope, type ResolvedField } from "./scope.ts";

/** Something that compiles into a one-column subquery (a QuerySet, for `__in`). */
export interface Subquery {
  compileSubquery(scope: Scope): string;
}

function isSubquery(value: unknown): value is Subquery {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Partial<Subquery>).compileSubquery === "function"
  );
}

const PATTERN_LOOKUPS = new Set<string>([
  "iexact",
  "contains",
  "icontains",
  "startswith",
  "istartswith",
  "endswith",
  "iendswith",
]);
const COMPARISONS: Record<string, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };
const DATE_PARTS = new Set<string>(["year", "month", "day", "hour", "minute", "second"]);
/**
 * Every lookup name the ORM understands (transforms such as `year` come before them).
 *
 * @example
 * LOOKUP_NAMES.has("icontains"); // true
 */
export const LOOKUP_NAMES: ReadonlySet<string> = new Set([
  "exact",
  "isnull",
  "in",
  "range",
  ...PATTERN_LOOKUPS,
  ...Object.keys(COMPARISONS),
]);

const integerField = new IntegerField();

/**
 * Compiles an F()/literal expression. `forUpdate` forbids joins (UPDATE cannot join).
 *
 * @example
 * compileExpression(scope, F("votes").add(1)); // ("polls_choice"."votes" + ?)
 */
export function compileExpression(scope: Scope, expression: Expression, forUpdate = false): string {
  if (expression instanceof FieldReference) {
    const resolved = scope.resolveField(expression.name);
    if (forUpdate && resolved.joined) {
      throw new FieldError(
        `Joined field references are not permitted in updates: ${expression.name}`,
      );
    }
    return resolved.sql;
  }
  if (expression instanceof ValueExpression) return scope.ctx.bind(expression.value as SqlParam);
  if (expression instanceof CombinedExpression) {
    const lhs = compileExpression(scope, expression.lhs, forUpdate);
    const rhs = compileExpression(scope, expression.rhs, forUpdate);
    return `(${lhs} ${expression.connector} ${rhs})`;
  }
  throw new FieldError(`Unsupported expression ${String(expression)}`);
}

/** A model instance stands for its primary key (`filter({ choice })`, `author__in: [ann]`). */
function unwrapInstance(value: unknown): unknown {
  if (typeof value === "object" && value !== null && "pk" in value && !(value instanceof Date)) {
    return (value as { pk: unknown }).pk;
  }
  return value;
}

function rhs(scope: Scope, field: Field, raw: unknown): string {
  const value = unwrapInstance(raw);
  if (value instanceof Expression) return compileExpression(scope, value);
  return scope.ctx.bind(field.getPrepValue(value) as SqlParam);
}

function compileLookup(
  scope: Scope,
  field: Field,
  lhs: string,
  lookup: string,
  value: unknown,
): string {
  const { ctx } = scope;
  if (lookup === "isnull") {
    if (typeof value !== "boolean") {
      throw new FieldError("The value of an isnull lookup must be true or false");
    }
    return `${lhs} IS ${value ? "" : "NOT "}NULL`;
  }
  if (lookup === "in") {
    if (isSubquery(value)) return `${lhs} IN (${value.compileSubquery(scope)})`;
    if (typeof value !== "object" || value === null || !(Symbol.iterator in value)) {
      throw new FieldError("The value of an in lookup must be an array, a Set or a QuerySet");
    }
    const values = [...(value as Iterable<unknown>)].filter((item) => item != null);
    if (values.length === 0) return "1 = 0";
    return `${lhs} IN (${values.map((item) => rhs(scope, field, item)).join(", ")})`;
  }
  if (value === null || value === undefined) {
    if (lookup === "exact" || lookup === "iexact") return `${lhs} IS NULL`;
    throw new FieldError(`Cannot use null as a query value for the '${lookup}' lookup`);
  }
  if (lookup === "exact") {
    if (isSubquery(value)) return `${lhs} = (${value.compileSubquery(scope)})`;
    return `${lhs} = ${rhs(scope, field, value)}`;
  }
  const operator = COMPARISONS[lookup];
  if (operator) return `${lhs} ${operator} ${rhs(scope, field, value)}`;
  if (lookup === "range") {
    if (!Array.isArray(value) || value.length !== 2) {
      throw new FieldError("The value of a range lookup must be [low, high]");
    }
    return `${lhs} BETWEEN ${rhs(scope, field, value[0])} AND ${rhs(scope, field, value[1])}`;
  }
  if (PATTERN_LOOKUPS.has(lookup)) {
    if (value instanceof Expression) {
      throw new FieldError(`F() expressions are not supported with the '${lookup}' lookup`);
    }
    const prepared = field.isRelation ? field.getPrepValue(value) : field.toPython(value);
    const text = prepared instanceof Date ? prepared.toISOString() : String(prepared);
    return ctx.ops.patternLookup(lookup as PatternLookup, lhs, text, ctx.bind);
  }
  throw new FieldError(`Unsupported lookup '${lookup}'`);
}

function utcYearStart(year: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 1);
  return date;
}

function compileDatePart(
  scope: Scope,
  field: Field,
  lhs: string,
  part: DatePart,
  lookup: string,
  value: unknown,
): string {
  // Years compare as ranges on the stored value: index-friendly and dialect-free.
  if (part === "year" && (lookup === "exact" || lookup in COMPARISONS)) {
    if (!(value instanceof Expression) && value !== null && value !== undefined) {
      const year = integerField.toPython(value) as number;
      const at = (y: number) => scope.ctx.bind(field.toDb(utcYearStart(y)) as SqlParam);
      switch (lookup) {
        case "exact": {
          const start = at(year);
          return `(${lhs} >= ${start} AND ${lhs} < ${at(year + 1)})`;
        }
        case "gt":
          return `${lhs} >= ${at(year + 1)}`;
        case "gte":
          return `${lhs} >= ${at(year)}`;
        case "lt":
          return `${lhs} < ${at(year)}`;
        case "lte":
          return `${lhs} < ${at(year + 1)}`;
      }
    }
  }
  return compileLookup(scope, integerField, scope.ctx.ops.extract(part, lhs), lookup, value);
}

function compileFieldLeaf(
  scope: Scope,
  resolved: ResolvedField,
  value: unknown,
  negated: boolean,
): string {
  const { field } = resolved;
  const rest = [...resolved.rest];
  let part: DatePart | undefined;
  if (field instanceof DateTimeField && rest[0] !== undefined && DATE_PARTS.has(rest[0])) {
    part = rest.shift() as DatePart;
  }
  const lookup = rest.shift() ?? "exact";
  if (rest.length > 0 || !LOOKUP_NAMES.has(lookup)) {
    throw new FieldError(
      `Unsupported lookup '${[lookup, ...rest].join("__")}' for ${field.internalType} '${field.name}'`,
    );
  }
  const sql = part
    ? compileDatePart(scope, field, resolved.sql, part, lookup, value)
    : compileLookup(scope, field, resolved.sql, lookup, value);
  // Django's exclude() keeps rows whose column is NULL; SQL's NOT (NULL) would drop them.
  return negated && resolved.nullable && lookup !== "isnull" ? `COALESCE(${sql}, FALSE)` : sql;
}

function existsSql(
  scope: Scope,
  relation: ReverseRelation,
  outerPkSql: string,
  conditions: readonly (readonly [string, unknown])[],
): string {
  const sub = Scope.sub(scope.ctx, relation.model);
  const link = `${sub.column(sub.alias, relation.field)} = ${outerPkSql}`;
  const parts = conditions.map(([key, value]) => compileLeaf(sub, key, value, false));
  const where = [link, ...parts.filter((part) => part !== "")].join(" AND ");
  return `EXISTS (SELECT 1 FROM ${sub.from()} WHERE ${where})`;
}

/** The key inside the related model: `choice` → `pk`, `choice__in` → `pk__in`. */
function keyInside(relation: ReverseRelation, rest: readonly string[]): string {
  if (rest.length === 0 || !isPathStep(relation.model, rest[0] as string)) {
    return ["pk", ...rest].join("__");
  }
  return rest.join("__");
}

function compileLeaf(scope: Scope, key: string, value: unknown, negated: boolean): string {
  if (typeof key !== "string" || key === "") throw new FieldError("Empty lookup");
  const resolved = scope.resolve(key.split("__"));
  if (resolved.kind === "field") return compileFieldLeaf(scope, resolved, value, negated);
  const { relation, outerPkSql, rest } = resolved;
  if (rest.length === 1 && rest[0] === "isnull") {
    if (typeof value !== "boolean") {
      throw new FieldError("The value of an isnull lookup must be true or false");
    }
    const exists = existsSql(scope, relation, outerPkSql, []);
    return value ? `NOT ${exists}` : exists;
  }
  return existsSql(scope, relation, outerPkSql, [[keyInside(relation, rest), value]]);
}

/** A leaf that names a reverse relation in its first step (grouped into one EXISTS). */
function reverseGroupKey(scope: Scope, key: string): string | undefined {
  const [first, ...rest] = key.split("__");
  const meta = scope.model.getMeta();
  if (first === undefined || meta.getField(first) || !meta.getReverse(first)) return undefined;
  if (rest.length === 1 && rest[0] === "isnull") return undefined;
  return first;
}

/**
 * Compiles one Q node; "" means "no condition".
 *
 * @example
 * compileQ(scope, Q({ votes__gt: 0 }), false); // "polls_choice"."votes" > ?
 */
export function compileQ(scope: Scope, node: QNode, negatedContext: boolean): string {
  const negated = negatedContext !== node.negated;
  const parts: string[] = [];
  const groups = new Map<string, [string, unknown][]>();
  for (const child of node.children) {
    if (child instanceof QNode) {
      parts.push(compileQ(scope, child, negated));
      continue;
    }
    const [key, value] = child;
    const group = node.connector === "AND" ? reverseGroupKey(scope, key) : undefined;
    if (group === undefined) {
      parts.push(compileLeaf(scope, key, value, negated));
      continue;
    }
    const rest = key.split("__").slice(1);
    const relation = scope.model.getMeta().getReverse(group) as ReverseRelation;
    const entries = groups.get(group) ?? [];
    entries.push([keyInside(relation, rest), value]);
    groups.set(group, entries);
  }
  for (const [name, conditions] of groups) {
    const relation = scope.model.getMeta().getReverse(name) as ReverseRelation;
    const outerPk = scope.column(scope.alias, scope.model.getMeta().pk);
    parts.push(existsSql(scope, relation, outerPk, conditions));
  }
  const present = parts.filter((part) => part !== "");
  if (present.length === 0) return "";
  const joined = present.length === 1 ? present[0] : `(${present.join(` ${node.connector} `)})`;
  return node.negated ? `NOT (${joined})` : (joined as string);
}

/**
 * The WHERE condition of several Q nodes ANDed together ("" when none).
 *
 * @example
 * compileWhere(scope, [Q({ pubDate__lte: now })]);
 */
export function compileWhere(scope: Scope, nodes: readonly QNode[]): string {
  return compileQ(scope, new QNode(nodes), false);
}
