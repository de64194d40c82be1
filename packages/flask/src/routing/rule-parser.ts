// Turns a rule string into tokens, and tokens into the per-segment "parts" the state machine
// walks, with Werkzeug 3's weighting. Internal: the public surface is Rule and UrlMap.
import type { BaseConverter } from "./converters.ts";
import { isPartIsolating } from "./converters.ts";
import { RuleSyntaxError } from "./errors.ts";
import { compilePattern, escapeRegex } from "./regex.ts";

/**
 * One piece of a rule string.
 *
 * @example
 * const token: RuleToken = { kind: "variable", name: "id", converter: "int", args: "min=1" };
 */
export type RuleToken =
  | { kind: "slash" }
  | { kind: "static"; text: string }
  | { kind: "variable"; name: string; converter: string; args: string };

const TOKEN =
  /(?<slash>\/)|(?<static>[^</]+)|<(?:(?<converter>[A-Za-z_]\w*)(?:\((?<args>.*?)\))?:)?(?<variable>[A-Za-z_]\w*)>/y;

/**
 * Splits a rule string into slashes, static text and `<converter(args):name>` variables.
 *
 * @example
 * tokenizeRule("/u/<int:id>"); // [slash, static "u", slash, variable id (int)]
 */
export function tokenizeRule(rule: string): RuleToken[] {
  const tokens: RuleToken[] = [];
  let position = 0;
  while (position < rule.length) {
    TOKEN.lastIndex = position;
    const groups = TOKEN.exec(rule)?.groups;
    if (!groups) {
      throw new RuleSyntaxError(
        `Malformed URL rule "${rule}" at position ${position}: "${rule.slice(position)}".`,
      );
    }
    if (groups.slash !== undefined) tokens.push({ kind: "slash" });
    else if (groups.static !== undefined) tokens.push({ kind: "static", text: groups.static });
    else
      tokens.push({
        kind: "variable",
        name: groups.variable ?? "",
        converter: groups.converter ?? "default",
        args: groups.args ?? "",
      });
    position = TOKEN.lastIndex;
  }
  return tokens;
}

/**
 * Werkzeug's `Weighting`, compared element by element (lower sorts first): more static pieces
 * first, then longer static pieces earlier in the part, then more variables, then the
 * converters' weights.
 *
 * @example
 * const weight: Weighting = { negativeStaticCount: 0, staticWeights: [], negativeArgumentCount: -1, argumentWeights: [50] }; // <int:n>
 */
export interface Weighting {
  negativeStaticCount: number;
  staticWeights: Array<[index: number, negativeLength: number]>;
  negativeArgumentCount: number;
  argumentWeights: number[];
}

/**
 * One transition of the state machine: a whole segment, or the rest of the path when final.
 *
 * @example
 * rule.parts.map((part) => part.content); // ["", "post", "(?<__v0>\\d+)"] for "/post/<int:id>"
 */
export interface RulePart {
  /** Static parts: the literal segment; dynamic parts: the regex source. */
  content: string;
  static: boolean;
  /** Consumes all remaining segments (after a converter that matches "/"). */
  final: boolean;
  /** Ends in an optional "/" that, when present, must be matched as a trailing-slash part. */
  suffixed: boolean;
  weight: Weighting;
  /** Compiled `content` for dynamic parts. */
  pattern: RegExp | undefined;
  /** Equal keys mean the same transition, so rules share states. */
  key: string;
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const difference = (a[index] as number) - (b[index] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * Orders two parts' weights like Python compares Werkzeug's Weighting tuples.
 *
 * @example
 * parts.sort((a, b) => compareWeights(a.weight, b.weight));
 */
export function compareWeights(a: Weighting, b: Weighting): number {
  if (a.negativeStaticCount !== b.negativeStaticCount)
    return a.negativeStaticCount - b.negativeStaticCount;
  const length = Math.min(a.staticWeights.length, b.staticWeights.length);
  for (let index = 0; index < length; index += 1) {
    const difference = compareNumbers(
      a.staticWeights[index] as number[],
      b.staticWeights[index] as number[],
    );
    if (difference !== 0) return difference;
  }
  if (a.staticWeights.length !== b.staticWeights.length)
    return a.staticWeights.length - b.staticWeights.length;
  if (a.negativeArgumentCount !== b.negativeArgumentCount)
    return a.negativeArgumentCount - b.negativeArgumentCount;
  return compareNumbers(a.argumentWeights, b.argumentWeights);
}

function makePart(
  content: string,
  isStatic: boolean,
  final: boolean,
  suffixed: boolean,
  weight: Weighting,
  rule: string,
): RulePart {
  const source = isStatic ? content : `^(?:${content})$`;
  return {
    content,
    static: isStatic,
    final,
    suffixed,
    weight,
    pattern: isStatic ? undefined : compilePattern(source, `rule "${rule}"`),
    key: JSON.stringify([content, isStatic, final, suffixed, weight]),
  };
}

/**
 * Builds the parts of a rule (the path only; the leading "/" yields an empty first part, so
 * "/a/b" gives "", "a", "b" to match `"/a/b".split("/")`).
 *
 * @example
 * compileParts(tokenizeRule("/u/<int:id>"), converters, "/u/<int:id>"); // parts "", "u", (\d+)
 */
export function compileParts(
  tokens: readonly RuleToken[],
  converters: ReadonlyMap<string, BaseConverter>,
  rule: string,
): RulePart[] {
  const parts: RulePart[] = [];
  let content = "";
  let isStatic = true;
  let final = false;
  let staticWeights: Array<[number, number]> = [];
  let argumentWeights: number[] = [];
  let group = 0;
  const weight = (): Weighting => ({
    negativeStaticCount: -staticWeights.length,
    staticWeights,
    negativeArgumentCount: -argumentWeights.length,
    argumentWeights,
  });

  for (const token of tokens) {
    if (token.kind === "static") {
      staticWeights.push([staticWeights.length, -token.text.length]);
      content += isStatic ? token.text : escapeRegex(token.text);
    } else if (token.kind === "variable") {
      if (isStatic) content = escapeRegex(content);
      isStatic = false;
      const converter = converters.get(token.name) as BaseConverter;
      if (!isPartIsolating(converter)) final = true;
      content += `(?<__v${group}>${converter.regex})`;
      group += 1;
      argumentWeights.push(converter.weight);
    } else if (final) {
      content += "/";
    } else {
      parts.push(makePart(content, isStatic, false, false, weight(), rule));
      content = "";
      isStatic = true;
      staticWeights = [];
      argumentWeights = [];
      group = 0;
    }
  }

  let suffixed = false;
  if (final && content.endsWith("/")) {
    // A slash-matching converter followed by "/": the slash is optional in the pattern so a
    // URL without it can be redirected, and a trailing empty part marks where the rule lives.
    suffixed = true;
    content = `${content.slice(0, -1)}(?<!/)(?<__suffix>/?)`;
  }
  parts.push(makePart(content, isStatic, final, suffixed, weight(), rule));
  if (suffixed) parts.push(makePart("", true, false, false, weight(), rule));
  return parts;
}
