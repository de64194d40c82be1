// Wraps a response body so the logger learns when it was closed and how many bytes it had,
// without costing the server its fast paths: an Array stays an Array (Content-Length is still
// computed) and a file body stays a file body (sendfile still works).
import { stat } from "node:fs/promises";
import { isFileBody } from "@tsgi/core";
import type { Body, FileBody } from "@tsgi/core";
import { BodyReader, chunksOf, readerBody } from "../_internal/body-reader.ts";
import { arrayBodyLength, copyArray } from "../_internal/respond.ts";

const FILE_BODY = Symbol.for("tsgi.file_body");

/** Calls `done(bytes)` once, when the server closes the body. */
export function observeBody(
  body: Body,
  declaredLength: () => number | undefined,
  done: (bytes: number) => void,
): Body {
  if (Array.isArray(body)) {
    const inner = body as Uint8Array[] & { close?: () => unknown };
    // Copied by index, not by iteration: iterating is the server's job, and the copy gets the
    // close() that tells the logger the response is over. The app's own array is not touched.
    const chunks = copyArray(inner);
    const bytes = arrayBodyLength(chunks);
    return Object.assign(chunks, {
      async close() {
        try {
          if (typeof inner.close === "function") await inner.close();
        } finally {
          done(bytes);
        }
      },
    });
  }
  if (isFileBody(body)) return observeFile(body, declaredLength, done);
  const reader = new BodyReader(body);
  let bytes = 0;
  return readerBody(
    reader,
    async function* () {
      for await (const chunk of chunksOf(reader)) {
        bytes += chunk.byteLength;
        yield chunk;
      }
    },
    () => done(bytes),
  );
}

// A file body that delegates to the inner one: it keeps the brand, so a server may still send
// it with its fast path (by path, start and length) and then closes this, which closes the inner.
function observeFile(
  file: FileBody,
  declaredLength: () => number | undefined,
  done: (bytes: number) => void,
): FileBody {
  let iterated = 0;
  let wasIterated = false;
  return {
    [FILE_BODY]: true,
    get path() {
      return file.path;
    },
    get start() {
      return file.start;
    },
    get length() {
      return file.length;
    },
    get blockSize() {
      return file.blockSize;
    },
    async *[Symbol.asyncIterator]() {
      wasIterated = true;
      for await (const chunk of file) {
        iterated += chunk.byteLength;
        yield chunk;
      }
    },
    async close() {
      try {
        await file.close();
      } finally {
        done(wasIterated ? iterated : (declaredLength() ?? file.length ?? (await sizeFrom(file))));
      }
    },
  } as FileBody;
}

async function sizeFrom(file: FileBody): Promise<number> {
  try {
    return Math.max(0, (await stat(file.path)).size - file.start);
  } catch {
    return 0;
  }
}
