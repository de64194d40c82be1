/**
 * Test helper: runs bin/tsgi-flask.mjs as a child process, the way users run `tsgi-flask`.
 * Every process is bounded by a kill timer and tracked, so `killAll()` in `after` leaves nothing
 * running even when a test fails half-way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/tsgi-flask.mjs", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

const running = new Set<ChildProcess>();

/** The test runner's environment without the variables the CLI reads. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    const read = ["PORT", "HOST", "FORWARDED_ALLOW_IPS", "NODE_TEST_CONTEXT"].includes(name);
    if (read || name.startsWith("TSGI_") || name.startsWith("FLASK_")) delete env[name];
  }
  return { ...env, ...extra };
}

/** How a finished run ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `tsgi-flask`. */
export class CliProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<CliResult>;
  stdout = "";
  stderr = "";

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
    const timer = setTimeout(() => this.child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    this.exited = new Promise((resolve) => {
      this.child.on("close", (code, signal) => {
        clearTimeout(timer);
        running.delete(this.child);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  /**
   * The `count`-th stdout line matching `pattern` (1 = the first); rejects when the process
   * exits first or nothing matches within `timeoutMs`.
   */
  async waitForLine(pattern: RegExp, count = 1, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      // Only whole lines: a line still being written could match a prefix of the pattern.
      const text = this.stdout.slice(0, this.stdout.lastIndexOf("\n") + 1);
      const found = text
        .split("\n")
        .map((line) => line.match(pattern))
        .filter((match): match is RegExpMatchArray => match !== null);
      if (found.length >= count) return found[count - 1] as RegExpMatchArray;
      if (exited) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(
      `no stdout line #${count} matching ${pattern} (stdout: ${JSON.stringify(this.stdout)}, stderr: ${JSON.stringify(this.stderr)})`,
    );
  }

  /** Sends `signal` to the process by its pid. */
  kill(signal: NodeJS.Signals): void {
    if (this.child.pid !== undefined) process.kill(this.child.pid, signal);
  }
}

/** Runs `tsgi-flask` to completion. */
export function runCli(
  args: readonly string[],
  options?: { cwd?: string; env?: Record<string, string> },
): Promise<CliResult> {
  return new CliProcess(args, options).exited;
}

/** Kills every process still running (for `after`). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}
