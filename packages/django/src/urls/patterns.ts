import { ImproperlyConfigured } from "../core/exceptions.ts";
import { getConverter, type Converter } from "./converters.ts";

/** What a pattern took from the path. */
export interface PatternMatch {
  /** The rest of the path, for an `include()`d URLconf. */
  remaining: string;
  /** Unnamed groups of a `rePath` pattern (only when it has no named groups). */
  args: unknown[];
  /** Named parameters, converted. */
  kwargs: Record<string, unknown>;
}

/** A literal part of a reversed URL, or a parameter to fill in. */
export type ReversePiece =
  string | { name: string | number; regex: string; converter: Converter | undefined };

/** The matching half of `path()` and `rePath()`. */
export interface Pattern {
  /** True for a view's pattern (must match to the end), false for an `include()`. */
  readonly isEndpoint: boolean;
  match(path: string): PatternMatch | null;
  /** The pattern as written, for the DEBUG 404 page and NoReverseMatch messages. */
  describe(): string;
  /** How to build a URL back from parameters; `null` when the pattern cannot be reversed. */
  reversePieces(): ReversePiece[] | null;
}

const PARAMETER = /<(?:([^>:]+):)?([^>]+)>/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * The route syntax of `path()`: literal text and `<converter:name>` parameters, matched from
 * the start of the path (and to its end for a view).
 *
 * @example
 * new RoutePattern("polls/<int:questionId>/", true).match("polls/5/")?.kwargs; // { questionId: 5 }
 */
export class RoutePattern implements Pattern {
  readonly route: string;
  readonly isEndpoint: boolean;
  readonly regex: RegExp;
  readonly #pieces: ReversePiece[] = [];
  readonly #converters = new Map<string, Converter>();

  constructor(route: string, isEndpoint: boolean) {
    this.route = route;
    this.isEndpoint = isEndpoint;
    let source = "^";
    let last = 0;
    for (const match of route.matchAll(PARAMETER)) {
      const literal = route.slice(last, match.index);
      this.#addLiteral(literal);
      source += escapeRegex(literal);
      const typeName = match[1] ?? "str";
      const name = match[2]!;
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
        throw new ImproperlyConfigured(
          `URL route '${route}' uses parameter name '${name}' which isn't a valid identifier.`,
        );
      }
      if (this.#converters.has(name)) {
        throw new ImproperlyConfigured(`URL route '${route}' uses parameter name '${name}' twice.`);
      }
      const converter = getConverter(typeName);
      if (converter === undefined) {
        throw new ImproperlyConfigured(
          `URL route '${route}' uses invalid converter '${typeName}' (register it with registerConverter).`,
        );
      }
      this.#converters.set(name, converter);
      this.#pieces.push({ name, regex: converter.regex, converter });
      source += `(?<${name}>${converter.regex})`;
      last = match.index + match[0].length;
    }
    const tail = route.slice(last);
    if (/[<>]/.test(tail)) {
      throw new ImproperlyConfigured(`URL route '${route}' has an unbalanced '<' or '>'.`);
    }
    this.#addLiteral(tail);
    source += escapeRegex(tail) + (isEndpoint ? "$" : "");
    this.regex = new RegExp(source);
  }

  #addLiteral(text: string): void {
    if (text !== "") this.#pieces.push(text);
  }

  match(path: string): PatternMatch | null {
    const match = this.regex.exec(path);
    if (match === null) return null;
    const kwargs: Record<string, unknown> = {};
    for (const [name, converter] of this.#converters) {
      try {
        kwargs[name] = converter.toJs(match.groups![name]!);
      } catch {
        return null;
      }
    }
    return { remaining: path.slice(match[0].length), args: [], kwargs };
  }

  describe(): string {
    return this.route;
  }

  reversePieces(): ReversePiece[] {
    return this.#pieces;
  }
}

/**
 * The regular-expression syntax of `rePath()`. Python's `(?P<name>…)` is accepted and
 * rewritten to JavaScript's `(?<name>…)`, so patterns copied from Django work; named groups
 * become keyword arguments (strings), unnamed groups positional ones when there are no named.
 *
 * @example
 * new RegexPattern("^articles/(?P<year>[0-9]{4})/$", true).match("articles/2024/")?.kwargs;
 * // { year: "2024" }
 */
export class RegexPattern implements Pattern {
  readonly source: string;
  readonly isEndpoint: boolean;
  readonly regex: RegExp;

  constructor(source: string, isEndpoint: boolean) {
    this.source = source;
    this.isEndpoint = isEndpoint;
    const js = source
      .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, "(?<$1>")
      .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, "\\k<$1>")
      .replace(/\\Z$/, "$");
    try {
      this.regex = new RegExp(js);
    } catch (error) {
      throw new ImproperlyConfigured(
        `"${source}" is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }

  match(path: string): PatternMatch | null {
    // Django uses re.search: a pattern without ^ may match anywhere (patterns normally have ^).
    const match = this.regex.exec(path);
    if (match === null) return null;
    const kwargs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      if (value !== undefined) kwargs[name] = value;
    }
    const args = Object.keys(kwargs).length > 0 || match.groups ? [] : match.slice(1);
    return { remaining: path.slice(match.index + match[0].length), args, kwargs };
  }

  describe(): string {
    return this.source;
  }

  reversePieces(): ReversePiece[] | null {
    return reverseRegex(this.source);
  }
}

/**
 * Pieces for reversing a simple regular expression: literals, escaped literals and groups.
 * Anything else (quantifiers or classes outside groups, alternation) cannot be reversed
 * unambiguously, so the answer is `null` (Django's normalizer guesses; this refuses).
 */
function reverseRegex(source: string): ReversePiece[] | null {
  let text = source.replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, "(?<$1>");
  if (text.startsWith("^")) text = text.slice(1);
  if (text.endsWith("\\Z")) text = text.slice(0, -2);
  else if (text.endsWith("$") && !text.endsWith("\\$")) text = text.slice(0, -1);
  const pieces: ReversePiece[] = [];
  let literal = "";
  let position = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === "\\") {
      const next = text[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return null;
      literal += next;
      i += 2;
    } else if (char === "(") {
      const end = closingParen(text, i);
      if (end === -1) return null;
      const inner = text.slice(i + 1, end);
      if (literal !== "") pieces.push(literal);
      literal = "";
      const named = /^\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(inner);
      if (named !== null) {
        pieces.push({ name: named[1]!, regex: inner.slice(named[0].length), converter: undefined });
      } else if (inner.startsWith("?")) {
        return null;
      } else {
        pieces.push({ name: position++, regex: inner, converter: undefined });
      }
      i = end + 1;
    } else if (".*+?[]{}|^$".includes(char)) {
      return null;
    } else {
      literal += char;
      i += 1;
    }
  }
  if (literal !== "") pieces.push(literal);
  return pieces;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") i += 1;
    else if (inClass) inClass = char !== "]";
    else if (char === "[") inClass = true;
    else if (char === "(") depth += 1;
    else if (char === ")" && --depth === 0) return i;
  }
  return -1;
}
