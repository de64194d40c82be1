/**
 * Test helper: runs the all-in-one start command (`tsgi serve src/app.ts:app …`, the real
 * bin/tsgi.mjs, from this app's folder) with a private instance folder, waits for its
 * "serving … on URL" line, and stops it with SIGTERM. The repository's test/_spawn-server.ts
 * strips the environment, and this app needs ALL_IN_ONE_INSTANCE_DIR, hence this small copy.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { INSTANCE_DIR_ENV } from "../src/instance.ts";

export const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const TSGI_BIN = join(
  dirname(fileURLToPath(import.meta.resolve("@tsgi/server/package.json"))),
  "bin/tsgi.mjs",
);
const SERVING = /^tsgi: serving \S+ with the (\S+) server on (http:\/\/\S+)$/m;

/** A running all-in-one server. */
export interface RunningSite {
  serverName: string;
  url: string;
  output(): string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Kills whatever is still running (for `after`). */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}

/**
 * Starts `tsgi serve src/app.ts:app --server <server> --host 127.0.0.1 --port 0 ...extra`
 * with the instance folder `instanceDir`.
 */
export async function startSite(
  server: string,
  instanceDir: string,
  extra: readonly string[] = [],
): Promise<RunningSite> {
  const env: NodeJS.ProcessEnv = { ...process.env, [INSTANCE_DIR_ENV]: instanceDir };
  for (const name of Object.keys(env)) {
    if (name.startsWith("TSGI_") || ["PORT", "HOST", "NODE_TEST_CONTEXT"].includes(name)) {
      delete env[name];
    }
  }
  const args = ["serve", "src/app.ts:app", "--no-access-log", "--server", server];
  const child = spawn(
    process.execPath,
    [TSGI_BIN, ...args, "--host", "127.0.0.1", "--port", "0", ...extra],
    { cwd: APP_DIR, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text));
  // A hard ceiling on the process's life: a hung server must not hang the suite.
  const lifetime = setTimeout(() => child.kill("SIGKILL"), 240_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(lifetime);
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no serving line within 90 s:\n${output}`));
    }, 90_000);
    child.stdout.on("data", () => {
      const found = SERVING.exec(output);
      if (found === null) return;
      clearTimeout(timer);
      resolve(found);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`tsgi exited (code ${code}, signal ${signal}) before serving:\n${output}`));
    });
  });
  return {
    serverName: match[1] ?? "",
    url: match[2] ?? "",
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const exit = await exited;
      clearTimeout(force);
      return exit;
    },
  };
}
