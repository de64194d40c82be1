// The HTTP/2 client's own eyes on the wire. node's client reports a stream whose connection
// was lost mid-body exactly as one that ended with END_STREAM ('end', rstCode 0), so "was
// this response complete?" cannot be answered from its events. This pass-through stream sits
// between node's HTTP/2 session and the socket (after TLS) and notes, for every frame the
// server sends, the flags that answer it: END_STREAM and RST_STREAM, per stream id.
import { Duplex } from "node:stream";

const FRAME_HEADER = 9;
const DATA = 0x0;
const HEADERS = 0x1;
const RST_STREAM = 0x3;
const END_STREAM = 0x1;

/** Wraps the client's connection and records what the server's frames said about streams. */
export class FrameTap extends Duplex {
  /** Streams whose END_STREAM flag arrived (on DATA or HEADERS): their responses are whole. */
  readonly ended = new Set<number>();
  /** Streams the server reset, with the RST_STREAM error code. */
  readonly reset = new Map<number, number>();
  readonly #inner: Duplex;
  #header = Buffer.alloc(0);
  /** Payload bytes of the current frame still to skip (RST_STREAM payloads are read). */
  #skip = 0;
  #rst: { id: number; code: Buffer } | undefined;

  constructor(inner: Duplex) {
    super();
    this.#inner = inner;
    inner.on("data", (chunk: Buffer) => {
      this.#observe(chunk);
      if (!this.push(chunk)) inner.pause();
    });
    inner.on("end", () => this.push(null));
    inner.on("error", (error) => this.destroy(error));
    inner.on("close", () => this.destroy());
  }

  override _read(): void {
    this.#inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.#inner.write(chunk, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.#inner.end(done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.#inner.destroy();
    done(error);
  }

  // Frames are a 9-byte header (length 24 bits, type, flags, stream id 31 bits) and a payload.
  #observe(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#skip > 0) {
        const take = Math.min(this.#skip, chunk.length - offset);
        if (this.#rst !== undefined) {
          this.#rst.code = Buffer.concat([this.#rst.code, chunk.subarray(offset, offset + take)]);
          if (this.#rst.code.length === 4) {
            this.reset.set(this.#rst.id, this.#rst.code.readUInt32BE(0));
            this.#rst = undefined;
          }
        }
        this.#skip -= take;
        offset += take;
        continue;
      }
      const need = FRAME_HEADER - this.#header.length;
      this.#header = Buffer.concat([this.#header, chunk.subarray(offset, offset + need)]);
      offset += Math.min(need, chunk.length - offset);
      if (this.#header.length < FRAME_HEADER) return;
      const header = this.#header;
      this.#header = Buffer.alloc(0);
      const length = header.readUIntBE(0, 3);
      const type = header[3]!;
      const flags = header[4]!;
      const id = header.readUInt32BE(5) & 0x7fffffff;
      if ((type === DATA || type === HEADERS) && (flags & END_STREAM) !== 0) this.ended.add(id);
      if (type === RST_STREAM && length === 4) this.#rst = { id, code: Buffer.alloc(0) };
      this.#skip = length;
    }
  }
}
