// Small apps the middleware tests stand in front of. Test-only (never exported).
import type { App, Body, HeaderList } from "@tsgi/core";

const encoder = new TextEncoder();

/** A raw TSGI app answering `text` with an exact Content-Length (and `headers` before it). */
export function textApp(text: string, headers: HeaderList = [], status = "200 OK"): App {
  return (environ, startResponse) => {
    const bytes = encoder.encode(text);
    startResponse(status, [
      ["Content-Type", "text/plain; charset=utf-8"],
      ...headers,
      ["Content-Length", String(bytes.byteLength)],
    ]);
    return environ.REQUEST_METHOD === "HEAD" ? [] : [bytes];
  };
}

/** A raw TSGI app that echoes the request's paths as JSON. */
export const echoPathsApp: App = (environ, startResponse) => {
  const body = encoder.encode(
    JSON.stringify({
      method: environ.REQUEST_METHOD,
      scriptName: environ.SCRIPT_NAME,
      pathInfo: environ.PATH_INFO,
      target: environ["tsgi.request_target"],
    }),
  );
  startResponse("200 OK", [["Content-Type", "application/json"]]);
  return [body];
};

/** Counts how a streamed body was closed, so tests can assert "exactly once". */
export interface CloseTracker {
  returned: number;
  closed: number;
  pulled: number;
}

/**
 * A raw TSGI app streaming `chunks` from an async generator (no Content-Length), with a
 * `close()` the tracker counts.
 */
export function streamingApp(
  chunks: readonly string[],
  tracker: CloseTracker = { returned: 0, closed: 0, pulled: 0 },
  headers: HeaderList = [["Content-Type", "text/plain; charset=utf-8"]],
): App {
  return (_environ, startResponse) => {
    startResponse("200 OK", headers);
    async function* generate(): AsyncGenerator<Uint8Array> {
      try {
        for (const chunk of chunks) {
          tracker.pulled++;
          yield encoder.encode(chunk);
        }
      } finally {
        tracker.returned++;
      }
    }
    const iterator = generate();
    const body: Body & { close(): Promise<void> } = {
      [Symbol.asyncIterator]: () => iterator,
      async close() {
        tracker.closed++;
      },
    };
    return body;
  };
}

/** A fresh close tracker. */
export function tracker(): CloseTracker {
  return { returned: 0, closed: 0, pulled: 0 };
}
