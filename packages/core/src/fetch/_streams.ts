// Converters between web ReadableStreams and TSGI byte iterables. Both directions are lazy:
// nothing is read from the source before the consumer asks, so backpressure carries through.
import type { InputStream } from "../types.ts";

/**
 * A TSGI body (and `tsgi.input` source) that reads `stream` one chunk per `next()`.
 * `return()` and `close()` cancel the stream, once, so a client that goes away stops the
 * producer on the far side.
 */
export class StreamBody implements AsyncIterableIterator<Uint8Array> {
  #stream: ReadableStream<unknown>;
  #reader: ReadableStreamDefaultReader<unknown> | undefined;
  #finished = false;

  constructor(stream: ReadableStream<unknown>) {
    this.#stream = stream;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array, undefined>> {
    if (this.#finished) return { done: true, value: undefined };
    this.#reader ??= this.#stream.getReader();
    let step: Awaited<ReturnType<ReadableStreamDefaultReader<unknown>["read"]>>;
    try {
      step = await this.#reader.read();
    } catch (error) {
      this.#finished = true;
      throw error;
    }
    if (step.done) {
      this.#finished = true;
      this.#reader.releaseLock();
      return { done: true, value: undefined };
    }
    return { done: false, value: toBytes(step.value) };
  }

  async return(): Promise<IteratorResult<Uint8Array, undefined>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** Cancels the stream unless it already ended; safe to call more than once. */
  async close(): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await (this.#reader ?? this.#stream).cancel();
  }
}

/** `tsgi.input` as a ReadableStream that reads from the input only when pulled. */
export function inputToStream(input: InputStream): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        iterator ??= input[Symbol.asyncIterator]();
        const step = await iterator.next();
        if (step.done === true) controller.close();
        else controller.enqueue(step.value);
      },
      async cancel() {
        await iterator?.return?.();
      },
    },
    // 0: pull only when a reader waits, so the request body is never read ahead.
    { highWaterMark: 0 },
  );
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk))
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  // fetch itself rejects such chunks when it reads a body; so do we, rather than guess an encoding.
  throw new TypeError(`a response body stream yielded ${typeof chunk}, expected bytes`);
}
