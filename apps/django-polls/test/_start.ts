/**
 * Runs the app's `npm start` the way npm would, minus npm: each `&&` step of the start script
 * in order, in the app's folder, with a temporary database (`DATABASE_URL`) and the server
 * chosen by `TSGI_SERVER` — the variable itself, not a flag, since that is what the issue
 * promises works. The last step (`tsgi serve …`) is kept running; `stop()` sends it SIGTERM.
 *
 * The root test/_spawn-server.ts does the last step for the server matrix, but it strips
 * every TSGI_* variable and takes no environment, so this app has its own small copy.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const TSGI_BIN = join(
  dirname(fileURLToPath(import.meta.resolve("@tsgi/server/package.json"))),
  "bin/tsgi.mjs",
);
const SERVING = /^tsgi: serving \S+ with the (\S+) server on (http:\/\/\S+)$/m;

/** The polls app started by its start script. */
export interface StartedPolls {
  serverName: string;
  url: string;
  output(): string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

const running = new Set<ChildProcess>();

/** Kills whatever is still running (for `after`). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}

/** The environment of every step: no inherited server settings, a private database. */
function stepEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (
      name.startsWith("TSGI_") ||
      name.startsWith("DJANGO_") ||
      ["PORT", "HOST", "NODE_TEST_CONTEXT", "DATABASE_URL"].includes(name)
    ) {
      delete env[name];
    }
  }
  return { ...env, ...extra };
}

let databases = 0;

/** Runs `recreate`/`drop` of a PostgreSQL database synchronously (a child node process). */
function postgresDatabase(action: "recreate" | "drop", server: string, name: string): void {
  const script = `
    import { ${action}PostgresDatabase, postgresSettingsFromUrl } from "@tsgi/django/db";
    await ${action}PostgresDatabase(postgresSettingsFromUrl(process.env.SERVER), process.env.NAME);`;
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    {
      cwd: APP_DIR,
      env: { ...process.env, SERVER: server, NAME: name },
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`${action} database ${name}: ${result.stderr}`);
}

/**
 * A private test database; `cleanup()` removes it. SQLite in a temp dir, or a fresh database
 * on the PostgreSQL server of `TSGI_TEST_DATABASE_URL` when the suite runs on PostgreSQL.
 */
export function tempDatabase(): { url: string; path: string; cleanup(): void } {
  const server = process.env.TSGI_TEST_DATABASE_URL;
  if (server) {
    const name = `test_polls_${process.pid}_${++databases}`;
    postgresDatabase("recreate", server, name);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return { url: url.href, path: name, cleanup: () => postgresDatabase("drop", server, name) };
  }
  const dir = mkdtempSync(join(tmpdir(), "django-polls-"));
  const path = join(dir, "db.sqlite3");
  return {
    url: `sqlite:///${path}`,
    path,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The start script's steps, split on `&&`, each as argv. */
export function startSteps(): string[][] {
  const pkg = JSON.parse(readFileSync(join(APP_DIR, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts.start!.split("&&").map((step) => step.trim().split(/\s+/));
}

function nodeArgs(step: string[]): string[] {
  const [tool, ...rest] = step;
  if (tool === "tsx") return ["--import", "tsx", ...rest];
  if (tool === "tsgi") return [TSGI_BIN, ...rest];
  throw new Error(`the start script runs ${tool}, which this helper cannot start`);
}

/**
 * Runs every step of the start script but the last to completion, then starts the last one
 * (the server) and resolves once it prints its serving line.
 */
export async function startPolls(options: {
  server: string;
  databaseUrl: string;
  extraEnv?: Record<string, string>;
}): Promise<StartedPolls> {
  const env = stepEnv({
    TSGI_SERVER: options.server,
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: options.databaseUrl,
    ...(options.server === "cluster" ? { TSGI_WORKERS: "2" } : {}),
    ...options.extraEnv,
  });
  const steps = startSteps();
  const last = steps.pop()!;
  for (const step of steps) {
    const result = spawnSync(process.execPath, nodeArgs(step), {
      cwd: APP_DIR,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    if (result.status !== 0) {
      throw new Error(
        `start step "${step.join(" ")}" failed (${result.status}):\n${result.stdout}${result.stderr}`,
      );
    }
  }
  const child = spawn(process.execPath, nodeArgs(last), {
    cwd: APP_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
  const lifetime = setTimeout(() => child.kill("SIGKILL"), 90_000);
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    output: string;
  }>((resolve) =>
    child.on("close", (code, signal) => {
      clearTimeout(lifetime);
      running.delete(child);
      resolve({ code, signal, output });
    }),
  );
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no serving line within 30 s:\n${output}`));
    }, 30_000);
    child.stdout.on("data", () => {
      const found = SERVING.exec(output);
      if (found === null) return;
      clearTimeout(timer);
      resolve(found);
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the server exited (${exit.code ?? exit.signal}) before serving:\n${exit.output}`,
        ),
      );
    });
  });
  return {
    serverName: match[1]!,
    url: match[2]!,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const exit = await exited;
      clearTimeout(force);
      return exit;
    },
  };
}
