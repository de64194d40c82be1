/**
 * `--access-log -|FILE` and `--error-log -|FILE` → the sinks `serve()` takes. Files are opened
 * for append and written synchronously: a line is on disk before the next one starts, several
 * cluster workers can append to one file, and `process.exit()` loses nothing.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import type { ServeOptions } from "../types.ts";
import { CliError } from "./errors.ts";
import type { AccessLogTarget, ErrorLogTarget } from "./values.ts";

/** The log options for `serve()`, and a way to close the files behind them. */
export interface OpenedLogs {
  accessLog: ServeOptions["accessLog"];
  errorLog: ServeOptions["errorLog"];
  /** Closes the files; later lines are dropped. */
  close(): void;
}

/**
 * Opens the log targets: "-" is stdout for the access log and stderr for the error log, a
 * path is opened for append (relative to `cwd`), `false` turns the access log off, and a
 * function is used as it is. One file named by both logs is opened once.
 *
 * @param stdout writes one access-log line to standard output (the CLI's `out`)
 * @param stderr reports, once, that writing a log file failed
 * @throws CliError `TSGI_E_CLI_LOG_FILE` (exit 2) when a file cannot be opened
 *
 * @example
 * const logs = openLogs({ accessLog: "access.log", errorLog: "-" }, process.cwd(), console.log, console.error);
 * const handle = await serve(app, { accessLog: logs.accessLog, errorLog: logs.errorLog });
 * await handle.close();
 * logs.close();
 */
export function openLogs(
  targets: { accessLog: AccessLogTarget; errorLog: ErrorLogTarget },
  cwd: string,
  stdout: (line: string) => void,
  stderr: (line: string) => void,
): OpenedLogs {
  const files = new Map<string, { fd: number; failed: boolean }>();
  const writerFor = (target: string, option: string): ((text: string) => void) => {
    const path = resolve(cwd, target);
    let file = files.get(path);
    if (file === undefined) {
      try {
        file = { fd: openSync(path, "a"), failed: false };
      } catch (error) {
        const reason = (error as { code?: string }).code ?? String(error);
        throw new CliError(
          "TSGI_E_CLI_LOG_FILE",
          `cannot open ${option} file "${target}": ${reason}`,
        );
      }
      files.set(path, file);
    }
    const opened = file;
    return (text) => {
      if (opened.fd === -1) return;
      try {
        writeSync(opened.fd, text);
      } catch (error) {
        // A full disk must not fail requests; say so once instead of on every line.
        if (!opened.failed) stderr(`tsgi: writing ${option} "${target}" failed: ${String(error)}`);
        opened.failed = true;
      }
    };
  };

  let accessLog: ServeOptions["accessLog"];
  const access = targets.accessLog;
  if (access === false) accessLog = false;
  else if (typeof access === "function") accessLog = access;
  else if (access === "-") accessLog = stdout;
  else {
    const write = writerFor(access, "--access-log");
    accessLog = (line) => write(`${line}\n`);
  }

  let errorLog: ServeOptions["errorLog"];
  const error = targets.errorLog;
  if (typeof error === "function") errorLog = error;
  else if (error === "-")
    errorLog = undefined; // the server's default: stderr
  else errorLog = writerFor(error, "--error-log");

  return {
    accessLog,
    errorLog,
    close() {
      for (const file of files.values()) {
        if (file.fd === -1) continue;
        closeSync(file.fd);
        file.fd = -1;
      }
    },
  };
}
