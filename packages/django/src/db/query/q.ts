// Q objects: filter conditions combined with AND / OR / NOT. TypeScript has no `|`, `&` and `~`
// for objects, so Django's `Q(a) | Q(b)` is `Q.or(Q(a), Q(b))` or `Q(a).or(Q(b))`, and `~Q(a)`
// is `Q.not(Q(a))` or `Q(a).not()`.

/** Keyword lookups as Django writes them: `{ pubDate__lte: now, question__id: 3 }`. */
export type Lookups = Record<string, unknown>;

/** A Q object or a plain lookups dict (which is `Q(dict)`). */
export type Condition = QNode | Lookups;

/**
 * A tree of conditions. Leaves are `[lookup, value]` pairs; a node joins its children with
 * AND or OR and may be negated.
 *
 * @example
 * Q({ questionText__startswith: "What" }).or(Q({ pubDate__year: 2005 })).not();
 */
export class QNode {
  constructor(
    readonly children: readonly (QNode | readonly [string, unknown])[],
    readonly connector: "AND" | "OR" = "AND",
    readonly negated = false,
  ) {}

  /** `this OR other`. */
  or(...others: Condition[]): QNode {
    return new QNode([this, ...others.map(toQ)], "OR");
  }

  /** `this AND other`. */
  and(...others: Condition[]): QNode {
    return new QNode([this, ...others.map(toQ)], "AND");
  }

  /** `NOT this`. */
  not(): QNode {
    return new QNode(this.children, this.connector, !this.negated);
  }
}

/** Internal: normalises a dict or Q into a Q. */
export function toQ(condition: Condition): QNode {
  if (condition instanceof QNode) return condition;
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) {
    throw new TypeError("filter()/exclude() take lookup objects or Q objects");
  }
  return new QNode(Object.entries(condition));
}

/**
 * Builds a Q object from lookups. `Q.or`, `Q.and` and `Q.not` combine them.
 *
 * @example
 * Question.objects.filter(Q.or({ questionText__icontains: "what" }, Q({ pubDate__year: 2005 })));
 * Question.objects.filter(Q.not({ questionText: "" }));
 */
export function Q(lookups: Lookups = {}): QNode {
  return toQ(lookups);
}

/** Any of the conditions. */
Q.or = (...conditions: Condition[]): QNode => new QNode(conditions.map(toQ), "OR");
/** All of the conditions. */
Q.and = (...conditions: Condition[]): QNode => new QNode(conditions.map(toQ), "AND");
/** The negation of all of the conditions. */
Q.not = (...conditions: Condition[]): QNode => new QNode(conditions.map(toQ), "AND", true);
