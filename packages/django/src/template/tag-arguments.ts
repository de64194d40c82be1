/**
 * Shared parsing of tag arguments: positional expressions, `key=value` pairs and a trailing
 * `as name` — the shape of `{% url %}`, `{% static %}` and simple tags.
 */
import type { Context } from "./context.ts";
import type { FilterExpression } from "./filter-expression.ts";
import type { Token } from "./lexer.ts";
import type { Parser } from "./parser.ts";

/** Compiled arguments of a tag. */
export interface TagArguments {
  args: FilterExpression[];
  kwargs: Map<string, FilterExpression>;
  /** The variable named by a trailing `as name`, if any. */
  asVar: string | undefined;
}

const kwargPattern = /^(\w+)=(.+)$/s;

/**
 * Compiles `bits` (the tag's words after its name). `allowAs` recognises `... as name`.
 *
 * @example
 * parseTagArguments(parser, token, ["'polls:detail'", "q.id", "as", "link"], true);
 */
export function parseTagArguments(
  parser: Parser,
  token: Token,
  bits: string[],
  allowAs: boolean,
): TagArguments {
  let asVar: string | undefined;
  let rest = bits;
  if (allowAs && bits.length >= 2 && bits[bits.length - 2] === "as") {
    asVar = bits[bits.length - 1]!;
    rest = bits.slice(0, -2);
  }
  const args: FilterExpression[] = [];
  const kwargs = new Map<string, FilterExpression>();
  for (const bit of rest) {
    const kwarg = kwargPattern.exec(bit);
    if (kwarg && !bit.startsWith('"') && !bit.startsWith("'")) {
      if (kwargs.has(kwarg[1]!)) {
        throw parser.error(
          token,
          `'${bits[0]}' received multiple values for keyword argument '${kwarg[1]}'`,
        );
      }
      kwargs.set(kwarg[1]!, parser.compileFilter(kwarg[2]!, token));
    } else {
      if (kwargs.size > 0) {
        throw parser.error(token, "Positional arguments cannot follow keyword arguments");
      }
      args.push(parser.compileFilter(bit, token));
    }
  }
  return { args, kwargs, asVar };
}

/**
 * Resolves compiled arguments (a missing variable becomes `stringIfInvalid`, as Django).
 *
 * @example
 * const { args, kwargs } = await resolveTagArguments(compiled, context);
 */
export async function resolveTagArguments(
  compiled: TagArguments,
  context: Context,
): Promise<{ args: unknown[]; kwargs: Record<string, unknown> }> {
  const args: unknown[] = [];
  for (const expression of compiled.args) args.push(await expression.resolve(context));
  const kwargs: Record<string, unknown> = {};
  for (const [name, expression] of compiled.kwargs)
    kwargs[name] = await expression.resolve(context);
  return { args, kwargs };
}
