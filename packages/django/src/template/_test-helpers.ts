/** Shared by this folder's tests: render a source string with a throwaway engine. */
import { Engine } from "./engine.ts";
import type { EngineOptions } from "./engine.ts";

/** A case of a template table: source, context, expected output. */
export type Case = [source: string, context: Record<string, unknown>, expected: string];

/** Compiles and renders `source` with a fresh engine built from `options`. */
export function renderString(
  source: string,
  context: Record<string, unknown> = {},
  options: EngineOptions = {},
): Promise<string> {
  return new Engine(options).fromString(source).render(context);
}
