/**
 * Variable lookup, Django-style: `a.b.c` tries, at each dot, a mapping key (Map, or any
 * object with `has`/`get` such as a QueryDict), then a property (getters included), which
 * covers array indexes. Zero-argument functions found on the way are called with their
 * holder as `this`, unless flagged `altersData` (→ invalid) or `doNotCallInTemplates`
 * (→ the function itself). Thenables are awaited between steps — unless the next name is a
 * property of the thenable itself, so `qs.count` calls QuerySet#count rather than awaiting
 * the rows — and at the end, so `question.choiceSet.all` yields an array of rows.
 */
import type { Context } from "./context.ts";
import { TemplateSyntaxError } from "./errors.ts";
import { isQuoted, unquote } from "./lexer.ts";
import { markSafe } from "./safe.ts";
import { isPlainObject, isThenable } from "./values.ts";

/**
 * Returned by a lookup that found nothing; rendered as the engine's `stringIfInvalid`.
 *
 * @example
 * (await new Variable("nope").resolve(new Context())) === MISSING; // true
 */
export const MISSING: unique symbol = Symbol("template.missing");
export type Missing = typeof MISSING;

const numberPattern = /^[-+]?(?:\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)$/;
const namePattern = /^[\w.]+$/u;
const translatedPattern = /^_\((.*)\)$/s;
/** Names that would reach into the JS object model rather than the data. */
const forbiddenNames = new Set(["constructor", "prototype"]);
/** Python dict idioms (`d.items`) for plain objects and Maps that do not define them. */
const dictViews = new Set(["items", "keys", "values"]);

interface Flagged {
  altersData?: unknown;
  alters_data?: unknown;
  doNotCallInTemplates?: unknown;
  do_not_call_in_templates?: unknown;
}

function isClass(fn: unknown): boolean {
  return typeof fn === "function" && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function mappingLookup(current: object, bit: string): { found: boolean; value?: unknown } {
  if (current instanceof Map)
    return current.has(bit) ? { found: true, value: current.get(bit) } : { found: false };
  const mapLike = current as { has?: unknown; get?: unknown };
  if (
    typeof mapLike.has === "function" &&
    typeof mapLike.get === "function" &&
    !(current instanceof Set)
  ) {
    const has = (mapLike.has as (key: string) => unknown).call(current, bit);
    if (has === true)
      return { found: true, value: (mapLike.get as (key: string) => unknown).call(current, bit) };
  }
  return { found: false };
}

function dictView(current: unknown, bit: string): unknown {
  if (current instanceof Map) {
    if (bit === "items") return [...current.entries()];
    return [...(bit === "keys" ? current.keys() : current.values())];
  }
  const record = current as Record<string, unknown>;
  if (bit === "items") return Object.entries(record);
  return bit === "keys" ? Object.keys(record) : Object.values(record);
}

/** One lookup step without awaiting or calling: the raw value, or MISSING. */
function getMember(current: unknown, bit: string): unknown {
  if (current === null || current === undefined || forbiddenNames.has(bit)) return MISSING;
  const object = Object(current) as Record<string, unknown>;
  const mapped = mappingLookup(object, bit);
  if (mapped.found) return mapped.value;
  if (bit in object) return object[bit];
  if (dictViews.has(bit) && (isPlainObject(current) || current instanceof Map)) {
    return dictView(current, bit);
  }
  return MISSING;
}

/** Calls a zero-argument function the way Django calls callables during lookup. */
function callIfCallable(value: unknown, holder: unknown): unknown {
  if (typeof value !== "function") return value;
  const flags = value as Flagged;
  if (flags.doNotCallInTemplates || flags.do_not_call_in_templates || isClass(value)) return value;
  if (flags.altersData || flags.alters_data) return MISSING;
  if (value.length > 0) return MISSING;
  return (value as (this: unknown) => unknown).call(holder);
}

/** Django's `silent_variable_failure`: such errors make a lookup missing instead of failing. */
function isSilentFailure(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  const flags = error as {
    silentVariableFailure?: unknown;
    silent_variable_failure?: unknown;
    code?: unknown;
  };
  return (
    flags.silentVariableFailure === true ||
    flags.silent_variable_failure === true ||
    flags.code === "DJANGO_E_DB_DOES_NOT_EXIST"
  );
}

/**
 * Synchronous dotted lookup (calls zero-argument functions, does not await); used by filters
 * such as `dictsort` that look inside values already resolved.
 *
 * @example
 * lookupPath({ a: { b: [1, 2] } }, "a.b.1"); // 2
 */
export function lookupPath(value: unknown, path: string): unknown {
  let current = value;
  for (const bit of path.split(".")) {
    const holder = current;
    current = callIfCallable(getMember(holder, bit), holder);
    if (current === MISSING) return MISSING;
  }
  return current;
}

/**
 * A variable reference or literal inside a template: `user.name`, `"text"`, `42`, `_("text")`.
 * String literals are safe (not escaped), as in Django.
 *
 * @example
 * await new Variable("user.name").resolve(new Context({ user: { name: "Ada" } })); // "Ada"
 */
export class Variable {
  readonly text: string;
  private readonly literal: unknown = MISSING;
  private readonly bits: string[] = [];

  constructor(text: string) {
    this.text = text;
    const translated = translatedPattern.exec(text);
    const body = translated ? translated[1]! : text;
    if (isQuoted(body)) {
      this.literal = markSafe(unquote(body));
    } else if (translated) {
      throw new TemplateSyntaxError(`Only string literals can be translated: '${text}'`);
    } else if (numberPattern.test(text)) {
      this.literal = Number(text);
    } else {
      if (!namePattern.test(text)) {
        throw new TemplateSyntaxError(`Could not parse variable '${text}'`);
      }
      this.bits = text.split(".");
      if (this.bits.some((bit) => bit === "")) {
        throw new TemplateSyntaxError(
          `Could not parse variable '${text}': empty name between dots`,
        );
      }
      const hidden = this.bits.find((bit) => bit.startsWith("_"));
      if (hidden !== undefined) {
        throw new TemplateSyntaxError(
          `Variables and attributes may not begin with underscores: '${text}'`,
        );
      }
    }
  }

  /** True for `"text"`, numbers and `_("text")`. */
  get isLiteral(): boolean {
    return this.literal !== MISSING;
  }

  /**
   * The value, or {@link MISSING} when a name along the path does not exist. An error
   * thrown (or a rejection) during lookup propagates, except one flagged
   * `silentVariableFailure` — or the ORM's ObjectDoesNotExist, as in Django — which makes
   * the value missing.
   */
  async resolve(context: Context): Promise<unknown> {
    if (this.literal !== MISSING) return this.literal;
    try {
      return await this.lookup(context);
    } catch (error) {
      if (isSilentFailure(error)) return MISSING;
      throw error;
    }
  }

  private async lookup(context: Context): Promise<unknown> {
    const [first, ...rest] = this.bits as [string, ...string[]];
    if (!context.has(first)) return MISSING;
    let current: unknown = callIfCallable(context.get(first), undefined);
    for (const bit of rest) {
      if (current === MISSING || current === null || current === undefined) return MISSING;
      if (isThenable(current) && !(bit in Object(current))) current = await current;
      const holder = current;
      current = callIfCallable(getMember(holder, bit), holder);
    }
    if (isThenable(current)) current = await current;
    return current === undefined ? MISSING : current;
  }
}
