// Reading an inner app's body by hand, with SPEC.md's closing rules: `return()` only on an
// iteration that has not completed, then `close()`, each at most once, on every path.
import { closeBody } from "@tsgi/core";
import type { Body } from "@tsgi/core";

type AnyIterator = Iterator<Uint8Array> | AsyncIterator<Uint8Array>;

/** Pulls chunks from a body one at a time and closes it exactly once. */
export class BodyReader {
  readonly #body: Body;
  #iterator: AnyIterator | undefined;
  #completed = false;
  #closed = false;

  constructor(body: Body) {
    this.#body = body;
  }

  /** The next chunk, or `undefined` at the end. An error of the inner body is thrown. */
  async next(): Promise<Uint8Array | undefined> {
    if (this.#closed || this.#completed) return undefined;
    this.#iterator ??= iteratorOf(this.#body);
    try {
      const result = await this.#iterator.next();
      if (result.done === true) {
        this.#completed = true;
        return undefined;
      }
      return result.value;
    } catch (error) {
      this.#completed = true; // a thrown next() completes the iteration: no return() after it
      throw error;
    }
  }

  /** Closes the inner body as a server would; later calls do nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const iterator = this.#iterator;
    if (iterator === undefined) {
      await closeBody(this.#body);
      return;
    }
    try {
      if (!this.#completed && typeof iterator.return === "function") await iterator.return();
    } finally {
      const close = (this.#body as { close?: unknown }).close;
      if (typeof close === "function") await (close as () => unknown).call(this.#body);
    }
  }
}

function iteratorOf(body: Body): AnyIterator {
  const asyncIterate = (body as Partial<AsyncIterable<Uint8Array>>)[Symbol.asyncIterator];
  if (typeof asyncIterate === "function") return asyncIterate.call(body);
  return (body as Iterable<Uint8Array>)[Symbol.iterator]();
}

/** A body with a `close()`, which is what every wrapping body of this package returns. */
export type ClosableBody = AsyncIterable<Uint8Array> & { close(): Promise<void> };

/**
 * A body that yields what `produce` yields and closes `reader` (the inner body) when the server
 * closes it, then runs `onClose`. `produce` pulls from the reader only when the server pulls
 * from this body, so backpressure passes straight through.
 */
export function readerBody(
  reader: BodyReader,
  produce: () => AsyncGenerator<Uint8Array, void, undefined>,
  onClose?: () => void | Promise<void>,
): ClosableBody {
  return {
    [Symbol.asyncIterator]: produce,
    async close() {
      try {
        await reader.close();
      } finally {
        await onClose?.();
      }
    },
  };
}

/** Every chunk of a reader, as an async generator (for `for await` in a `produce`). */
export async function* chunksOf(reader: BodyReader): AsyncGenerator<Uint8Array, void, undefined> {
  for (;;) {
    const chunk = await reader.next();
    if (chunk === undefined) return;
    yield chunk;
  }
}
