import { appContextState } from "../ctx/context.ts";

/**
 * Renders a template of the current app, like Flask's `render_template`: the app's
 * `templates/` folder first, then the blueprints' ones; `.html`/`.htm`/`.xml` are autoescaped.
 * Returns the text, ready to return from a view.
 *
 * @example
 * app.get("/", async function index() {
 *   return renderTemplate("blog/index.html", { posts: listPosts() });
 * });
 */
export function renderTemplate(
  name: string,
  context: Record<string, unknown> = {},
): Promise<string> {
  return appContextState().app.templates.render(name, context);
}

/**
 * Renders template source text with the app's environment (always autoescaped).
 *
 * @example
 * await renderTemplateString("Hello {{ name }}!", { name: "<b>" }); // "Hello &lt;b&gt;!"
 */
export function renderTemplateString(
  source: string,
  context: Record<string, unknown> = {},
): Promise<string> {
  return appContextState().app.templates.renderString(source, context);
}
