/**
 * Proves bench/adapters.ts still runs end to end: every contender starts, answers 2xx on both
 * routes, and a report comes out. It runs the bench in its smallest form (1 round, a fraction
 * of a second, 2 connections) and asserts nothing about speed: a busy CI machine must not fail
 * the suite, and speed targets are the bench's business, not a unit test's.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, it } from "node:test";
import { ROOT } from "./_apps.ts";

const scratch = mkdtempSync(join(tmpdir(), "tsgi-bench-smoke-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

it(
  "bench/adapters.ts runs in its quickest mode and writes a report",
  { timeout: 90_000 },
  async () => {
    const out = join(scratch, "adapters.md");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BENCH_ROUNDS: "1",
      BENCH_DURATION: "0.3",
      BENCH_WARMUP: "0",
      BENCH_CONNECTIONS: "2",
      // A scratch file: the smoke run must never overwrite the measured bench/results/adapters.md.
      BENCH_OUT: out,
    };
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ["--import", "tsx", "bench/adapters.ts"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const kill = setTimeout(() => child.kill("SIGKILL"), 80_000);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    clearTimeout(kill);

    assert.equal(code, 0, `bench failed:\n${stderr}`);
    assert.match(stdout, /^\| comparison +\| native req\/s \| adapted req\/s \|/m);
    // Every contender has a row in the detail table (cells are padded, hence the spaces).
    for (const name of ["raw node:http", "Express app.listen", "Fastify listen"]) {
      assert.ok(stdout.includes(`| ${name} `), `no row for ${name}:\n${stdout}`);
    }
    assert.equal(readFileSync(out, "utf8").trim(), stdout.trim());
  },
);
