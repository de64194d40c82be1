/** `{% for %}` (with `{% empty %}` and `forloop`), `{% cycle %}`, `{% resetcycle %}`, `{% ifchanged %}`. */
import type { Context } from "../context.ts";
import { TemplateRenderError } from "../errors.ts";
import type { FilterExpression } from "../filter-expression.ts";
import type { Token } from "../lexer.ts";
import { Node, renderValue } from "../nodes.ts";
import type { NodeList } from "../nodes.ts";
import type { Parser } from "../parser.ts";
import { SafeString } from "../safe.ts";
import { isPlainObject, pyEquals } from "../values.ts";

/** The `forloop` variable inside a `{% for %}` body. */
export interface ForLoop {
  counter: number;
  counter0: number;
  revcounter: number;
  revcounter0: number;
  first: boolean;
  last: boolean;
  /** The enclosing loop's `forloop`, or `{}` at the outermost loop. */
  parentloop: ForLoop | Record<string, never>;
}

/**
 * Materialises what `{% for %}` iterates: arrays, strings (characters), Maps (their
 * `[key, value]` entries), Sets and other iterables, async iterables (collected first, so
 * `revcounter` and `last` are known), plain objects (their keys, like a Python dict).
 * `null`, missing values and non-iterables give no items.
 */
export async function toItems(value: unknown): Promise<unknown[]> {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  // Iterable SafeStrings (forms, error lists) iterate their items; plain ones their characters.
  if (value instanceof SafeString && !(Symbol.iterator in value)) return [...value.value];
  if (typeof value === "string") return [...value];
  if (value instanceof Map) return [...value.entries()];
  if (typeof value === "object" && Symbol.iterator in value)
    return [...(value as Iterable<unknown>)];
  if (typeof value === "object" && Symbol.asyncIterator in value) {
    const items: unknown[] = [];
    for await (const item of value as AsyncIterable<unknown>) items.push(item);
    return items;
  }
  if (isPlainObject(value)) return Object.keys(value);
  return [];
}

function unpack(item: unknown, count: number): unknown[] {
  let parts: unknown[] | undefined;
  if (Array.isArray(item)) parts = item;
  else if (typeof item === "string") parts = [...item];
  else if (item !== null && typeof item === "object" && Symbol.iterator in item) {
    parts = [...(item as Iterable<unknown>)];
  }
  const size = parts?.length ?? 1;
  if (!parts || size !== count) {
    throw new TemplateRenderError(`Need ${count} values to unpack in for loop; got ${size}.`);
  }
  return parts;
}

class ForNode extends Node {
  constructor(
    private readonly loopVars: string[],
    private readonly sequence: FilterExpression,
    private readonly reversed: boolean,
    private readonly body: NodeList,
    private readonly empty: NodeList | undefined,
  ) {
    super();
  }

  override children(): NodeList[] {
    return this.empty ? [this.body, this.empty] : [this.body];
  }

  override async render(context: Context): Promise<string> {
    let items = await toItems(await this.sequence.resolve(context, true));
    if (items.length === 0) return this.empty ? this.empty.render(context) : "";
    if (this.reversed) items = [...items].reverse();
    const parent = context.get("forloop");
    const forloop: ForLoop = {
      counter: 0,
      counter0: 0,
      revcounter: 0,
      revcounter0: 0,
      first: true,
      last: false,
      parentloop: (parent ?? {}) as ForLoop,
    };
    const total = items.length;
    return context.withScope({ forloop }, async () => {
      let out = "";
      for (let i = 0; i < total; i++) {
        Object.assign(forloop, {
          counter0: i,
          counter: i + 1,
          revcounter: total - i,
          revcounter0: total - i - 1,
          first: i === 0,
          last: i === total - 1,
        });
        const item = items[i];
        if (this.loopVars.length === 1) {
          context.set(this.loopVars[0]!, item);
        } else {
          const parts = unpack(item, this.loopVars.length);
          this.loopVars.forEach((name, index) => context.set(name, parts[index]));
        }
        out += await this.body.render(context);
      }
      return out;
    });
  }
}

