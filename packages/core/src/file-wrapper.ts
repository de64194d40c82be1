import { createReadStream } from "node:fs";
import type { ReadStream } from "node:fs";
import type { FileBody, FileWrapper } from "./types.ts";

const FILE_BODY = Symbol.for("tsgi.file_body");

/**
 * `tsgi.file_wrapper`: a body that iterates a file in blocks, and that servers recognise
 * with {@link isFileBody} to stream it straight from disk with backpressure.
 *
 * @example
 * const app: App = (environ, startResponse) => {
 *   startResponse("200 OK", [["Content-Type", "text/plain"]]);
 *   const wrap = environ["tsgi.file_wrapper"] ?? fileWrapper;
 *   return wrap("/etc/hostname");
 * };
 */
export const fileWrapper: FileWrapper = (path, options = {}) =>
  new WrappedFile(path, options.start ?? 0, options.length, options.blockSize ?? 64 * 1024);

/** True when `body` came from a `tsgi.file_wrapper` (ours or one with the same brand). */
export function isFileBody(body: unknown): body is FileBody {
  return typeof body === "object" && body !== null && FILE_BODY in body;
}

class WrappedFile implements FileBody {
  readonly [FILE_BODY] = true;
  #stream: ReadStream | undefined;
  #closed = false;

  constructor(
    readonly path: string,
    readonly start: number,
    readonly length: number | undefined,
    readonly blockSize: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#closed) return;
    const end = this.length === undefined ? undefined : this.start + this.length - 1;
    if (end !== undefined && end < this.start) return;
    this.#stream = createReadStream(this.path, {
      start: this.start,
      end,
      highWaterMark: this.blockSize,
    });
    try {
      for await (const chunk of this.#stream) yield chunk as Uint8Array;
    } finally {
      this.#stream.destroy();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stream?.destroy();
  }
}
