import type { InputStream } from "./types.ts";

/** Options for {@link createInputStream}. */
export interface InputStreamOptions {
  /** Stop at this many bytes, as PEP 3333 requires; `undefined` reads to the end of the source. */
  contentLength?: number | undefined;
  /**
   * Called once, just before the first byte is pulled from the source. Servers use it to send
   * `100 Continue` only when the app really reads the body, as gunicorn and waitress do.
   */
  onFirstRead?: (() => void) | undefined;
}

const EMPTY = new Uint8Array(0);

/**
 * The request body ended before its Content-Length: the client went away or lied. Servers
 * treat it as a client error (400), never as the app's fault.
 *
 * @example
 * try { await environ["tsgi.input"].read(); }
 * catch (error) { if (error instanceof InputTruncatedError) console.log(error.missing); }
 */
export class InputTruncatedError extends Error {
  readonly code = "TSGI_E_INPUT_TRUNCATED";
  readonly status = 400;
  constructor(readonly missing: number) {
    super(`request body ended ${missing} bytes before its Content-Length`);
    this.name = "InputTruncatedError";
  }
}
const NEWLINE = 0x0a;

/**
 * Wraps a byte source (a node:http request, a fetch body, an array) as `tsgi.input`.
 * Reads never go past Content-Length, so an app cannot hang waiting for bytes that belong
 * to the next request on a keep-alive connection.
 *
 * @example
 * const input = createInputStream([new TextEncoder().encode("a=1\nb=2\n")]);
 * await input.readline(); // bytes of "a=1\n"
 * await input.read();     // bytes of "b=2\n"
 */
export function createInputStream(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: InputStreamOptions = {},
): InputStream {
  return new SourceInputStream(source, options);
}

class SourceInputStream implements InputStream {
  #source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  #iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array> | undefined;
  #remaining: number; // bytes still allowed by Content-Length (Infinity when unknown)
  #pending: Uint8Array = EMPTY; // bytes pulled from the source but not yet read
  #done = false;
  #onFirstRead: (() => void) | undefined;

  constructor(
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    options: InputStreamOptions,
  ) {
    this.#source = source;
    this.#remaining = options.contentLength ?? Infinity;
    this.#onFirstRead = options.onFirstRead;
    if (this.#remaining <= 0) this.#done = true;
  }

  /** Pulls one more chunk into #pending; false at EOF. */
  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    if (this.#iterator === undefined) {
      const notify = this.#onFirstRead;
      this.#onFirstRead = undefined;
      notify?.();
      const source = this.#source;
      this.#iterator =
        Symbol.asyncIterator in source
          ? source[Symbol.asyncIterator]()
          : (source as Iterable<Uint8Array>)[Symbol.iterator]();
    }
    for (;;) {
      const step = await this.#iterator.next();
      if (step.done) {
        this.#done = true;
        if (this.#remaining !== Infinity && this.#remaining > 0) {
          throw new InputTruncatedError(this.#remaining);
        }
        return false;
      }
      let chunk = toBytes(step.value);
      if (chunk.byteLength === 0) continue;
      if (chunk.byteLength >= this.#remaining) {
        chunk = chunk.subarray(0, this.#remaining);
        this.#remaining = 0;
        this.#done = true;
      } else {
        this.#remaining -= chunk.byteLength;
      }
      this.#pending = this.#pending.byteLength === 0 ? chunk : concat(this.#pending, chunk);
      return true;
    }
  }

  #take(size: number): Uint8Array {
    const taken = this.#pending.subarray(0, size);
    this.#pending = this.#pending.subarray(size);
    return taken;
  }

  async read(size?: number): Promise<Uint8Array> {
    if (size === undefined || size < 0) {
      const parts: Uint8Array[] = [];
      if (this.#pending.byteLength > 0) parts.push(this.#take(this.#pending.byteLength));
      while (await this.#fill()) parts.push(this.#take(this.#pending.byteLength));
      return parts.length === 1 ? parts[0]! : concatAll(parts);
    }
    if (size === 0) return EMPTY;
    if (this.#pending.byteLength === 0) await this.#fill();
    return this.#take(size);
  }

  async readline(limit?: number): Promise<Uint8Array> {
    const max = limit === undefined || limit < 0 ? Infinity : limit;
    if (max === 0) return EMPTY;
    let searchFrom = 0;
    for (;;) {
      const newline = this.#pending.indexOf(NEWLINE, searchFrom);
      if (newline !== -1 && newline < max) return this.#take(newline + 1);
      if (this.#pending.byteLength >= max) return this.#take(max);
      searchFrom = this.#pending.byteLength;
      if (!(await this.#fill())) return this.#take(this.#pending.byteLength);
    }
  }

  async readlines(hint?: number): Promise<Uint8Array[]> {
    const lines: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const line = await this.readline();
      if (line.byteLength === 0) return lines;
      lines.push(line);
      total += line.byteLength;
      if (hint !== undefined && hint > 0 && total >= hint) return lines;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#pending.byteLength > 0) yield this.#take(this.#pending.byteLength);
    while (await this.#fill()) yield this.#take(this.#pending.byteLength);
  }
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return new TextEncoder().encode(chunk);
  throw new TypeError(`request body source yielded ${typeof chunk}, expected Uint8Array`);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.byteLength + b.byteLength);
  joined.set(a, 0);
  joined.set(b, a.byteLength);
  return joined;
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}
