import type { Environ } from "@tsgi/core";
import type { ServerHooks } from "../types.ts";
import { logLine } from "./context.ts";
import type { ServerContext } from "./context.ts";
import { stackOf } from "./exchange-helpers.ts";

// Hooks observe the server; a broken one is logged and never takes a request or the server
// down (gunicorn does the same). Each hook is called as a method of the hooks object.

/** Runs `preRequest`; resolves once it settled, whatever it did. */
export function runPreRequest(context: ServerContext, environ: Environ): void | Promise<void> {
  const hooks = context.hooks!;
  let result: void | Promise<void>;
  try {
    result = hooks.preRequest!(environ);
  } catch (error) {
    hookFailed(context, "preRequest", error);
    return;
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then(undefined, (error: unknown) =>
      hookFailed(context, "preRequest", error),
    );
  }
}

/** Runs `postRequest` (not awaited: the response is already over). */
export function runPostRequest(
  context: ServerContext,
  environ: Environ,
  outcome: Parameters<NonNullable<ServerHooks["postRequest"]>>[1],
): void {
  try {
    const result: unknown = context.hooks!.postRequest!(environ, outcome);
    // Typed as returning void, but an async function is easy to pass: catch its rejection.
    if (isThenable(result)) {
      Promise.resolve(result).catch((error: unknown) => hookFailed(context, "postRequest", error));
    }
  } catch (error) {
    hookFailed(context, "postRequest", error);
  }
}

/**
 * Runs a server-level hook (`whenReady`) and logs its failure instead of throwing.
 *
 * @example
 * await runServerHook(context, "whenReady", () => hooks.whenReady?.(handle));
 */
export async function runServerHook(
  context: ServerContext,
  name: string,
  call: () => unknown,
): Promise<void> {
  try {
    await call();
  } catch (error) {
    hookFailed(context, name, error);
  }
}

function hookFailed(context: ServerContext, name: string, error: unknown): void {
  logLine(context, "ERROR", `the ${name} hook failed\n${stackOf(error)}`);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
