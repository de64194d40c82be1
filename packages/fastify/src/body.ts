import type { IncomingMessage } from "node:http";

// Bytes queued ahead of the server before the parsed response is paused (backpressure).
const HIGH_WATER_MARK = 64 * 1024;

/**
 * The captured response body as an async iterable. Not `for await` over the message: a
 * response cut short (a body shorter than its Content-Length, an error after headers)
 * destroys the message and drops bytes it already parsed, while over TCP the client would
 * still get them before the connection ends. So chunks are queued as they are parsed, the
 * message is paused above a high-water mark, and an abort is raised after the queue.
 *
 * Call it as soon as the head is parsed; `finish(completed)` runs exactly once, when
 * iteration of the returned body ends for any reason.
 */
export function readBody(
  message: IncomingMessage,
): (finish: (completed: boolean) => void) => AsyncGenerator<Uint8Array> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  message.on("data", (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.byteLength;
    if (queued >= HIGH_WATER_MARK) message.pause();
    notify();
  });
  message.once("end", () => {
    ended = true;
    notify();
  });
  const fail = (error?: Error): void => {
    failure ??= error ?? new Error("aborted");
    notify();
  };
  message.once("aborted", () => fail());
  message.once("error", fail);
  message.once("close", () => {
    if (!message.complete) fail();
  });

  // Listeners are attached above, as soon as the head is parsed; iteration starts later.
  return async function* iterate(finish) {
    let completed = false;
    try {
      for (;;) {
        const chunk = queue.shift();
        if (chunk !== undefined) {
          queued -= chunk.byteLength;
          if (queued < HIGH_WATER_MARK && message.isPaused()) message.resume();
          yield chunk;
          continue;
        }
        if (ended) break;
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      completed = true;
    } finally {
      // Normal end, error, or return() from the server (client gone): release everything once.
      finish(completed);
      message.destroy();
    }
  };
}
