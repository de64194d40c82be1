/**
 * Template inheritance and composition: `{% extends %}`, `{% block %}` with
 * `{{ block.super }}`, and `{% include %}`.
 *
 * How overriding works (as in Django): rendering a child pushes its blocks into a per-render
 * "block context", then each ancestor's blocks behind them; the root template renders, and
 * each `{% block %}` renders the most-derived version, which can render the next one up
 * through `block.super`.
 */
import type { Context } from "../context.ts";
import { TemplateSyntaxError } from "../errors.ts";
import type { FilterExpression } from "../filter-expression.ts";
import type { Token } from "../lexer.ts";
import { Node, NodeList, TextNode } from "../nodes.ts";
import type { Parser } from "../parser.ts";
import { SafeString, markSafe } from "../safe.ts";
import type { Template } from "../template.ts";
import { parseAssignments, resolveAssignments } from "./conditional.ts";

const blockContextKey = Symbol("blockContext");
const extendsHistoryKey = Symbol("extendsHistory");

/** The stack of overriding versions of each block during one render. */
class BlockContext {
  private readonly blocks = new Map<string, BlockNode[]>();

  /** Adds an ancestor's blocks *behind* the ones already known (more derived wins). */
  addBlocks(blocks: Iterable<BlockNode>): void {
    for (const block of blocks) {
      const stack = this.blocks.get(block.name);
      if (stack) stack.unshift(block);
      else this.blocks.set(block.name, [block]);
    }
  }
  pop(name: string): BlockNode | undefined {
    return this.blocks.get(name)?.pop();
  }
  push(name: string, block: BlockNode): void {
    this.blocks.get(name)?.push(block);
  }
  peek(name: string): BlockNode | undefined {
    return this.blocks.get(name)?.at(-1);
  }
}

/** The `block` variable inside a block: `{{ block.super }}` renders the parent's version. */
class BlockReference {
  constructor(
    private readonly node: BlockNode,
    private readonly context: Context,
  ) {}
  get name(): string {
    return this.node.name;
  }
  async super(): Promise<SafeString | string> {
    const blockContext = this.context.renderState.get(blockContextKey) as BlockContext | undefined;
    if (!blockContext?.peek(this.node.name)) return "";
    return markSafe(await this.node.render(this.context));
  }
}

/** `{% block name %}...{% endblock [name] %}` */
export class BlockNode extends Node {
  constructor(
    readonly name: string,
    readonly nodelist: NodeList,
  ) {
    super();
  }

  override children(): NodeList[] {
    return [this.nodelist];
  }

  override async render(context: Context): Promise<string> {
    const blockContext = context.renderState.get(blockContextKey) as BlockContext | undefined;
    const override = blockContext?.pop(this.name);
    const block = override ?? this;
    try {
      const reference = new BlockReference(block, context);
      return await context.withScope({ block: reference }, () => block.nodelist.render(context));
    } finally {
      if (override) blockContext!.push(this.name, override);
    }
  }
}

/** What `extends`/`include` accept besides a name: an already compiled template. */
function isTemplate(value: unknown): value is Template {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as { nodelist?: unknown }).nodelist instanceof NodeList &&
    typeof (value as { render?: unknown }).render === "function"
  );
}

function engineOf(context: Context) {
  const engine = context.template?.engine;
  if (!engine) throw new TemplateSyntaxError("Rendering needs an engine to load templates");
  return engine;
}

class ExtendsNode extends Node {
  override readonly mustBeFirst = true;
  constructor(
    private readonly nodelist: NodeList,
    private readonly parentName: FilterExpression,
    private readonly origin: string | undefined,
  ) {
    super();
  }

  override children(): NodeList[] {
    return [this.nodelist];
  }

  private async parent(context: Context): Promise<Template> {
    const value = await this.parentName.resolve(context);
    if (isTemplate(value)) return value;
    if (typeof value !== "string" && !(value instanceof SafeString)) {
      throw new TemplateSyntaxError(
        `Invalid template name in 'extends' tag: '${String(value)}'. Got this from the '${this.parentName.text}' variable.`,
        this.line,
      );
    }
    let history = context.renderState.get(extendsHistoryKey) as string[] | undefined;
    if (!history) context.renderState.set(extendsHistoryKey, (history = []));
    if (this.origin !== undefined && !history.includes(this.origin)) history.push(this.origin);
    const parent = await engineOf(context).getTemplate(String(value), { skip: history });
    if (parent.origin !== undefined) history.push(parent.origin);
    return parent;
  }

