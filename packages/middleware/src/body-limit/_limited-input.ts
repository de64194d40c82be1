// A tsgi.input that refuses to hand out more than `limit` bytes: reading past the limit throws
// BODY_TOO_LARGE. It never asks the inner stream for more than one byte past the limit, so a
// huge body is never buffered to find out it is too large.
import type { InputStream } from "@tsgi/core";
import { MiddlewareError, MiddlewareErrorCodes } from "../errors.ts";
import { concatChunks } from "../_internal/respond.ts";

const BLOCK = 64 * 1024;

/** The error thrown when a request body is over the limit (status 413). */
export function tooLarge(limit: number): MiddlewareError {
  return new MiddlewareError(
    MiddlewareErrorCodes.BODY_TOO_LARGE,
    `request body is larger than ${limit} bytes`,
    413,
  );
}

/** Wraps `inner` so that at most `limit` bytes can be read from it. */
export function limitInput(inner: InputStream, limit: number): InputStream {
  let total = 0;
  const count = (bytes: Uint8Array): Uint8Array => {
    total += bytes.byteLength;
    if (total > limit) throw tooLarge(limit);
    return bytes;
  };
  // Never ask for more than one byte past what is still allowed.
  const cap = (size: number) => Math.min(size, limit - total + 1);

  const read = async (size?: number): Promise<Uint8Array> => {
    if (size !== undefined && size >= 0) return count(await inner.read(cap(size)));
    const chunks: Uint8Array[] = [];
    for (;;) {
      const chunk = count(await inner.read(cap(BLOCK)));
      if (chunk.byteLength === 0) break;
      chunks.push(chunk);
    }
    return concatChunks(chunks);
  };
  const readline = async (max?: number): Promise<Uint8Array> =>
    count(await inner.readline(cap(max !== undefined && max >= 0 ? max : Number.MAX_SAFE_INTEGER)));

  return {
    read,
    readline,
    async readlines(hint?: number) {
      const lines: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const line = await readline();
        if (line.byteLength === 0) break;
        lines.push(line);
        size += line.byteLength;
        if (hint !== undefined && hint > 0 && size >= hint) break;
      }
      return lines;
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const chunk = await read(BLOCK);
        if (chunk.byteLength === 0) return;
        yield chunk;
      }
    },
  };
}
