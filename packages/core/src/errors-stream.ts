import type { ErrorStream } from "./types.ts";

/**
 * Builds `tsgi.errors` on top of any line sink (a logger, `process.stderr`, an array in tests).
 *
 * @example
 * const lines: string[] = [];
 * const errors = createErrorStream((text) => lines.push(text));
 * errors.write("something odd\n");
 */
export function createErrorStream(sink: (text: string) => void): ErrorStream {
  return {
    write(text: string) {
      sink(String(text));
    },
    writelines(lines: Iterable<string>) {
      for (const line of lines) sink(String(line));
    },
    flush() {
      // The sinks we hand out write synchronously; there is nothing to flush.
    },
  };
}

/** `tsgi.errors` that writes to the process's standard error. */
export const stderrErrorStream: ErrorStream = createErrorStream((text) => {
  process.stderr.write(text);
});
