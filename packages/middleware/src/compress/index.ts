import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { App, Body, HeaderList } from "@tsgi/core";
import { MiddlewareError, MiddlewareErrorCodes, MiddlewareOptionError } from "../errors.ts";
import { negotiateEncoding } from "../_internal/accept-encoding.ts";
import { BodyReader, chunksOf, readerBody } from "../_internal/body-reader.ts";
import { DeferredStart } from "../_internal/deferred-start.ts";
import type { RecordedHead, WriteDecision } from "../_internal/deferred-start.ts";
import { requestHeader } from "../_internal/environ.ts";
import {
  checkApp,
  checkOptionsObject,
  functionOption,
  integerOption,
} from "../_internal/options.ts";
import { arrayBodyLength, concatChunks, copyArray } from "../_internal/respond.ts";
import { Compressor, type Encoding } from "./_compressor.ts";
import {
  compressedHeaders,
  declaredLength,
  isCompressibleType,
  mayCompress,
  withVary,
} from "./_policy.ts";

export { isCompressibleType } from "./_policy.ts";

/** Options of {@link compress}. */
export interface CompressOptions {
  /** Responses known to be smaller than this many bytes are sent as they are (default 1024). */
  threshold?: number;
  /** Codings offered, in order of preference (default `["br", "gzip"]`). */
  encodings?: readonly ("br" | "gzip")[];
  /** Which Content-Types to compress (default {@link isCompressibleType}). */
  filter?: (contentType: string) => boolean;
  /** gzip level 0–9 (default 6). */
  gzipLevel?: number;
  /** brotli quality 0–11 (default 4, fast enough for on-the-fly compression). */
  brotliQuality?: number;
}

const NAME = "compress";
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * Compresses responses with gzip or brotli, chosen by the request's `Accept-Encoding`.
 *
 * - An Array body (a whole response) is compressed in one go and stays an Array with an exact
 *   Content-Length. Any other body — a stream, a file — is compressed as the server pulls it:
 *   one inner chunk in, flushed, its bytes out, so streams keep streaming with backpressure
 *   and nothing is buffered whole. A `tsgi.file_wrapper` body is read (it must be transformed).
 * - Skipped: responses smaller than `threshold`, types the filter refuses (images, archives),
 *   responses already coded, `Cache-Control: no-transform`, 204/206/304 and ranges.
 * - `Vary: Accept-Encoding` is added to every response that could have been compressed, a
 *   strong ETag becomes weak, Content-Length is dropped or recomputed.
 *
 * @throws MiddlewareOptionError (`TSGI_E_MW_INVALID_OPTION`) for bad levels or codings.
 *
 * @example
 * import { compress } from "@tsgi/middleware/compress";
 * const app = compress(myApp, { threshold: 512, encodings: ["gzip"] });
 */
