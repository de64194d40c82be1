// F() expressions: references to a column evaluated by the database, so `votes = votes + 1`
// happens in one UPDATE and two concurrent votes are both counted. TypeScript has no operator
// overloading, so `F("votes") + 1` is written `F("votes").add(1)`.

/** An arithmetic operator an expression can combine with. */
export type Connector = "+" | "-" | "*" | "/";

/**
 * Base class of query expressions (F references, literals and their combinations).
 *
 * @example
 * F("votes").add(1).mul(2); // (votes + 1) * 2
 */
export abstract class Expression {
  add(other: unknown): CombinedExpression {
    return new CombinedExpression(this, "+", toExpression(other));
  }
  sub(other: unknown): CombinedExpression {
    return new CombinedExpression(this, "-", toExpression(other));
  }
  mul(other: unknown): CombinedExpression {
    return new CombinedExpression(this, "*", toExpression(other));
  }
  div(other: unknown): CombinedExpression {
    return new CombinedExpression(this, "/", toExpression(other));
  }
}

/**
 * A reference to a field of the row being queried or updated (`F("votes")`, or
 * `F("question__pubDate")` in filters).
 *
 * @example
 * await Choice.objects.filter({ pk: 1 }).update({ votes: F("votes").add(1) });
 */
export class FieldReference extends Expression {
  constructor(readonly name: string) {
    super();
    if (typeof name !== "string" || name === "") throw new TypeError("F() needs a field name");
  }
  override toString(): string {
    return `F(${this.name})`;
  }
}

/**
 * A literal value inside an expression (bound as a parameter, never inlined).
 *
 * @example
 * F("votes").add(Value(1)); // same as F("votes").add(1)
 */
export class ValueExpression extends Expression {
  constructor(readonly value: unknown) {
    super();
  }
}

/**
 * `lhs <connector> rhs`, built by `add`/`sub`/`mul`/`div`.
 *
 * @example
 * F("votes").add(1) instanceof CombinedExpression; // true
 */
export class CombinedExpression extends Expression {
  constructor(
    readonly lhs: Expression,
    readonly connector: Connector,
    readonly rhs: Expression,
  ) {
    super();
  }
}

function toExpression(value: unknown): Expression {
  return value instanceof Expression ? value : new ValueExpression(value);
}

/**
 * Refers to a field in the database (Django's `F`).
 *
 * @example
 * choice.votes = F("votes").add(1); await choice.save(); await choice.refreshFromDb();
 */
export function F(name: string): FieldReference {
  return new FieldReference(name);
}

/**
 * A literal wrapped as an expression.
 *
 * @example
 * Value(10).sub(F("votes"));
 */
export function Value(value: unknown): ValueExpression {
  return new ValueExpression(value);
}
