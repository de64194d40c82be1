/**
 * Django's `setup_test_environment()` replaces `Template._render` with a version that sends
 * the `template_rendered` signal; this does the same to `Template.prototype.renderNodelist`
 * (the one method every top-level render and every `{% include %}` goes through), reporting
 * to `recordTemplateRender`. It costs one AsyncLocalStorage lookup per render, and only in
 * processes that set up a test environment.
 *
 * Known limit: the parent of an `{% extends %}` renders through its node list directly, so it
 * is not listed in `response.templates` (its context is the child's, which is recorded).
 */
import { Template, type Context } from "../template/index.ts";
import { recordTemplateRender } from "./render-capture.ts";

const INSTRUMENTED = Symbol.for("tsgi.django.test.instrumented");

/**
 * Instruments template rendering once per process (later calls do nothing).
 *
 * @example
 * instrumentTemplateRendering();
 * const { rendered } = await captureRenders(() => template.render({ a: 1 }));
 */
export function instrumentTemplateRendering(): void {
  const prototype = Template.prototype as Template & { [INSTRUMENTED]?: true };
  if (prototype[INSTRUMENTED]) return;
  const original = prototype.renderNodelist;
  prototype.renderNodelist = function instrumentedRenderNodelist(
    this: Template,
    context: Context,
  ): Promise<string> {
    recordTemplateRender(this.name, context.flatten());
    return original.call(this, context);
  };
  Object.defineProperty(prototype, INSTRUMENTED, { value: true });
}
