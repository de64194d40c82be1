// GET /stream: a body produced over time. The body is an async generator; the server sends
// each chunk as it is yielded and, if the client leaves, stops the generator with return().
import type { App } from "@tsgi/core";

const encoder = new TextEncoder();

/** Lines sent by /stream. */
export const STREAM_LINES = 5;

/** A streamed text/plain response: `STREAM_LINES` lines, `delayMs` apart. */
export function streamRoute(delayMs: number): App {
  return (environ, startResponse) => {
    startResponse("200 OK", [
      ["Content-Type", "text/plain; charset=utf-8"],
      // Without it, browsers hold back small text/plain responses to sniff their type, and
      // the lines would appear all at once.
      ["X-Content-Type-Options", "nosniff"],
    ]);
    return lines(delayMs, environ["tsgi.signal"]);
  };
}

async function* lines(
  delayMs: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<Uint8Array> {
  for (let line = 1; line <= STREAM_LINES; line++) {
    yield encoder.encode(`line ${line} of ${STREAM_LINES}\n`);
    if (line < STREAM_LINES) await sleep(delayMs, signal);
    if (signal?.aborted === true) return;
  }
}

// Resolves early when the client goes away, so a disconnect does not wait out the delay.
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