/** `{% for x in items [reversed] %}...{% empty %}...{% endfor %}`, `{% for a, b in pairs %}` */
export function compileFor(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  if (bits.length < 4) {
    throw parser.error(
      token,
      `'for' statements should have at least four words: ${token.contents}`,
    );
  }
  const reversed = bits[bits.length - 1] === "reversed";
  const inIndex = bits.length - (reversed ? 3 : 2);
  if (bits[inIndex] !== "in") {
    throw parser.error(
      token,
      `'for' statements should use the format 'for x in y': ${token.contents}`,
    );
  }
  const loopVars = bits.slice(1, inIndex).join(" ").split(/ *, */);
  for (const name of loopVars) {
    if (name === "" || /[\s"'|]/.test(name)) {
      throw parser.error(token, `'for' tag received an invalid argument: ${token.contents}`);
    }
  }
  const sequence = parser.compileFilter(bits[inIndex + 1]!, token);
  const body = parser.parse(["empty", "endfor"]);
  let empty: NodeList | undefined;
  if (parser.nextToken().contents === "empty") {
    empty = parser.parse(["endfor"]);
    parser.nextToken();
  }
  return new ForNode(loopVars, sequence, reversed, body, empty);
}

const lastCycleKey = Symbol("lastCycle");
const namedCyclesKey = Symbol("namedCycles");

class CycleNode extends Node {
  constructor(
    private readonly values: FilterExpression[],
    private readonly name: string | undefined,
    private readonly silent: boolean,
  ) {
    super();
  }
  override async render(context: Context): Promise<string> {
    const position = (context.renderState.get(this) as number | undefined) ?? 0;
    context.renderState.set(this, position + 1);
    const value = await this.values[position % this.values.length]!.resolve(context);
    if (this.name !== undefined) context.set(this.name, value);
    return this.silent ? "" : renderValue(value, context);
  }
}

class ResetCycleNode extends Node {
  constructor(private readonly cycle: CycleNode) {
    super();
  }
  override async render(context: Context): Promise<string> {
    context.renderState.delete(this.cycle);
    return "";
  }
}

function namedCycles(parser: Parser): Map<string, CycleNode> {
  let cycles = parser.state.get(namedCyclesKey) as Map<string, CycleNode> | undefined;
  if (!cycles) parser.state.set(namedCyclesKey, (cycles = new Map()));
  return cycles;
}

/** `{% cycle 'odd' 'even' [as name [silent]] %}` or `{% cycle name %}` (a named one). */
export function compileCycle(parser: Parser, token: Token): Node {
  let bits = parser.splitContents(token).slice(1);
  if (bits.length === 0) throw parser.error(token, "'cycle' tag requires at least two arguments");
  if (bits.length === 1) {
    const named = namedCycles(parser).get(bits[0]!);
    if (!named) throw parser.error(token, `Named cycle '${bits[0]}' does not exist`);
    return named;
  }
  let silent = false;
  let name: string | undefined;
  if (bits[bits.length - 1] === "silent" && bits[bits.length - 3] === "as") {
    silent = true;
    bits = bits.slice(0, -1);
  }
  if (bits.length > 2 && bits[bits.length - 2] === "as") {
    name = bits[bits.length - 1]!;
    bits = bits.slice(0, -2);
  }
  const node = new CycleNode(
    bits.map((bit) => parser.compileFilter(bit, token)),
    name,
    silent,
  );
  if (name !== undefined) namedCycles(parser).set(name, node);
  parser.state.set(lastCycleKey, node);
  return node;
}

/** `{% resetcycle [name] %}` — restarts a cycle from its first value. */
export function compileResetCycle(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token).slice(1);
  if (bits.length > 1) throw parser.error(token, "'resetcycle' takes at most one argument");
  const cycle = bits[0]
    ? namedCycles(parser).get(bits[0])
    : (parser.state.get(lastCycleKey) as CycleNode | undefined);
  if (!cycle) {
    throw parser.error(
      token,
      bits[0] ? `Named cycle '${bits[0]}' does not exist` : "No cycles in template.",
    );
  }
  return new ResetCycleNode(cycle);
}

