import type { Template } from "./template.ts";

/** The bottom scope of every context, so `{% if x == None %}` and `True`/`False` work. */
const builtins: Record<string, unknown> = { True: true, False: false, None: null };

/** Options of a {@link Context}. */
export interface ContextOptions {
  /** HTML-escape rendered variables (default true); `{% autoescape %}` switches it. */
  autoescape?: boolean;
}

/**
 * The variables a template renders with: a stack of scopes, searched from the top. Tags such
 * as `for` and `with` push a scope and pop it when they finish.
 *
 * @example
 * const context = new Context({ user: "ada" });
 * context.push({ user: "bob" });
 * context.get("user"); // "bob"
 * context.pop();
 * context.get("user"); // "ada"
 */
export class Context {
  autoescape: boolean;
  /** The template being rendered; set by `Template.render`. Tags reach the engine through it. */
  template: Template | undefined;
  /**
   * State private to one template render (block overrides, `cycle` positions). Keyed by
   * objects (often nodes) so tags cannot collide. `include` gives the included template its own.
   */
  renderState: Map<unknown, unknown> = new Map();
  private readonly scopes: Record<string, unknown>[];

  constructor(values: Record<string, unknown> = {}, options: ContextOptions = {}) {
    this.autoescape = options.autoescape ?? true;
    this.scopes = [{ ...builtins }, { ...values }];
  }

  /** The value of `key` in the innermost scope that has it, else `undefined`. */
  get(key: string): unknown {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i]!;
      if (Object.hasOwn(scope, key)) return scope[key];
    }
    return undefined;
  }

  /** True when some scope defines `key` (even as `undefined`). */
  has(key: string): boolean {
    return this.scopes.some((scope) => Object.hasOwn(scope, key));
  }

  /** Sets `key` in the innermost scope (what `{% url ... as name %}` does). */
  set(key: string, value: unknown): void {
    this.scopes[this.scopes.length - 1]![key] = value;
  }

  /** Opens a new innermost scope, optionally pre-filled. */
  push(values: Record<string, unknown> = {}): this {
    this.scopes.push({ ...values });
    return this;
  }

  /** Closes the innermost scope; the scopes given at construction cannot be popped. */
  pop(): Record<string, unknown> {
    if (this.scopes.length <= 2) throw new RangeError("Context.pop(): no scope was pushed");
    return this.scopes.pop()!;
  }

  /** Runs `fn` inside a pushed scope and pops it afterwards, even when `fn` throws. */
  async withScope<T>(values: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
    this.push(values);
    try {
      return await fn();
    } finally {
      this.pop();
    }
  }

  /** All visible variables merged into one object (inner scopes win). */
  flatten(): Record<string, unknown> {
    return Object.assign({}, ...this.scopes) as Record<string, unknown>;
  }

  /**
   * A context holding only `values` that shares this one's autoescape, template and render
   * state — what `{% include ... only %}` renders with.
   */
  isolated(values: Record<string, unknown> = {}): Context {
    const fresh = new Context(values, { autoescape: this.autoescape });
    fresh.template = this.template;
    fresh.renderState = this.renderState;
    return fresh;
  }
}
