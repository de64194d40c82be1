/**
 * Test helper: runs `tsgi serve` as a child process, exactly as a user does (the real
 * bin/tsgi.mjs, from the app's directory), waits for its "serving … on URL" line, and stops it
 * with SIGTERM. Every process is bounded by a kill timer and tracked, so `killAll()` in `after`
 * leaves nothing running even when a test fails half-way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const TSGI_BIN = fileURLToPath(new URL("../packages/server/bin/tsgi.mjs", import.meta.url));

const SERVING = /^tsgi: serving \S+ with the (\S+) server on (http:\/\/\S+)$/m;

/** How a `tsgi serve` run ended. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** A `tsgi serve` that printed its serving line. */
export interface RunningServer {
  /** The server name the CLI reports (proves `--server` was honoured). */
  serverName: string;
  /** The base URL from the serving line, e.g. "http://127.0.0.1:40123". */
  url: string;
  /** stdout and stderr so far, interleaved in arrival order. */
  output(): string;
  /** SIGTERM, then the exit; SIGKILL if the graceful stop takes longer than `timeoutMs`. */
  stop(timeoutMs?: number): Promise<ServerExit>;
}

const running = new Set<ChildProcess>();

/** The test runner's environment without the variables the CLI reads. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    // NODE_TEST_CONTEXT would make the child's node think it is a test-runner subprocess.
    const read = ["PORT", "HOST", "FORWARDED_ALLOW_IPS", "NODE_TEST_CONTEXT"].includes(name);
    if (read || name.startsWith("TSGI_")) delete env[name];
  }
  return env;
}

/**
 * Starts `tsgi serve ...args` in `cwd` and resolves once it serves; rejects (after killing the
 * process) when it exits first or prints no serving line within `startTimeoutMs`.
 */
export async function spawnServer(
  args: readonly string[],
  options: {
    cwd: string;
    startTimeoutMs?: number;
    lifetimeMs?: number;
    /** Added to the cleaned environment (an app's own settings, never TSGI_* options). */
    env?: Readonly<Record<string, string>>;
  },
): Promise<RunningServer> {
  const child = spawn(process.execPath, [TSGI_BIN, ...args], {
    cwd: options.cwd,
    env: { ...cleanEnv(), ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
  // A hard ceiling on the process's life: a hung server must not hang the suite.
  const lifetime = setTimeout(() => child.kill("SIGKILL"), options.lifetimeMs ?? 60_000);
  const exited = new Promise<ServerExit>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(lifetime);
      running.delete(child);
      resolve({ code, signal, output });
    });
  });

  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const startTimer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`no serving line within ${options.startTimeoutMs ?? 20_000} ms:\n${output}`),
      );
    }, options.startTimeoutMs ?? 20_000);
    const check = (): void => {
      const found = SERVING.exec(output);
      if (found === null) return;
      clearTimeout(startTimer);
      resolve(found);
    };
    child.stdout.on("data", check);
    void exited.then((exit) => {
      clearTimeout(startTimer);
      reject(
        new Error(
          `tsgi exited (code ${exit.code}, signal ${exit.signal}) before serving:\n${exit.output}`,
        ),
      );
    });
  });

  return {
    serverName: match[1] ?? "",
    url: match[2] ?? "",
    output: () => output,
    async stop(timeoutMs = 15_000) {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const exit = await exited;
      clearTimeout(force);
      return exit;
    },
  };
}

/** Kills every server still running (for `after`). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}