  override async render(context: Context): Promise<string> {
    const parent = await this.parent(context);
    let blockContext = context.renderState.get(blockContextKey) as BlockContext | undefined;
    if (!blockContext)
      context.renderState.set(blockContextKey, (blockContext = new BlockContext()));
    blockContext.addBlocks(this.nodelist.nodesOfType(BlockNode));
    const firstTag = parent.nodelist.nodes.find((node) => !(node instanceof TextNode));
    if (!(firstTag instanceof ExtendsNode)) {
      blockContext.addBlocks(parent.nodelist.nodesOfType(BlockNode));
    }
    return parent.nodelist.render(context);
  }
}

/** `{% extends "base.html" %}` or `{% extends variable %}` — must be the first tag. */
export function compileExtends(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  if (bits.length !== 2) throw parser.error(token, "'extends' takes one argument");
  const parentName = parser.compileFilter(bits[1]!, token);
  const nodelist = parser.parse();
  if ([...nodelist.nodesOfType(ExtendsNode)].length > 0) {
    throw parser.error(token, "'extends' cannot appear more than once in the same template");
  }
  return new ExtendsNode(nodelist, parentName, parser.origin);
}

/** `{% block name %}` */
export function compileBlock(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  if (bits.length !== 2) throw parser.error(token, "'block' tag takes only one argument");
  const name = bits[1]!;
  if (parser.loadedBlocks.has(name)) {
    throw parser.error(token, `'block' tag with name '${name}' appears more than once`);
  }
  parser.loadedBlocks.add(name);
  const nodelist = parser.parse(["endblock"]);
  const end = parser.nextToken();
  if (end.contents !== "endblock" && end.contents !== `endblock ${name}`) {
    throw parser.error(
      end,
      `Invalid block tag on line ${end.line}: '${end.contents}', expected 'endblock' or 'endblock ${name}'`,
    );
  }
  return new BlockNode(name, nodelist);
}

class IncludeNode extends Node {
  constructor(
    private readonly nameExpression: FilterExpression,
    private readonly extra: Map<string, FilterExpression>,
    private readonly only: boolean,
  ) {
    super();
  }

  private async load(context: Context): Promise<Template> {
    const value = await this.nameExpression.resolve(context);
    if (isTemplate(value)) return value;
    if (Array.isArray(value)) return engineOf(context).selectTemplate(value.map(String));
    if (typeof value === "string" || value instanceof SafeString) {
      return engineOf(context).getTemplate(String(value));
    }
    throw new TemplateSyntaxError(
      `Invalid template name in 'include' tag: '${String(value)}'`,
      this.line,
    );
  }

  override async render(context: Context): Promise<string> {
    const template = await this.load(context);
    const values = await resolveAssignments(this.extra, context);
    if (this.only) return template.renderNodelist(context.isolated(values));
    return context.withScope(values, () => template.renderNodelist(context));
  }
}

/** `{% include "name" [with a=b ...] [only] %}` */
export function compileInclude(parser: Parser, token: Token): Node {
  const bits = parser.splitContents(token);
  if (bits.length < 2) {
    throw parser.error(
      token,
      "'include' tag takes at least one argument: the name of the template to be included.",
    );
  }
  const templateName = parser.compileFilter(bits[1]!, token);
  let extra = new Map<string, FilterExpression>();
  let only = false;
  const seen = new Set<string>();
  let rest = bits.slice(2);
  while (rest.length > 0) {
    const option = rest[0]!;
    if (seen.has(option))
      throw parser.error(token, `The '${option}' option was specified more than once.`);
    seen.add(option);
    if (option === "with") {
      const { values, used } = parseAssignments(parser, token, rest.slice(1), false);
      if (used === 0)
        throw parser.error(token, `"with" in 'include' tag needs at least one keyword argument.`);
      extra = values;
      rest = rest.slice(1 + used);
    } else if (option === "only") {
      only = true;
      rest = rest.slice(1);
    } else {
      throw parser.error(token, `Unknown argument for 'include' tag: '${option}'.`);
    }
  }
  return new IncludeNode(templateName, extra, only);
}
