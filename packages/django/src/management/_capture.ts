/** Test helper: output streams that collect what a command writes. */
import type { CommandOutput } from "./command.ts";

/** A stream whose `text` is everything written to it. */
export interface CapturedOutput extends CommandOutput {
  readonly text: string;
}

/** A fresh {@link CapturedOutput}. */
export function captureOutput(): CapturedOutput {
  let text = "";
  return {
    write(chunk: string) {
      text += chunk;
    },
    get text() {
      return text;
    },
  };
}
