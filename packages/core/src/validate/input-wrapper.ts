import type { InputStream } from "../types.ts";
import { describe } from "./error.ts";
import type { Reporter } from "./report.ts";
import { asPromise, isThenable } from "./sequence.ts";

/**
 * Wraps `tsgi.input` so both sides are checked: the app passes integer sizes and never reads
 * concurrently (two pending reads on one stream race for the same bytes), and the server's
 * stream answers with Promises of Uint8Array. Reading after the response ended is allowed.
 */
export function wrapInput(input: InputStream, reporter: Reporter): InputStream {
  let active = 0; // reads started and not yet settled
  let lastCall = ""; // the most recent of them, for the message

  const checkSize = (call: string, size: unknown): void => {
    if (size === undefined || Number.isInteger(size)) return;
    reporter.violation(
      "TSGI_E_INPUT_BAD_SIZE",
      `The app called tsgi.input.${call} with ${describe(size)}; expected an integer number of bytes, or no argument.`,
    );
  };

  const enter = (call: string): void => {
    if (active > 0) {
      reporter.violation(
        "TSGI_E_INPUT_CONCURRENT_READ",
        `The app called tsgi.input.${call} while tsgi.input.${lastCall} had not settled; await each read before starting the next.`,
      );
    }
    active += 1;
    lastCall = call;
  };

  const resultError = (call: string, value: unknown, expected: string): void =>
    reporter.violation(
      "TSGI_E_INPUT_RESULT",
      `The server's tsgi.input.${call} produced ${describe(value)}; expected ${expected}.`,
    );

  async function settle<T>(result: Promise<T>, check: (value: T) => void): Promise<T> {
    try {
      const value = await result;
      check(value);
      return value;
    } finally {
      active -= 1;
    }
  }

  const call = <T>(name: string, run: () => Promise<T>, check: (value: T) => void): Promise<T> => {
    enter(name);
    let result: Promise<T>;
    try {
      result = run();
      if (!isThenable(result)) resultError(name, result, "a Promise");
    } catch (error) {
      active -= 1; // the read never started, so it must not count as pending
      throw error;
    }
    return settle(Promise.resolve(result), check);
  };

  const bytes = (name: string) => (value: unknown) => {
    if (!(value instanceof Uint8Array)) resultError(name, value, "a Uint8Array");
  };

  return {
    read: (size?: number) =>
      asPromise(() => {
        checkSize("read()", size);
        return call("read()", () => input.read(size), bytes("read()"));
      }),
    readline: (limit?: number) =>
      asPromise(() => {
        checkSize("readline()", limit);
        return call("readline()", () => input.readline(limit), bytes("readline()"));
      }),
    readlines: (hint?: number) =>
      asPromise(() => {
        checkSize("readlines()", hint);
        return call(
          "readlines()",
          () => input.readlines(hint),
          (lines: unknown) => {
            if (!Array.isArray(lines) || !lines.every((line) => line instanceof Uint8Array)) {
              resultError("readlines()", lines, "an Array of Uint8Array");
            }
          },
        );
      }),
    [Symbol.asyncIterator]() {
      const iterator = input[Symbol.asyncIterator]();
      const name = "[Symbol.asyncIterator]().next()";
      return {
        next: () =>
          asPromise(() =>
            call(
              name,
              () => iterator.next(),
              (step: IteratorResult<unknown>) => {
                if (!step.done) bytes(name)(step.value);
              },
            ),
          ),
        return: async (value?: unknown) =>
          (await iterator.return?.(value)) ?? { done: true as const, value: undefined },
      };
    },
  };
}
