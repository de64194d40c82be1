/** Severity of a cluster log line; gunicorn's levels, CRITICAL for a worker timeout as there. */
export type LogLevel = "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/** Writes one line of the cluster's own log (the primary's supervision, a worker's stop). */
export type ClusterLog = (level: LogLevel, message: string) => void;

/**
 * A logger writing gunicorn-style lines, `[time] [pid] [LEVEL] message`, to `errorLog`
 * (default: stderr). The pid is there because primary and workers share one log.
 *
 * @example
 * const log = clusterLog((text) => process.stdout.write(text));
 * log("INFO", "Booting worker 1 (pid: 4242)");
 */
export function clusterLog(errorLog?: (text: string) => void): ClusterLog {
  const write = errorLog ?? ((text: string) => void process.stderr.write(text));
  return (level, message) => {
    try {
      write(`[${new Date().toISOString()}] [${process.pid}] [${level}] ${message}\n`);
    } catch {
      // A broken log sink must not take supervision down with it.
    }
  };
}

/**
 * Runs a lifecycle hook; gunicorn's rule: a failing hook is logged and the server carries on.
 *
 * @example
 * await runHook(log, "whenReady", () => hooks.whenReady?.(handle));
 */
export async function runHook(log: ClusterLog, name: string, run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    log("ERROR", `the ${name} hook failed: ${(error as Error)?.stack ?? String(error)}`);
  }
}
