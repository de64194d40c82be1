/**
 * Test helper: runs bin/tsgi.mjs as a child process, the way users run `tsgi`. Every process
 * is bounded by a timeout and tracked, so `killAll()` in `after` leaves nothing running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/tsgi.mjs", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** How a finished `tsgi` run ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/** The test runner's environment without the variables the CLI reads. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    const read = ["PORT", "HOST", "FORWARDED_ALLOW_IPS", "NODE_TEST_CONTEXT"].includes(name);
    if (read || name.startsWith("TSGI_")) delete env[name];
  }
  return { ...env, ...extra };
}

/** A running `tsgi`. */
export class CliProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<CliResult>;
  stdout = "";
  stderr = "";
  private readonly timer: NodeJS.Timeout;

  constructor(
    args: readonly string[],
    options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
  ) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? FIXTURES,
      env: cleanEnv(options.env ?? {}),
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(this.child);
    this.child.stdout?.setEncoding("utf8").on("data", (text: string) => (this.stdout += text));
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => (this.stderr += text));
    this.timer = setTimeout(() => this.child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    this.exited = new Promise((resolve) => {
      this.child.on("close", (code, signal) => {
        clearTimeout(this.timer);
        running.delete(this.child);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /**
   * Resolves with the first stdout line matching `pattern` that starts at or after character
   * `since` (a `stdout.length` noted earlier); rejects if the process exits first.
   */
  waitForLine(pattern: RegExp, timeoutMs = 15_000, since = 0): Promise<RegExpMatchArray> {
    return this.#waitFor("stdout", pattern, timeoutMs, since);
  }

  /** {@link waitForLine} for stderr. */
  waitForErrorLine(pattern: RegExp, timeoutMs = 15_000, since = 0): Promise<RegExpMatchArray> {
    return this.#waitFor("stderr", pattern, timeoutMs, since);
  }

  async #waitFor(
    stream: "stdout" | "stderr",
    pattern: RegExp,
    timeoutMs: number,
    since: number,
  ): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      // Only whole lines: a line still being written could match a prefix of the pattern.
      const text = this[stream].slice(since);
      for (const line of text.slice(0, text.lastIndexOf("\n") + 1).split("\n")) {
        const match = line.match(pattern);
        if (match !== null) return match;
      }
      if (exited) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(
      `no ${stream} line matching ${pattern} (stdout: ${JSON.stringify(this.stdout)}, stderr: ${JSON.stringify(this.stderr)})`,
    );
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

/** Runs `tsgi` to completion. */
export function runCli(
  args: readonly string[],
  options?: { cwd?: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<CliResult> {
  return new CliProcess(args, options).exited;
}

/** Kills every process still running (for `after`). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}
