// Test helpers for the cluster's process tests: start fixtures/serve.ts as a real primary with
// real workers on 127.0.0.1, read what it prints, drive requests at it, and kill everything it
// forked when the test file ends. Every wait is bounded.
import { spawn, type ChildProcess } from "node:child_process";
import { get } from "node:http";
import { fileURLToPath } from "node:url";
import type { ServeOptions } from "../types.ts";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

const started = new Set<Fixture>();

/** The test runner's environment without what would change the fixture's behaviour. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // NODE_TEST_CONTEXT would make a node:test run inside a worker report to a parent runner.
  for (const name of ["NODE_TEST_CONTEXT", "TSGI_SERVER", "PORT", "HOST", "NODE_UNIQUE_ID"]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running cluster: the primary process, its output, and every worker pid it reported. */
export class Fixture {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  stdout = "";
  stderr = "";
  url = "";
  initialPids: number[] = [];
  #done = false;

  private constructor(
    script: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    detached: boolean,
  ) {
    this.child = spawn(process.execPath, ["--import", "tsx", ...args, FIXTURES + script], {
      cwd: FIXTURES,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      // A process group of its own, so a test can signal all of it, as a terminal's Ctrl+C does.
      detached,
    });
    this.child.stdout?.setEncoding("utf8").on("data", (text: string) => (this.stdout += text));
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => (this.stderr += text));
    this.exited = new Promise((resolve) => {
      this.child.on("close", (code, signal) => {
        this.#done = true;
        resolve({ code, signal });
      });
    });
  }

  /** Starts fixtures/serve.ts with these extra options and waits for its READY line. */
  static async start(
    options: ServeOptions = {},
    env: Record<string, string> = {},
    { detached = false } = {},
  ): Promise<Fixture> {
    const fixture = Fixture.spawn(
      "serve.ts",
      [],
      cleanEnv({ ...env, CLUSTER_FIXTURE_OPTIONS: JSON.stringify(options) }),
      detached,
    );
    const [, url = "", pids = "[]"] = await fixture.waitFor(/^READY (\S+) (\[.*\])$/m, 30_000);
    fixture.url = url;
    fixture.initialPids = JSON.parse(pids) as number[];
    return fixture;
  }

  /** Spawns any fixture script under `node --import tsx [args]`; killed by {@link killAll}. */
  static spawn(
    script: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    detached = false,
  ): Fixture {
    const fixture = new Fixture(script, args, env, detached);
    started.add(fixture);
    return fixture;
  }

  get ended(): boolean {
    return this.#done;
  }

  /** First match of `pattern` in stdout after character `from`; fails after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000, from = 0): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.slice(from).match(pattern);
      if (match !== null) return match;
      if (this.#done || Date.now() > deadline) {
        throw new Error(
          `no ${pattern} in the fixture's output (${this.#done ? "it exited" : "timed out"})\n` +
            `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
        );
      }
      await sleep(10);
    }
  }

  /** Every match of `pattern` (which must have the g flag) in stdout. */
  all(pattern: RegExp): RegExpMatchArray[] {
    return [...this.stdout.matchAll(pattern)];
  }

  /** The workerExit hook's reports so far. */
  exits(): Array<{
    id: number;
    pid: number;
    code: number | null;
    signal: string | null;
    reason: string;
  }> {
    return this.all(/^EXIT (.*)$/gm).map((match) => JSON.parse(match[1] ?? "{}"));
  }

  /** Every worker pid the primary booted so far. */
  bootedPids(): number[] {
    return this.all(/Booting worker \d+ \(pid: (\d+)\)/g).map((match) => Number(match[1]));
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Signals the primary and every worker at once (needs `detached`), as Ctrl+C does. */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-(this.child.pid ?? 0), signal);
  }

  /** SIGKILLs the primary and every worker it reported (a dead pid is skipped). */
  kill(): void {
    for (const pid of [...this.bootedPids(), this.child.pid ?? 0]) {
      if (pid > 0) killQuietly(pid);
    }
  }
}

/** Kills every fixture started by this test file; call it in `after`. */
export function killAll(): void {
  for (const fixture of started) fixture.kill();
  started.clear();
}

export function killQuietly(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `condition()` holds; fails with `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}

/** One request's outcome. */
export interface Outcome {
  /** When it was sent and when it settled (`performance.now()`). */
  startedAt: number;
  endedAt: number;
  ok: boolean;
  status?: number;
  /** The worker that answered. */
  pid?: number;
  multiprocess?: unknown;
  server?: unknown;
  error?: string;
}

/**
 * One GET on a fresh connection (no agent, so no keep-alive: a request never lands on a
 * connection a stopping worker is about to close, a race that is the client's to retry).
 */
export function request(base: string, path = "/pid", timeoutMs = 5_000): Promise<Outcome> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const settle = (outcome: Omit<Outcome, "startedAt" | "endedAt">) =>
      resolve({ startedAt, endedAt: performance.now(), ...outcome });
    const req = get(new URL(path, base), { agent: false, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("error", (error) => settle({ ok: false, error: String(error) }));
      res.on("end", () => {
        try {
          const parsed = JSON.parse(body) as {
            pid: number;
            multiprocess: unknown;
            server: unknown;
          };
          settle({ ok: res.statusCode === 200, status: res.statusCode, ...parsed });
        } catch {
          settle({ ok: false, status: res.statusCode, error: `bad body ${JSON.stringify(body)}` });
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("client timeout")));
    req.on("error", (error) => settle({ ok: false, error: String(error) }));
  });
}

/**
 * `concurrency` loops sending requests back to back (with a short pause) until stopped. The
 * client timeout is short because node:cluster never closes a connection the primary was
 * handing to a worker at the moment it died: such a request hangs until the client gives up.
 */
export class Load {
  readonly outcomes: Outcome[] = [];
  #running = true;
  readonly #loops: Promise<void>[];

  constructor(
    base: string,
    concurrency: number,
    { pauseMs = 5, maxRequests = 5_000, timeoutMs = 2_000 } = {},
  ) {
    this.#loops = Array.from({ length: concurrency }, async () => {
      while (this.#running && this.outcomes.length < maxRequests) {
        this.outcomes.push(await request(base, "/pid", timeoutMs));
        await sleep(pauseMs);
      }
    });
  }

  async stop(): Promise<Outcome[]> {
    this.#running = false;
    await Promise.all(this.#loops);
    return this.outcomes;
  }
}

/** A short text for assertion messages: failures with their errors. */
export function describeFailures(outcomes: readonly Outcome[]): string {
  const failed = outcomes.filter((outcome) => !outcome.ok);
  return `${failed.length} of ${outcomes.length} failed: ${JSON.stringify(failed.slice(0, 5))}`;
}