export function compress(app: App, options: CompressOptions = {}): App {
  checkApp(NAME, app);
  checkOptionsObject(NAME, options);
  const threshold = integerOption(NAME, "threshold", options.threshold, 1024);
  const encodings = options.encodings ?? (["br", "gzip"] as const);
  if (
    !Array.isArray(encodings) ||
    encodings.length === 0 ||
    !encodings.every((coding) => coding === "br" || coding === "gzip")
  ) {
    throw new MiddlewareOptionError(NAME, "encodings", 'must list "br" and/or "gzip"');
  }
  const filter = functionOption(NAME, "filter", options.filter, isCompressibleType);
  const gzipLevel = integerOption(NAME, "gzipLevel", options.gzipLevel, 6);
  const brotliQuality = integerOption(NAME, "brotliQuality", options.brotliQuality, 4);
  if (gzipLevel > 9) throw new MiddlewareOptionError(NAME, "gzipLevel", "must be 0–9");
  if (brotliQuality > 11) throw new MiddlewareOptionError(NAME, "brotliQuality", "must be 0–11");
  const levels = { gzipLevel, brotliQuality };

  /** The head to send, and the coding to apply, for a body of `length` bytes (if known). */
  const plan = (
    head: RecordedHead,
    accepted: Encoding | undefined,
    length: number | undefined,
  ): { headers: HeaderList; encoding: Encoding | undefined } => {
    if (!mayCompress(head.status, head.headers, filter)) {
      return { headers: head.headers, encoding: undefined };
    }
    const headers = withVary(head.headers);
    const known = length ?? declaredLength(head.headers);
    if (accepted === undefined || (known !== undefined && known < threshold)) {
      return { headers, encoding: undefined };
    }
    return { headers: compressedHeaders(headers, accepted), encoding: accepted };
  };

  return async (environ, startResponse) => {
    const accepted = negotiateEncoding(requestHeader(environ, "accept-encoding"), encodings);
    const isHead = environ.REQUEST_METHOD === "HEAD";
    // The compressor of the head that was sent; read at every chunk, because an app may
    // replace its head (startResponse with excInfo) while its body is being pulled.
    let current: Compressor | undefined;
    const start = (encoding: Encoding | undefined) => {
      current?.destroy();
      current = encoding === undefined || isHead ? undefined : new Compressor(encoding, levels);
    };

    const deferred = new DeferredStart(startResponse, (head, replacing): WriteDecision => {
      if (replacing) {
        // A replacement (an error page) is sent as the app gave it: the body may be passing
        // through unwrapped, so it cannot start being compressed now.
        start(undefined);
        return { status: head.status, headers: head.headers };
      }
      // The app wrote before returning: decide from its head alone, compress each write.
      const decided = plan(head, accepted, undefined);
      start(decided.encoding);
      const transform = (chunk: Uint8Array) =>
        current === undefined ? Promise.resolve(chunk) : current.push(chunk);
      return { status: head.status, headers: decided.headers, transform };
    });

    /** The inner body's chunks, compressed with whatever `current` is when each arrives. */
    async function* compressed(
      reader: BodyReader,
      first?: Uint8Array,
    ): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        if (first !== undefined) yield* pass(first);
        for await (const chunk of chunksOf(reader)) yield* pass(chunk);
        if (current !== undefined) {
          const tail = await current.finish();
          if (tail.byteLength > 0) yield tail;
        }
      } finally {
        current?.destroy();
      }
    }
    async function* pass(chunk: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
      const out = current === undefined ? chunk : await current.push(chunk);
      if (out.byteLength > 0) yield out;
    }
    const stream = (reader: BodyReader): Body =>
      readerBody(
        reader,
        () => compressed(reader),
        () => current?.destroy(),
      );

    let body: Body;
    try {
      body = await app(environ, deferred.startResponse);
    } catch (error) {
      current?.destroy();
      throw error;
    }

    if (deferred.committed) return current === undefined ? body : stream(new BodyReader(body));
    const head = deferred.head;
    if (head === undefined) return lazyHead(body);

    if (isHead) {
      deferred.commit(head.status, plan(head, accepted, undefined).headers);
      return body;
    }
    if (Array.isArray(body)) {
      const chunks = copyArray(body);
      const decided = plan(head, accepted, arrayBodyLength(chunks));
      if (decided.encoding === undefined) {
        deferred.commit(head.status, decided.headers);
        return body;
      }
      const reader = new BodyReader(body);
      let coded: Uint8Array;
      try {
        coded = await compressWhole(concatChunks(chunks), decided.encoding, levels);
      } finally {
        await reader.close();
      }
      const headers = compressedHeaders(decided.headers, decided.encoding, coded.byteLength);
      deferred.commit(head.status, headers);
      return [coded];
    }
    const decided = plan(head, accepted, undefined);
    deferred.commit(head.status, decided.headers);
    if (decided.encoding === undefined) return body;
    start(decided.encoding);
    return stream(new BodyReader(body));

    // The app calls startResponse from its body's first pull (PEP 3333 allows it): decide then.
    function lazyHead(inner: Body): Body {
      const reader = new BodyReader(inner);
      return readerBody(
        reader,
        async function* () {
          const first = await reader.next();
          const lateHead = deferred.head;
          if (lateHead === undefined) {
            throw new MiddlewareError(
              MiddlewareErrorCodes.NO_START_RESPONSE,
              "the app's body produced output before startResponse was called",
            );
          }
          const decided = plan(lateHead, accepted, undefined);
          deferred.commit(lateHead.status, decided.headers);
          start(decided.encoding);
          yield* compressed(reader, first);
        },
        () => current?.destroy(),
      );
    }
  };
}

async function compressWhole(
  bytes: Uint8Array,
  encoding: Encoding,
  levels: { gzipLevel: number; brotliQuality: number },
): Promise<Uint8Array> {
  if (encoding === "gzip") return gzipAsync(bytes, { level: levels.gzipLevel });
  return brotliAsync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: levels.brotliQuality,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
    },
  });
}
