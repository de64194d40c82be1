/**
 * How the test client learns which templates a request rendered, and with what context —
 * Django's `template_rendered` signal, minus the global receiver: the client runs each
 * request inside an AsyncLocalStorage store, and the instrumented template render (see
 * `setupTestEnvironment`) appends to whatever store is current. Requests running concurrently
 * (two clients, or a server in the same process) therefore never see each other's renders.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** One template render seen during a request. */
export interface RenderedTemplate {
  /** The template's name (`polls/index.html`), or `undefined` for one built from a string. */
  name: string | undefined;
  /** The context the template was rendered with, flattened to one object. */
  context: Record<string, unknown>;
}

const renders = new AsyncLocalStorage<RenderedTemplate[]>();

/**
 * Records a render into the current capture, if any (outside `captureRenders` it does
 * nothing, so production renders pay one `getStore()` call).
 *
 * @example
 * recordTemplateRender("polls/index.html", { latest_question_list: questions });
 */
export function recordTemplateRender(
  name: string | undefined,
  context: Record<string, unknown>,
): void {
  renders.getStore()?.push({ name, context });
}

/**
 * Runs `fn` and returns what it resolved with, plus every template render recorded while it
 * ran (in the order the renders started).
 *
 * @example
 * const { value, rendered } = await captureRenders(() => client.get("/polls/"));
 * rendered.map((render) => render.name); // ["polls/index.html"]
 */
export async function captureRenders<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; rendered: RenderedTemplate[] }> {
  const rendered: RenderedTemplate[] = [];
  const value = await renders.run(rendered, fn);
  return { value, rendered };
}
