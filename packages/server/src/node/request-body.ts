import type { IncomingMessage } from "node:http";
import { createInputStream } from "@tsgi/core";
import type { InputStream } from "@tsgi/core";

const noop = (): void => {};

/**
 * The request body as the byte source of `tsgi.input`, with one thing node's request stream
 * cannot do: fail a pending read without destroying the socket. A framing error in the body
 * (a bad chunk size) or a request timeout reaches node's `clientError` while the app is
 * reading; `req.destroy(err)` would also destroy the socket and with it the response the app
 * is about to send (a 400 or 408). {@link RequestBody.fail} rejects the app's read instead.
 *
 * Only requests that declare a body get one, and the race below is set up on the first read.
 */
export class RequestBody implements AsyncIterable<Uint8Array> {
  readonly #req: IncomingMessage;
  #error: Error | undefined;
  #reject: ((error: Error) => void) | undefined;

  constructor(req: IncomingMessage) {
    this.#req = req;
  }

  /** Makes the pending and every later read reject with `error`. */
  fail(error: Error): void {
    if (this.#error !== undefined) return;
    this.#error = error;
    this.#reject?.(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const inner = this.#req[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    const failed = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    failed.catch(noop); // a failure nobody is reading at that moment is not unhandled
    return {
      next: () => {
        if (this.#error !== undefined) return Promise.reject(this.#error);
        return Promise.race([inner.next(), failed]);
      },
    };
  }
}

// Requests without a body (no Content-Length, no Transfer-Encoding) all share one empty,
// already-finished input stream: it has no state left to change.
const EMPTY_INPUT = createInputStream([], { contentLength: 0 });

/**
 * `tsgi.input` for a request: EOF at Content-Length, or at the end of a chunked body.
 * `onFirstRead` runs before the first byte is pulled (100-continue).
 */
export function createRequestInput(
  req: IncomingMessage,
  onFirstRead: (() => void) | undefined,
): { input: InputStream; body: RequestBody | undefined } {
  const declared = req.headers["content-length"];
  let contentLength: number | undefined;
  // node's parser already rejected malformed, duplicated or CL+TE framing (400).
  if (declared !== undefined) contentLength = Number(declared);
  else if (req.headers["transfer-encoding"] === undefined) contentLength = 0;
  if (contentLength === 0) return { input: EMPTY_INPUT, body: undefined };
  const body = new RequestBody(req);
  return { input: createInputStream(body, { contentLength, onFirstRead }), body };
}
