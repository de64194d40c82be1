/** True for Promises and other thenables. */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === "function";

/**
 * Runs cleanup steps in order, every one of them even when an earlier one fails, and rethrows
 * the first failure at the end. It stays synchronous until a step returns a promise, so a
 * body whose close() is synchronous keeps a synchronous close() behind the validator.
 */
export function runInOrder(steps: readonly (() => unknown)[]): unknown {
  const failures: unknown[] = [];
  for (const [index, step] of steps.entries()) {
    let result: unknown;
    try {
      result = step();
    } catch (error) {
      failures.push(error);
      continue;
    }
    if (isThenable(result)) return finishAsync(result, steps.slice(index + 1), failures);
  }
  if (failures.length > 0) throw failures[0];
  return undefined;
}

async function finishAsync(
  first: PromiseLike<unknown>,
  rest: readonly (() => unknown)[],
  failures: unknown[],
): Promise<undefined> {
  for (const step of [() => first, ...rest]) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
  return undefined;
}

/**
 * Calls a Promise-returning function so that a synchronous throw (a violation found before
 * the call started) becomes a rejection, as callers of an async API expect.
 */
export function asPromise<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
