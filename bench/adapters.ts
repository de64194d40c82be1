/**
 * Adapter overhead bench: requests/s of the same app natively and through a TSGI adapter, in
 * the same run (issue 4's "Done when"; method of issue 10). Run from the repository root:
 *
 *   npx tsx bench/adapters.ts                 # 64 connections, 10 s × 3 rounds (≈ 8 min)
 *   BENCH_QUICK=1 npx tsx bench/adapters.ts   # 2 s × 3 rounds (≈ 2 min)
 *
 * Every contender runs in its own process on 127.0.0.1; the load generator (bench/_load.ts)
 * is another process, pinned to a different CPU when there are two or more. Rounds are
 * interleaved (A B C … A B C …) so drift in the machine hits every contender alike. See
 * bench/README.md for the settings and how to read the output.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { PAIRS, type Contender } from "./_contenders.ts";
import { renderReport, type Results, type RunSettings } from "./_report.ts";
import type { LoadResult, LoadSpec, MeasuredRun } from "./_types.ts";

const ROUTES = ["/", "/json"];
const SERVER_ENTRY = fileURLToPath(new URL("./_server.ts", import.meta.url));
const LOAD_ENTRY = fileURLToPath(new URL("./_load.ts", import.meta.url));
const DEFAULT_OUT = fileURLToPath(new URL("./results/adapters.md", import.meta.url));

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw} is not a number ≥ 0`);
  return value;
}

const quick = process.env.BENCH_QUICK === "1";
const only = (process.env.BENCH_ONLY ?? "").split(",").filter((id) => id !== "");
const pairs = PAIRS.filter((pair) => only.length === 0 || only.includes(pair.id));
const out = process.env.BENCH_OUT ?? DEFAULT_OUT;
// Pinning needs two CPUs and taskset; without them the numbers are still comparable within
// the run, only noisier, and the report says which it was.
const pinned = os.cpus().length >= 2 && spawnSync("taskset", ["-V"]).status === 0;
const settings: RunSettings = {
  connections: Math.max(1, Math.round(numberFromEnv("BENCH_CONNECTIONS", 64))),
  durationS: numberFromEnv("BENCH_DURATION", quick ? 2 : 10),
  warmupS: numberFromEnv("BENCH_WARMUP", quick ? 0.5 : 2),
  rounds: Math.max(1, Math.round(numberFromEnv("BENCH_ROUNDS", 3))),
  pinned,
};
if (pairs.length === 0) throw new Error(`BENCH_ONLY=${only.join(",")} matches no pair`);

/** `node --import tsx file args…`, on `cpu` when pinning. */
function spawnNode(cpu: number, file: string, args: readonly string[]): ChildProcess {
  const node = [process.execPath, "--import", "tsx", file, ...args];
  const [command, ...rest] = pinned ? ["taskset", "-c", String(cpu), ...node] : node;
  return spawn(command ?? process.execPath, rest, { stdio: ["ignore", "pipe", "inherit"] });
}

/** Resolves with the first stdout line of `child` parsed as JSON; rejects on exit or timeout. */
function firstJsonLine<T>(child: ChildProcess, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      text += chunk;
      const newline = text.indexOf("\n");
      if (newline === -1) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(text.slice(0, newline)) as T);
      } catch (error) {
        reject(new Error(`${what}: unreadable output ${JSON.stringify(text)}`, { cause: error }));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what}: exited with code ${code} before answering`));
    });
  });
}

const servers = new Map<string, { child: ChildProcess; url: string }>();

function stopAll(): void {
  for (const { child } of servers.values()) child.kill("SIGTERM");
}

async function startServer(contender: Contender): Promise<void> {
  const child = spawnNode(0, SERVER_ENTRY, [contender.name]);
  servers.set(contender.name, { child, url: "" });
  const { port } = await firstJsonLine<{ port: number }>(child, 30_000, contender.name);
  servers.set(contender.name, { child, url: `http://127.0.0.1:${port}` });
}

// Clock ticks per second of /proc's utime/stime: 100 on Linux (getconf CLK_TCK).
const CLOCK_TICKS = 100;

/** user + system CPU seconds of process `pid`, or undefined without /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may hold spaces, so split after its ")").
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

async function measure(contender: Contender, path: string): Promise<MeasuredRun> {
  const server = servers.get(contender.name);
  const url = server?.url ?? "";
  const pid = server?.child.pid;
  const spec: LoadSpec = {
    url,
    path,
    connections: settings.connections,
    durationMs: settings.durationS * 1000,
    warmupMs: settings.warmupS * 1000,
  };
  const load = spawnNode(1, LOAD_ENTRY, [JSON.stringify(spec)]);
  const budget = (settings.durationS + settings.warmupS) * 1000 + 30_000;
  // The server's CPU is sampled when the warm-up ends and when the result arrives.
  let cpuAtStart: number | undefined;
  const sampler = setTimeout(() => (cpuAtStart = cpuSeconds(pid)), spec.warmupMs);
  const result = await firstJsonLine<LoadResult>(load, budget, `load on ${contender.name} ${path}`);
  clearTimeout(sampler);
  const cpuAtEnd = cpuSeconds(pid);
  const cpuUsPerRequest =
    cpuAtStart === undefined || cpuAtEnd === undefined || result.requests === 0
      ? undefined
      : ((cpuAtEnd - cpuAtStart) * 1e6) / result.requests;
  return { ...result, cpuUsPerRequest };
}

async function main(): Promise<number> {
  const contenders = pairs.flatMap((pair) => [pair.native, pair.adapted]);
  // One at a time: parallel startups would compete for the server CPU and slow each other.
  for (const contender of contenders) await startServer(contender);

  const results: Results = new Map(ROUTES.map((route) => [route, new Map()]));
  let failures = 0;
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const route of ROUTES) {
      for (const contender of contenders) {
        const result = await measure(contender, route);
        const runs = results.get(route)?.get(contender.name) ?? [];
        runs.push(result);
        results.get(route)?.set(contender.name, runs);
        const bad = result.requests === 0 || result.non2xx > 0 || result.errors > 0;
        if (bad) failures += 1;
        console.error(
          `round ${round}/${settings.rounds} GET ${route} ${contender.name}: ${Math.round(result.rps)} req/s${bad ? " (FAILED: no answers, non-2xx or errors)" : ""}`,
        );
      }
    }
  }

  const report = renderReport(pairs, results, settings);
  console.log(report);
  if (out !== "-") {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, report);
    console.error(`written to ${out}`);
  }
  return failures === 0 ? 0 : 1;
}

// The whole run is bounded: a hung server or load generator cannot keep the bench alive.
const perRun = settings.durationS + settings.warmupS + 2;
const budgetMs = (perRun * ROUTES.length * pairs.length * 2 * settings.rounds + 120) * 1000;
const watchdog = setTimeout(() => {
  console.error(`bench: gave up after ${Math.round(budgetMs / 1000)} s`);
  stopAll();
  process.exit(1);
}, budgetMs);

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  clearTimeout(watchdog);
  stopAll();
}
process.exit(code);
