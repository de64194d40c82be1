/**
 * Test helper: starts the blog the way `npm start` does — the command of package.json's
 * `start` script, run from the app's folder (without npm in between, so a signal reaches the
 * server itself) — with its own temporary database, on a free port, and stops it by pid.
 * Every process is bounded by a kill timer and tracked, so `killAll()` in `after` leaves
 * nothing running even when a test fails half-way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = fileURLToPath(new URL("..", import.meta.url));

const RUNNING = /^ \* Running on (https?:\/\/\S+) with the (\S+) server$/m;

/** A blog server that printed where it serves. */
export interface RunningBlog {
  url: string;
  /** The server name it reports (proves TSGI_SERVER was honoured). */
  serverName: string;
  /** The database file this server uses. */
  database: string;
  pid: number;
  output(): string;
  /** SIGTERM by pid, then the exit; SIGKILL if the graceful stop takes longer than 15 s. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

const running = new Set<ChildProcess>();

/**
 * A package.json script (`start` by default) as an argv for node: `tsgi-flask …` runs @tsgi/flask's bin, `node X …`
 * runs X. Anything else is a mistake in package.json worth failing loudly on.
 */
export function scriptCommand(name = "start"): string[] {
  const pkg = JSON.parse(readFileSync(join(APP_DIR, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const script = pkg.scripts?.[name];
  if (script === undefined) throw new Error(`package.json has no ${name} script`);
  const [program, ...args] = script.trim().split(/\s+/);
  if (program === "node") return args;
  if (program === "tsgi-flask") {
    const require = createRequire(join(APP_DIR, "package.json"));
    const flaskDir = dirname(require.resolve("@tsgi/flask/package.json"));
    return [join(flaskDir, "bin", "tsgi-flask.mjs"), ...args];
  }
  throw new Error(`cannot run the start script without a shell: ${script}`);
}

/** The environment without the variables the CLI reads, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    // NODE_TEST_CONTEXT would make the child's node think it is a test-runner subprocess.
    const read = ["PORT", "HOST", "NODE_TEST_CONTEXT"].includes(name);
    if (read || /^(TSGI|FLASK|FLASKR)_/.test(name)) delete env[name];
  }
  return { ...env, ...extra };
}

/**
 * Starts the blog's start command with `TSGI_SERVER=server`, `PORT=0` and a fresh database in
 * a temporary directory (`FLASKR_DATABASE`), and resolves once it serves.
 */
export async function startBlog(
  server: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningBlog> {
  const dataDir = mkdtempSync(join(tmpdir(), "flaskr-"));
  const database = join(dataDir, "flaskr.sqlite");
  const child = spawn(process.execPath, scriptCommand("start"), {
    cwd: APP_DIR,
    env: cleanEnv({
      TSGI_SERVER: server,
      PORT: "0",
      HOST: "127.0.0.1",
      FLASKR_DATABASE: database,
      // Two workers (not one per CPU) keep the cluster cheap and still prove the hand-off.
      TSGI_WORKERS: "2",
      ...extraEnv,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
  const lifetime = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(lifetime);
      running.delete(child);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal });
    });
  });

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no "Running on" line within 30 s:\n${output}`));
    }, 30_000);
    const check = () => {
      const found = RUNNING.exec(output);
      if (found === null) return;
      clearTimeout(timer);
      resolve(found);
    };
    child.stdout.on("data", check);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`the blog exited (${exit.code ?? exit.signal}) before serving:\n${output}`));
    });
  });

  return {
    url: match[1] ?? "",
    serverName: match[2] ?? "",
    database,
    pid: child.pid ?? -1,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, "SIGTERM");
      }
      const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const exit = await exited;
      clearTimeout(force);
      return { ...exit, output };
    },
  };
}

/** Kills every blog server still running (for `after`). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}
