// A pull-driven compressor: each chunk goes in, is flushed, and what came out is returned, so
// nothing is held back (SSE and long streams still stream) and at most one chunk's output is
// in memory at a time.
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import type { BrotliCompress, Gzip } from "node:zlib";
import { concatChunks } from "../_internal/respond.ts";

/** The content codings this package produces. */
export type Encoding = "br" | "gzip";

/** Compressor settings. */
export interface CompressorOptions {
  /** gzip level 0–9 (default 6, zlib's). */
  gzipLevel?: number;
  /** brotli quality 0–11 (default 4: fast enough to compress on the fly). */
  brotliQuality?: number;
}

/** One response's compression stream. */
export class Compressor {
  readonly #stream: Gzip | BrotliCompress;
  readonly #flushKind: number;
  #output: Buffer[] = [];
  #error: Error | undefined;
  #ended = false;

  constructor(encoding: Encoding, options: CompressorOptions = {}) {
    if (encoding === "gzip") {
      this.#stream = createGzip({ level: options.gzipLevel ?? 6 });
      this.#flushKind = constants.Z_SYNC_FLUSH;
    } else {
      this.#stream = createBrotliCompress({
        params: { [constants.BROTLI_PARAM_QUALITY]: options.brotliQuality ?? 4 },
      });
      this.#flushKind = constants.BROTLI_OPERATION_FLUSH;
    }
    this.#stream.on("data", (chunk: Buffer) => this.#output.push(chunk));
    this.#stream.on("error", (error) => {
      this.#error = error;
    });
  }

  /** Compresses and flushes one chunk; returns every byte produced so far. */
  async push(chunk: Uint8Array): Promise<Uint8Array> {
    if (chunk.byteLength === 0) return new Uint8Array(0);
    this.#stream.write(chunk);
    await new Promise<void>((resolve) => this.#stream.flush(this.#flushKind, () => resolve()));
    return this.#take();
  }

  /** Ends the stream; returns the last bytes (the trailer). */
  async finish(): Promise<Uint8Array> {
    this.#ended = true;
    await new Promise<void>((resolve, reject) => {
      this.#stream.once("end", resolve);
      this.#stream.once("error", reject);
      this.#stream.end();
    });
    return this.#take();
  }

  /** Frees zlib's memory when the response stops early. */
  destroy(): void {
    if (!this.#ended || !this.#stream.destroyed) this.#stream.destroy();
  }

  #take(): Uint8Array {
    if (this.#error !== undefined) throw this.#error;
    const out = concatChunks(this.#output.splice(0));
    return out;
  }
}
