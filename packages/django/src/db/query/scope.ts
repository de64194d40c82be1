// Compilation scope: the parameter list of one statement, table aliases, and the joins that
// lookup paths (`question__pubDate`) add. Everything that reaches SQL as a value goes through
// `bind`; identifiers go through the dialect's quoteName.
import type { SqlDialect, SqlParam } from "../backends/types.ts";
import { FieldError } from "../errors.ts";
import type { Field } from "../fields/field.ts";
import { ForeignKey } from "../fields/related.ts";
import type { ReverseRelation } from "../models/options.ts";
import type { ModelClass } from "../models/types.ts";

/** Internal: parameters and alias counter shared by a statement and its subqueries. */
export class CompileContext {
  readonly params: SqlParam[] = [];
  private aliasCounter = 0;

  constructor(readonly ops: SqlDialect) {}

  /** Adds a parameter and returns its placeholder. */
  readonly bind = (value: SqlParam): string => {
    this.params.push(value === undefined ? null : value);
    return this.ops.placeholder(this.params.length);
  };

  q(name: string): string {
    return this.ops.quoteName(name);
  }

  nextAlias(prefix: string): string {
    this.aliasCounter += 1;
    return `${prefix}${this.aliasCounter}`;
  }
}

/** A lookup path that ends on a concrete field (after following forward ForeignKeys). */
export interface ResolvedField {
  kind: "field";
  field: Field;
  /** Qualified column SQL. */
  sql: string;
  /** Transforms and lookup names after the field (`["year", "gt"]`). */
  rest: string[];
  /** The value can be NULL (nullable field or reached through a nullable ForeignKey). */
  nullable: boolean;
  /** The path crossed a join. */
  joined: boolean;
}

/** A lookup path that reaches a reverse relation (`choice` from Question). */
export interface ResolvedReverse {
  kind: "reverse";
  relation: ReverseRelation;
  /** Qualified primary-key column of the row the relation starts from. */
  outerPkSql: string;
  rest: string[];
}

/** Internal: one table in FROM and the joins hanging off it. */
export class Scope {
  private readonly joins = new Map<string, { alias: string; sql: string }>();

  private constructor(
    readonly ctx: CompileContext,
    readonly model: ModelClass,
    readonly alias: string,
    private readonly fromSql: string,
  ) {}

  /** The main table of a statement, aliased by its own name. */
  static root(ctx: CompileContext, model: ModelClass): Scope {
    const table = model.getMeta().dbTable;
    return new Scope(ctx, model, table, ctx.q(table));
  }

  /** A table inside a subquery, under a fresh alias (so it never clashes with the outer one). */
  static sub(ctx: CompileContext, model: ModelClass): Scope {
    const alias = ctx.nextAlias("U");
    return new Scope(ctx, model, alias, `${ctx.q(model.getMeta().dbTable)} AS ${ctx.q(alias)}`);
  }

  get hasJoins(): boolean {
    return this.joins.size > 0;
  }

  /** `"alias"."column"`. */
  column(alias: string, field: Field): string {
    return `${this.ctx.q(alias)}.${this.ctx.q(field.column)}`;
  }

  /** FROM clause with joins. */
  from(): string {
    return [this.fromSql, ...[...this.joins.values()].map((join) => join.sql)].join(" ");
  }

  private join(fromAlias: string, key: string, field: ForeignKey): string {
    const existing = this.joins.get(key);
    if (existing) return existing.alias;
    const target = field.relatedModel().getMeta();
    const alias = this.ctx.nextAlias("T");
    const q = (name: string) => this.ctx.q(name);
    // LEFT OUTER keeps rows with a NULL key, so `question__isnull: true` and exclude() work.
    const sql = `LEFT OUTER JOIN ${q(target.dbTable)} AS ${q(alias)} ON ${q(alias)}.${q(target.pk.column)} = ${q(fromAlias)}.${q(field.column)}`;
    this.joins.set(key, { alias, sql });
    return alias;
  }

  /**
   * Follows a `__`-separated path: forward ForeignKeys become joins; a reverse relation stops
   * the walk (the caller builds an EXISTS subquery); the rest are transforms and lookups.
   */
  resolve(parts: readonly string[]): ResolvedField | ResolvedReverse {
    let model = this.model;
    let alias = this.alias;
    let nullable = false;
    let joined = false;
    const path: string[] = [];
    for (let index = 0; index < parts.length; index += 1) {
      const part = parts[index] as string;
      const meta = model.getMeta();
      const field = meta.getField(part);
      const rest = parts.slice(index + 1);
      if (field) {
        if (field instanceof ForeignKey && field.name === part && rest.length > 0) {
          const target = field.relatedModel();
          if (isPathStep(target, rest[0] as string)) {
            path.push(part);
            alias = this.join(alias, path.join("__"), field);
            nullable ||= field.null;
            joined = true;
            model = target;
            continue;
          }
        }
        return {
          kind: "field",
          field,
          sql: this.column(alias, field),
          rest,
          nullable: nullable || field.null,
          joined,
        };
      }
      const relation = meta.getReverse(part);
      if (relation) {
        return {
          kind: "reverse",
          relation,
          outerPkSql: this.column(alias, meta.pk),
          rest,
        };
      }
      throw new FieldError(
        `Cannot resolve keyword '${part}' into field of ${meta.objectName}. Choices are: ${choicesOf(model).join(", ")}`,
      );
    }
    throw new FieldError("Empty lookup path");
  }

  /** A path that must end on a field with nothing after it (ordering, values, F()). */
  resolveField(name: string): ResolvedField {
    const resolved = this.resolve(name.split("__"));
    if (resolved.kind !== "field" || resolved.rest.length > 0) {
      throw new FieldError(
        `'${name}' does not name a field of ${this.model.getMeta().objectName} (reverse relations and lookups are not allowed here)`,
      );
    }
    return resolved;
  }
}

/** Internal: true if `name` continues a path on `model` (a field, `pk`, or a reverse relation). */
export function isPathStep(model: ModelClass, name: string): boolean {
  const meta = model.getMeta();
  return meta.getField(name) !== undefined || meta.getReverse(name) !== undefined;
}

function choicesOf(model: ModelClass): string[] {
  const meta = model.getMeta();
  return [
    "pk",
    ...meta.fields.map((field) => field.name),
    ...meta.relatedObjects.map((relation) => relation.queryName),
  ].sort();
}
