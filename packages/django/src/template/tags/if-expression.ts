/**
 * The `{% if %}` expression language, a top-down operator-precedence parser with Django's
 * binding powers: or 6 < and 7 < not 8 < in / not in 9 < is / is not / == / != / < / > /
 * <= / >= 10. Operands are filter expressions; a missing variable is None (null). An
 * operator whose operands cannot be compared evaluates to false, as in Django.
 */
import type { Context } from "../context.ts";
import type { FilterExpression } from "../filter-expression.ts";
import { pyCompare, pyContains, pyEquals, truthy } from "../values.ts";

/** A parsed `if` condition. */
export interface Condition {
  evaluate(context: Context): Promise<unknown>;
}

type Binary = (left: unknown, right: unknown) => boolean;

const comparisons: Record<string, Binary> = {
  "==": (a, b) => pyEquals(a, b),
  "!=": (a, b) => !pyEquals(a, b),
  "<": (a, b) => (pyCompare(a, b) ?? NaN) < 0,
  ">": (a, b) => (pyCompare(a, b) ?? NaN) > 0,
  "<=": (a, b) => (pyCompare(a, b) ?? NaN) <= 0,
  ">=": (a, b) => (pyCompare(a, b) ?? NaN) >= 0,
  in: (a, b) => pyContains(b, a),
  "not in": (a, b) => !pyContains(b, a),
  is: (a, b) => identical(a, b),
  "is not": (a, b) => !identical(a, b),
};

const bindingPowers: Record<string, number> = {
  or: 6,
  and: 7,
  not: 8,
  in: 9,
  "not in": 9,
  is: 10,
  "is not": 10,
  "==": 10,
  "!=": 10,
  "<": 10,
  ">": 10,
  "<=": 10,
  ">=": 10,
};

/** Python `is`: identity, with a missing value counting as None. */
function identical(a: unknown, b: unknown): boolean {
  return Object.is(a ?? null, b ?? null);
}

type Item = { operator: string } | { operand: FilterExpression };

class ConditionParser {
  private position = 0;
  constructor(
    private readonly items: Item[],
    private readonly fail: (message: string) => Error,
  ) {}

  parse(): Condition {
    const condition = this.expression(0);
    const extra = this.items[this.position];
    if (extra) throw this.fail(`Unused '${describe(extra)}' at end of if expression.`);
    return condition;
  }

  private expression(rightBindingPower: number): Condition {
    let left = this.prefix(this.next());
    while (rightBindingPower < this.leftBindingPower()) {
      const item = this.next() as { operator: string };
      left = this.infix(item.operator, left);
    }
    return left;
  }

  private leftBindingPower(): number {
    const item = this.items[this.position];
    if (!item) return 0;
    if ("operand" in item) throw this.fail(`Unused '${describe(item)}' at end of if expression.`);
    return bindingPowers[item.operator]!;
  }

  private next(): Item {
    const item = this.items[this.position++];
    if (!item) throw this.fail("Unexpected end of expression in if tag.");
    return item;
  }

  private prefix(item: Item): Condition {
    if ("operand" in item) {
      const operand = item.operand;
      return { evaluate: (context) => operand.resolve(context, true) };
    }
    if (item.operator !== "not") {
      throw this.fail(`Not expecting '${item.operator}' in this position in if tag.`);
    }
    const inner = this.expression(bindingPowers.not!);
    return { evaluate: async (context) => !truthy(await inner.evaluate(context)) };
  }

  private infix(operator: string, left: Condition): Condition {
    if (operator === "not") throw this.fail("Not expecting 'not' as infix operator in if tag.");
    const right = this.expression(bindingPowers[operator]!);
    if (operator === "or") {
      return {
        evaluate: async (context) => {
          const value = await left.evaluate(context);
          return truthy(value) ? value : right.evaluate(context);
        },
      };
    }
    if (operator === "and") {
      return {
        evaluate: async (context) => {
          const value = await left.evaluate(context);
          return truthy(value) ? right.evaluate(context) : value;
        },
      };
    }
    const compare = comparisons[operator]!;
    return {
      evaluate: async (context) => {
        try {
          return compare(await left.evaluate(context), await right.evaluate(context));
        } catch {
          return false;
        }
      },
    };
  }
}

function describe(item: Item): string {
  return "operator" in item ? item.operator : item.operand.text;
}

/**
 * Parses the words of an `if`/`elif` tag (after the tag name) into a condition.
 *
 * @example
 * const condition = parseCondition(["a", "or", "not", "b"], (t) => parser.compileFilter(t), fail);
 * await condition.evaluate(context);
 */
export function parseCondition(
  bits: string[],
  compile: (text: string) => FilterExpression,
  fail: (message: string) => Error,
): Condition {
  const items: Item[] = [];
  for (let i = 0; i < bits.length; i++) {
    const bit = bits[i]!;
    const pair = `${bit} ${bits[i + 1] ?? ""}`;
    if (pair === "not in" || pair === "is not") {
      items.push({ operator: pair });
      i++;
    } else if (Object.hasOwn(bindingPowers, bit)) {
      items.push({ operator: bit });
    } else {
      items.push({ operand: compile(bit) });
    }
  }
  return new ConditionParser(items, fail).parse();
}