/** `ifchanged` state lives with the enclosing loop, so it restarts with each new loop. */
const loopStates = new WeakMap<object, Map<Node, unknown>>();

class IfChangedNode extends Node {
  constructor(
    private readonly watched: FilterExpression[],
    private readonly body: NodeList,
    private readonly otherwise: NodeList | undefined,
  ) {
    super();
  }
  override children(): NodeList[] {
    return this.otherwise ? [this.body, this.otherwise] : [this.body];
  }
  private stateOf(context: Context): Map<Node, unknown> {
    const forloop = context.get("forloop");
    if (forloop === null || typeof forloop !== "object") {
      return context.renderState as Map<Node, unknown>;
    }
    let state = loopStates.get(forloop);
    if (!state) loopStates.set(forloop, (state = new Map()));
    return state;
  }
  override async render(context: Context): Promise<string> {
    const state = this.stateOf(context);
    let output: string | undefined;
    let current: unknown;
    if (this.watched.length > 0) {
      const values: unknown[] = [];
      for (const expression of this.watched) values.push(await expression.resolve(context, true));
      current = values;
    } else {
      current = output = await this.body.render(context);
    }
    if (!state.has(this) || !pyEquals(state.get(this), current)) {
      state.set(this, current);
      return output ?? this.body.render(context);
    }
    return this.otherwise ? this.otherwise.render(context) : "";
  }
}

/** `{% ifchanged [values] %}...[{% else %}...]{% endifchanged %}` */
export function compileIfChanged(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token).slice(1);
  const body = parser.parse(["else", "endifchanged"]);
  let otherwise: NodeList | undefined;
  if (parser.nextToken().contents === "else") {
    otherwise = parser.parse(["endifchanged"]);
    parser.nextToken();
  }
  return new IfChangedNode(
    bits.map((bit) => parser.compileFilter(bit, token)),
    body,
    otherwise,
  );
}

/** One group of `{% regroup %}`: `.grouper` and `.list`, and unpackable as `[grouper, list]`. */
export type Group = [unknown, unknown[]] & { grouper: unknown; list: unknown[] };

class RegroupNode extends Node {
  constructor(
    private readonly target: FilterExpression,
    private readonly key: FilterExpression,
    private readonly asVar: string,
  ) {
    super();
  }
  override async render(context: Context): Promise<string> {
    const items = await toItems(await this.target.resolve(context, true));
    const groups: Group[] = [];
    for (const item of items) {
      context.set(this.asVar, item);
      const grouper = await this.key.resolve(context, true);
      const last = groups.at(-1);
      if (last && pyEquals(last.grouper, grouper)) {
        last.list.push(item);
      } else {
        const list = [item];
        groups.push(Object.assign([grouper, list] as [unknown, unknown[]], { grouper, list }));
      }
    }
    context.set(this.asVar, groups);
    return "";
  }
}

/** `{% regroup people by gender as groups %}` — consecutive items with equal keys. */
export function compileRegroup(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  if (bits.length !== 6) throw parser.error(token, "'regroup' tag takes five arguments");
  if (bits[2] !== "by") throw parser.error(token, "second argument to 'regroup' tag must be 'by'");
  if (bits[4] !== "as")
    throw parser.error(token, "next-to-last argument to 'regroup' tag must be 'as'");
  const asVar = bits[5]!;
  // As Django: the key is looked up on the item bound to the target name (`groups.gender`).
  const key = parser.compileFilter(`${asVar}.${bits[3]}`, token);
  return new RegroupNode(parser.compileFilter(bits[1]!, token), key, asVar);
}
