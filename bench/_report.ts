/**
 * Turns measured runs into the Markdown the bench prints and saves: one table per route with
 * each native/adapted pair and its ratio, then every contender's spread, latency and errors.
 */
import os from "node:os";
import type { MeasuredRun } from "./_types.ts";
import type { Pair } from "./_contenders.ts";

/** route → contender name → one result per round. */
export type Results = Map<string, Map<string, MeasuredRun[]>>;

/** The settings a run used, printed with its results so a reader can reproduce it. */
export interface RunSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  rounds: number;
  pinned: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const int = (value: number): string => Math.round(value).toLocaleString("en-US");

/**
 * A Markdown table padded the way prettier pads one, so the saved report passes the repo's
 * `prettier --check` as written. `right` marks right-aligned (numeric) columns.
 */
export function table(
  header: readonly string[],
  rows: readonly string[][],
  right: readonly boolean[],
): string[] {
  const widths = header.map((cell, column) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${widths
      .map((width, column) => {
        const cell = cells[column] ?? "";
        return right[column] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (right[column] ? `${"-".repeat(width - 1)}:` : "-".repeat(width))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)];
}

function machine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? "unknown CPU";
  return `${cpus.length} × ${model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The whole report as Markdown. */
export function renderReport(
  pairs: readonly Pair[],
  results: Results,
  settings: RunSettings,
): string {
  const lines = [
    "# Adapter overhead: native vs adapted, same run",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine()}`,
    `- Load: ${settings.connections} keep-alive connections, ${settings.durationS} s measured after ${settings.warmupS} s warm-up, ${settings.rounds} interleaved round${settings.rounds === 1 ? "" : "s"}, medians shown; ` +
      (settings.pinned
        ? "servers pinned to CPU 0 and the load generator to CPU 1 (taskset)."
        : "no CPU pinning (one CPU, or taskset missing)."),
    "",
  ];
  for (const [route, byContender] of results) {
    const rps = (name: string): number => median((byContender.get(name) ?? []).map((r) => r.rps));
    const rows = pairs.map((pair) => {
      const native = rps(pair.native.name);
      const adapted = rps(pair.adapted.name);
      const ratio = native === 0 ? 0 : adapted / native;
      const nativeCpu = cpuPerRequest(byContender.get(pair.native.name));
      const adaptedCpu = cpuPerRequest(byContender.get(pair.adapted.name));
      const cpuRatio =
        nativeCpu === undefined || adaptedCpu === undefined || adaptedCpu === 0
          ? undefined
          : nativeCpu / adaptedCpu;
      const verdict = ratio >= pair.target ? "met" : "missed";
      return [
        `${pair.adapted.name} vs ${pair.native.name}`,
        int(native),
        int(adapted),
        ratio.toFixed(2),
        cpuRatio === undefined ? "n/a" : cpuRatio.toFixed(2),
        `≥ ${pair.target.toFixed(2)} (${verdict})`,
      ];
    });
    lines.push(`## GET ${route}`, "");
    lines.push(
      ...table(
        [
          "comparison",
          "native req/s",
          "adapted req/s",
          "adapted ÷ native",
          "by CPU per request",
          "target",
        ],
        rows,
        [false, true, true, true, true, true],
      ),
      "",
    );
  }
  lines.push(
    "`by CPU per request` is the native server's CPU time per request divided by the adapted " +
      "one's (both measured from /proc over the same runs): the throughput ratio each would " +
      "reach if it alone had a whole CPU, which other load on the machine hardly moves.",
    "",
  );
  const details: string[][] = [];
  for (const [route, byContender] of results) {
    for (const [name, runs] of byContender) {
      const rps = runs.map((r) => r.rps);
      const cpu = cpuPerRequest(runs);
      details.push([
        route,
        name,
        int(median(rps)),
        `${int(Math.min(...rps))} – ${int(Math.max(...rps))}`,
        cpu === undefined ? "n/a" : cpu.toFixed(1),
        median(runs.map((r) => r.p99Ms)).toFixed(2),
        String(sum(runs, "non2xx")),
        String(sum(runs, "errors")),
      ]);
    }
  }
  lines.push("## Every run", "");
  lines.push(
    ...table(
      [
        "route",
        "contender",
        "median req/s",
        "min – max",
        "CPU µs/req (median)",
        "p99 ms (median)",
        "non-2xx",
        "errors",
      ],
      details,
      [false, false, true, true, true, true, true, true],
    ),
  );
  lines.push("");
  return lines.join("\n");
}

/** The median server CPU µs per request of some runs, if /proc gave it for every run. */
function cpuPerRequest(runs: readonly MeasuredRun[] | undefined): number | undefined {
  const values = (runs ?? []).map((run) => run.cpuUsPerRequest);
  if (values.length === 0 || values.some((value) => value === undefined)) return undefined;
  return median(values as number[]);
}

function sum(runs: readonly MeasuredRun[], key: "non2xx" | "errors"): number {
  return runs.reduce((total, run) => total + run[key], 0);
}
