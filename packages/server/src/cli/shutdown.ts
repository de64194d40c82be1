/**
 * How `tsgi serve` stops: on SIGINT/SIGTERM (or when the reloader that started it goes away)
 * it closes the server gracefully; a second signal gives up waiting. Cluster workers stop when
 * their primary disconnects them, and never listen for signals themselves: the primary
 * decides.
 */
import type { ServerHandle } from "../types.ts";
import { oneLine } from "./errors.ts";

/** The part of `process` that delivers signals. */
export interface SignalSource {
  on(event: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: (signal: NodeJS.Signals) => void): unknown;
}

/** The part of `process` that reports the IPC channel to a parent closing. */
export interface ParentChannel {
  /** False once the channel closed (`process.connected`). */
  readonly connected?: boolean;
  once(event: "disconnect", listener: () => void): unknown;
}

/**
 * A signal this soon after the first is the same Ctrl+C delivered twice, not a second one:
 * under `npm start` the terminal signals the whole process group *and* npm forwards the
 * signal to its child, which is this process whenever the script shell execs the command
 * (bash does). Someone pressing Ctrl+C again takes longer than this.
 *
 * @example
 * if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return; // the same Ctrl+C
 */
export const DUPLICATE_SIGNAL_MS = 250;

/**
 * Resolves with the exit code once the server stopped. The first signal (or `parent`
 * disconnecting) starts a graceful close that waits up to `gracefulTimeout` ms for in-flight
 * requests; a second signal gives up waiting, because a shutdown that ignores Ctrl+C while a
 * long request drains is a trap (uvicorn #251).
 *
 * @example
 * const code = await waitForShutdown(handle, {
 *   signals: process, out: console.log, err: console.error, gracefulTimeout: 30_000,
 * });
 * process.exit(code);
 */
export function waitForShutdown(
  handle: ServerHandle,
  options: {
    signals: SignalSource;
    out: (line: string) => void;
    err: (line: string) => void;
    gracefulTimeout: number;
    /** The reloader's IPC channel: when it closes, the reloader is gone and so should we be. */
    parent?: ParentChannel | undefined;
  },
): Promise<number> {
  const { signals, out, err } = options;
  return new Promise((resolve) => {
    let firstSignalAt: number | undefined;
    let settled = false;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      signals.off("SIGINT", onSignal);
      signals.off("SIGTERM", onSignal);
      resolve(code);
    };
    const close = () => {
      handle.close({ timeout: options.gracefulTimeout }).then(
        () => {
          out("tsgi: stopped");
          finish(0);
        },
        (error: unknown) => {
          err(`tsgi: shutdown failed: ${oneLine(error)}`);
          finish(1);
        },
      );
    };
    function onSignal(signal: NodeJS.Signals) {
      if (firstSignalAt !== undefined) {
        if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
        err(`tsgi: ${signal} again, exiting without waiting for open requests`);
        finish(1);
        return;
      }
      firstSignalAt = Date.now();
      out(`tsgi: ${signal} received, shutting down gracefully (send it again to force)`);
      close();
    }
    signals.on("SIGINT", onSignal);
    signals.on("SIGTERM", onSignal);
    options.parent?.once("disconnect", () => {
      if (firstSignalAt !== undefined || settled) return;
      firstSignalAt = Date.now();
      out("tsgi: the reloader went away, shutting down gracefully");
      close();
    });
  });
}

/**
 * A cluster worker's life after it started serving: it ends when the primary disconnects the
 * worker (`worker.disconnect()` closes the worker's servers, then the IPC channel) or dies.
 * The handle is then closed, which is a no-op when the cluster server already did it.
 *
 * @example
 * process.exit(await waitForWorkerEnd(handle, process, 30_000, console.error));
 */
export function waitForWorkerEnd(
  handle: ServerHandle,
  channel: ParentChannel,
  gracefulTimeout: number,
  err: (line: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const end = () => {
      handle.close({ timeout: gracefulTimeout }).then(
        () => resolve(0),
        (error: unknown) => {
          err(`tsgi: worker shutdown failed: ${oneLine(error)}`);
          resolve(1);
        },
      );
    };
    // The primary may have let go while the app was still loading.
    if (channel.connected === false) end();
    else channel.once("disconnect", end);
  });
}
