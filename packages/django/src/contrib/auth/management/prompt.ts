// Terminal prompts for the auth commands: a line with echo, or a hidden one for passwords
// (Django's input() and getpass()). Commands take a `Prompter`, so tests answer from a list.

/**
 * Reads answers from the user.
 *
 * @example
 * const name = await prompter.ask("Username: ");
 */
export interface Prompter {
  /** Whether a person can answer (stdin is a TTY); commands refuse to prompt otherwise. */
  readonly interactive: boolean;
  /** Shows `question` and resolves with the line typed; `hidden` does not echo it. */
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
}

/**
 * Ctrl-C or Ctrl-D at a prompt: the command ends with "Operation cancelled." (exit 1).
 *
 * @example
 * if (error instanceof PromptCancelled) return 1;
 */
export class PromptCancelled extends Error {
  readonly code = "DJANGO_E_PROMPT_CANCELLED";
  constructor() {
    super("Operation cancelled.");
    this.name = "PromptCancelled";
  }
}

/**
 * The parts of a TTY stdin the prompter uses (process.stdin in practice).
 *
 * @example
 * const input: TtyInput = process.stdin;
 */
export interface TtyInput {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: "data", listener: (chunk: string) => void): unknown;
  off(event: "data", listener: (chunk: string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * A prompter on a terminal: raw mode, one key at a time, so a hidden answer is never echoed;
 * Backspace edits, Enter ends the line, Ctrl-C / Ctrl-D cancel.
 *
 * @example
 * const prompter = terminalPrompter(process.stdin, process.stdout);
 * const password = await prompter.ask("Password: ", { hidden: true });
 */
export function terminalPrompter(
  input: TtyInput,
  output: { write(text: string): unknown },
): Prompter {
  return {
    interactive: input.isTTY === true && typeof input.setRawMode === "function",
    ask(question, options = {}) {
      output.write(question);
      return new Promise<string>((resolve, reject) => {
        let answer = "";
        const wasRaw = input.isRaw === true;
        const finish = (done: () => void) => {
          input.off("data", onData);
          input.setRawMode?.(wasRaw);
          input.pause();
          output.write("\n");
          done();
        };
        const onData = (chunk: string) => {
          for (const char of chunk) {
            if (char === "\r" || char === "\n") return finish(() => resolve(answer));
            if (char === "\u0003" || (char === "\u0004" && answer === "")) {
              return finish(() => reject(new PromptCancelled()));
            }
            if (char === "\u007f" || char === "\b") {
              if (answer === "") continue;
              answer = [...answer].slice(0, -1).join("");
              if (!options.hidden) output.write("\b \b");
              continue;
            }
            if (char < " ") continue; // other control keys (arrows send escapes) are ignored
            answer += char;
            if (!options.hidden) output.write(char);
          }
        };
        input.setRawMode?.(true);
        input.setEncoding("utf8");
        input.on("data", onData);
        input.resume();
      });
    },
  };
}

/**
 * A prompter answering from a list (tests, scripts); it fails when the answers run out
 * instead of hanging.
 *
 * @example
 * scriptedPrompter(["alice", "alice@example.org", "pw-12345678", "pw-12345678"]);
 */
export function scriptedPrompter(
  answers: readonly string[],
  output?: { write(text: string): unknown },
): Prompter & { readonly questions: string[] } {
  const queue = [...answers];
  const questions: string[] = [];
  return {
    interactive: true,
    questions,
    async ask(question) {
      questions.push(question);
      output?.write(question);
      const answer = queue.shift();
      if (answer === undefined) throw new PromptCancelled();
      return answer;
    },
  };
}
