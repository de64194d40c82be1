// Werkzeug 3's state machine matcher: one state per path segment, static transitions tried
// before dynamic ones, dynamic ones in weight order, backtracking when a branch fails.
// Internal: MapAdapter turns its outcomes into matches, redirects, 404s and 405s.
import { ValidationError } from "./errors.ts";
import type { Rule } from "./rule.ts";
import { compareWeights, type RulePart } from "./rule-parser.ts";

interface State {
  static: Map<string, State>;
  dynamic: Array<[RulePart, State]>;
  rules: Rule[];
}

/**
 * What one attempt to match found: a rule, a trailing-slash redirect, or nothing.
 *
 * @example
 * const outcome: MatchOutcome = matcher.match("/docs", "GET", new Set()); // { kind: "slash", path: "/docs/" }
 */
export type MatchOutcome =
  | { kind: "match"; rule: Rule; values: Record<string, unknown> }
  | { kind: "slash"; path: string }
  | { kind: "none" };

function newState(): State {
  return { static: new Map(), dynamic: [], rules: [] };
}

/** Thrown inside the recursion when only the trailing-slash version of the path matches. */
class SlashRequired extends Error {}

/**
 * The rule tree. `add` rules, then `match(path, method)`; `haveMatchFor` collects the methods
 * of rules whose path matched but whose method did not (for 405).
 *
 * @example
 * const matcher = new StateMachineMatcher();
 * matcher.add(rule);
 * matcher.match("/post/1", "GET", new Set());
 */
export class StateMachineMatcher {
  #root = newState();
  #sorted = true;

  add(rule: Rule): void {
    let state = this.#root;
    for (const part of rule.parts) {
      if (part.static) {
        let next = state.static.get(part.content);
        if (!next) state.static.set(part.content, (next = newState()));
        state = next;
      } else {
        let next = state.dynamic.find(([candidate]) => candidate.key === part.key)?.[1];
        if (!next) state.dynamic.push([part, (next = newState())]);
        state = next;
      }
    }
    state.rules.push(rule);
    this.#sorted = false;
  }

  #sort(state: State): void {
    // Array.prototype.sort is stable: equal weights keep registration order, as in Werkzeug.
    state.dynamic.sort(([a], [b]) => compareWeights(a.weight, b.weight));
    for (const next of state.static.values()) this.#sort(next);
    for (const [, next] of state.dynamic) this.#sort(next);
  }

  match(path: string, method: string, haveMatchFor: Set<string>): MatchOutcome {
    if (!this.#sorted) {
      this.#sort(this.#root);
      this.#sorted = true;
    }
    try {
      const found = this.#match(this.#root, path.split("/"), [], method, haveMatchFor);
      return found ?? { kind: "none" };
    } catch (error) {
      if (error instanceof SlashRequired) return { kind: "slash", path: `${path}/` };
      throw error;
    }
  }

  /** Converts and checks the method of one candidate rule; undefined when it does not fit. */
  #accept(
    rule: Rule,
    texts: string[],
    method: string,
    haveMatchFor: Set<string>,
  ): MatchOutcome | undefined {
    if (rule.buildOnly) return undefined;
    let values: Record<string, unknown>;
    try {
      values = rule.convert(texts);
    } catch (error) {
      // A converter rejecting its text means "not this rule": try the next one.
      if (error instanceof ValidationError) return undefined;
      throw error;
    }
    if (rule.methods !== undefined && !rule.methods.has(method)) {
      for (const allowed of rule.methods) haveMatchFor.add(allowed);
      return undefined;
    }
    return { kind: "match", rule, values };
  }

  #match(
    state: State,
    parts: string[],
    texts: string[],
    method: string,
    haveMatchFor: Set<string>,
  ): MatchOutcome | undefined {
    if (parts.length === 0) {
      for (const rule of state.rules) {
        const found = this.#accept(rule, texts, method, haveMatchFor);
        if (found) return found;
      }
      // The path matches a rule once a trailing slash is added: redirect (strict) or match.
      const slashState = state.static.get("");
      for (const rule of slashState?.rules ?? []) {
        const found = this.#accept(rule, texts, method, new Set());
        if (!found) continue;
        if (rule.strictSlashes) throw new SlashRequired();
        return found;
      }
      return undefined;
    }

    const [part, ...rest] = parts as [string, ...string[]];
    const staticState = state.static.get(part);
    if (staticState) {
      const found = this.#match(staticState, rest, texts, method, haveMatchFor);
      if (found) return found;
    }
    for (const [transition, next] of state.dynamic) {
      const target = transition.final ? parts.join("/") : part;
      let remaining = transition.final ? [] : rest;
      const groups = transition.pattern?.exec(target)?.groups;
      if (!groups) continue;
      if (transition.suffixed && groups.__suffix === "/") remaining = [""];
      const captured = Object.keys(groups)
        .filter((name) => name.startsWith("__v"))
        .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
        .map((name) => groups[name] ?? "");
      const found = this.#match(next, remaining, [...texts, ...captured], method, haveMatchFor);
      if (found) return found;
    }

    // Only a trailing slash is left: rules without strict slashes match without it.
    if (parts.length === 1 && part === "") {
      for (const rule of state.rules) {
        if (rule.strictSlashes) continue;
        const found = this.#accept(rule, texts, method, haveMatchFor);
        if (found) return found;
      }
    }
    return undefined;
  }
}
