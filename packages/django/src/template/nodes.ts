/**
 * The compiled node tree: a template is a {@link NodeList} of text, variables and tag nodes.
 * Rendering is async throughout because any lookup may await a thenable (a QuerySet, a
 * forward ForeignKey) or iterate an async iterable.
 */
import type { Context } from "./context.ts";
import type { FilterExpression } from "./filter-expression.ts";
import { SafeString, escapeHtml } from "./safe.ts";
import { toText } from "./values.ts";

/**
 * A compiled piece of template. Custom tags (see `Library.tag`) subclass it.
 *
 * @example
 * class ShoutNode extends Node {
 *   constructor(private readonly inner: NodeList) { super(); }
 *   override async render(context: Context) { return (await this.inner.render(context)).toUpperCase(); }
 *   override children() { return [this.inner]; }
 * }
 */
export abstract class Node {
  /** Line of the tag that produced the node (set by the parser). */
  line: number | undefined;
  /** Name of the template the node was compiled from (set by the parser). */
  templateName: string | undefined;
  /** Nodes that must come first in a template (only `extends`). */
  readonly mustBeFirst: boolean = false;
  abstract render(context: Context): Promise<string>;
  /** The node lists nested in this node, so the parser can find `block`s inside tags. */
  children(): NodeList[] {
    return [];
  }
}

/**
 * An ordered list of nodes; renders them one after another and concatenates the output.
 *
 * @example
 * const body = parser.parse(["endshout"]); // a NodeList
 * await body.render(context);
 */
export class NodeList {
  readonly nodes: Node[] = [];

  push(node: Node): void {
    this.nodes.push(node);
  }

  /** True once a node other than literal text was added (`extends` must come before). */
  get containsNonText(): boolean {
    return this.nodes.some((node) => !(node instanceof TextNode));
  }

  async render(context: Context): Promise<string> {
    let out = "";
    for (const node of this.nodes) {
      try {
        out += await node.render(context);
      } catch (error) {
        annotate(error, node);
        throw error;
      }
    }
    return out;
  }

  /** Every node of class `type` in this list and in nested lists, depth first. */
  *nodesOfType<T extends Node>(type: abstract new (...args: never[]) => T): Generator<T> {
    for (const node of this.nodes) {
      if (node instanceof type) yield node;
      for (const child of node.children()) yield* child.nodesOfType(type);
    }
  }
}

/** Where in a template a render error happened; see {@link templateDebugOf}. */
export interface TemplateDebugInfo {
  templateName: string;
  line: number | undefined;
}

const debugInfo = new WeakMap<object, TemplateDebugInfo>();

/** Records the innermost node an error passed through (first one wins). */
function annotate(error: unknown, node: Node): void {
  if (error === null || typeof error !== "object" || debugInfo.has(error)) return;
  debugInfo.set(error, { templateName: node.templateName ?? "<string>", line: node.line });
}

/**
 * For an error thrown while rendering (NoReverseMatch from `{% url %}`, a missing included
 * template, an exception from a method), the template and line of the tag that raised it —
 * what a debug page shows.
 *
 * @example
 * try { await template.render(context); } catch (error) { templateDebugOf(error)?.line; }
 */
export function templateDebugOf(error: unknown): TemplateDebugInfo | undefined {
  return error !== null && typeof error === "object" ? debugInfo.get(error) : undefined;
}

/**
 * Literal template text.
 *
 * @example
 * await new TextNode("hi").render(); // "hi"
 */
export class TextNode extends Node {
  readonly text: string;
  constructor(text: string) {
    super();
    this.text = text;
  }
  override async render(): Promise<string> {
    return this.text;
  }
}

/**
 * How a value appears in the output: its text (`null` → "None", dates in DATETIME_FORMAT),
 * HTML-escaped when autoescape is on unless it is a SafeString.
 *
 * @example
 * renderValue("<b>", new Context()); // "&lt;b&gt;"
 */
export function renderValue(value: unknown, context: Context): string {
  if (value instanceof SafeString) return value.value;
  const text = toText(value);
  return context.autoescape ? escapeHtml(text) : text;
}

/** `{{ expression }}`. */
export class VariableNode extends Node {
  readonly expression: FilterExpression;
  constructor(expression: FilterExpression) {
    super();
    this.expression = expression;
  }
  override async render(context: Context): Promise<string> {
    return renderValue(await this.expression.resolve(context), context);
  }
}
