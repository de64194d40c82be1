import type { IncomingMessage } from "node:http";
import { createInputStream } from "@tsgi/core";
import type { InputStream } from "@tsgi/core";
import { codedError } from "./errors.ts";

const noop = (): void => {};

/**
 * The request body as the byte source of `tsgi.input`, with two things node's request stream
 * cannot do:
 *
 * - Fail a pending read without destroying the socket. A framing error in the body (a bad
 *   chunk size) or a request timeout reaches node's `clientError` while the app is reading;
 *   `req.destroy(err)` would also destroy the socket and with it the response the app is
 *   about to send (a 400 or 408). {@link RequestBody.fail} rejects the app's read instead.
 * - Stop a body without Content-Length (chunked) at `limit` bytes: the read that would pass
 *   it fails with `TSGI_E_BODY_TOO_LARGE` and nothing more is pulled, so node stops reading
 *   the socket once its small buffer is full (the server then answers 413 and closes).
 *
 * Only requests that declare a body get one, and the race below is set up on the first read.
 */
export class RequestBody implements AsyncIterable<Uint8Array> {
  /** Bytes handed to the app so far (counted for bodies without Content-Length only). */
  received = 0;
  readonly #req: IncomingMessage;
  readonly #limit: number;
  readonly #owner: { failInput(error: Error): void } | undefined;
  #error: Error | undefined;
  #reject: ((error: Error) => void) | undefined;

  /** `owner.failInput` hears of a body over `limit` (the exchange closes the connection). */
  constructor(req: IncomingMessage, limit = Infinity, owner?: { failInput(error: Error): void }) {
    this.#req = req;
    this.#limit = limit;
    this.#owner = owner;
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
    const counted = this.#limit !== Infinity;
    return {
      next: () => {
        if (this.#error !== undefined) return Promise.reject(this.#error);
        const step = counted ? inner.next().then(this.#count) : inner.next();
        return Promise.race([step, failed]);
      },
    };
  }

  readonly #count = (step: IteratorResult<Uint8Array>): IteratorResult<Uint8Array> => {
    if (step.done !== true) {
      this.received += step.value.byteLength;
      if (this.received > this.#limit && this.#error === undefined) {
        // `status` lets an app that catches it answer with the right code.
        const error = Object.assign(
          codedError(
            Error,
            "TSGI_E_BODY_TOO_LARGE",
            `the request body is larger than ${this.#limit} bytes`,
          ),
          { status: 413 },
        );
        this.#owner?.failInput(error);
        this.fail(error);
        throw error;
      }
    }
    return step;
  };
}

// Requests without a body (no Content-Length, no Transfer-Encoding) all share one empty,
// already-finished input stream: it has no state left to change.
const EMPTY_INPUT = createInputStream([], { contentLength: 0 });

/**
 * `tsgi.input` for a request: EOF at Content-Length, or at the end of a chunked body.
 * `onFirstRead` runs before the first byte is pulled (100-continue). A body without
 * Content-Length is cut at `limit` bytes (see {@link RequestBody}); one with it was already
 * checked against the limit before the app was called. `bodyWithoutLength` says a body
 * may follow without either header (HTTP/2, see wire.ts).
 */
export function createRequestInput(
  req: IncomingMessage,
  onFirstRead: (() => void) | undefined,
  limit = Infinity,
  owner?: { failInput(error: Error): void },
  bodyWithoutLength = false,
): { input: InputStream; body: RequestBody | undefined } {
  const declared = req.headers["content-length"];
  let contentLength: number | undefined;
  // node's parser already rejected malformed, duplicated or CL+TE framing (400).
  if (declared !== undefined) contentLength = Number(declared);
  else if (req.headers["transfer-encoding"] === undefined && !bodyWithoutLength) contentLength = 0;
  if (contentLength === 0) return { input: EMPTY_INPUT, body: undefined };
  if (contentLength === undefined && limit !== Infinity) {
    // Marks the request as being consumed (the public way to set node's `_consuming`), so
    // node never `_dump()`s it after the response: a dumped body is parsed and dropped
    // without end, invisible to the bounded discard that follows the response instead.
    req.read(0);
  }
  const body = new RequestBody(req, contentLength === undefined ? limit : Infinity, owner);
  return { input: createInputStream(body, { contentLength, onFirstRead }), body };
}
