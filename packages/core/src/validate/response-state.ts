import { describe } from "./error.ts";
import type { Reporter } from "./report.ts";
import { type HeaderFacts, isNoContentStatus, statusCodeOf } from "./status-headers.ts";

/**
 * What the validator knows about one response so far. Body chunks and write() calls both go
 * through {@link ResponseState.chunk}, so "bytes produced" counts both, as the server sends both.
 */
export class ResponseState {
  /** The status the server accepted last (undefined until startResponse succeeded). */
  status: string | undefined;
  statusCode: number | undefined;
  contentLength: number | undefined;
  /** Headers count as sent after the first non-empty chunk or the first write() (DECISIONS.md 2). */
  headersSent = false;
  /** The server closed the body: the response is over. */
  closed = false;
  bytes = 0;
  #chunks = 0;

  constructor(
    readonly method: string,
    readonly reporter: Reporter,
  ) {}

  get started(): boolean {
    return this.status !== undefined;
  }

  accept(status: string, facts: HeaderFacts): void {
    this.status = status;
    this.statusCode = statusCodeOf(status);
    this.contentLength = facts.contentLength;
  }

  /** Checks one chunk from the body (`from: "body"`) or from write(), and counts it. */
  chunk(value: unknown, from: "body" | "write"): void {
    this.#chunks += 1;
    const source =
      from === "body"
        ? `The app's body yielded, as chunk #${this.#chunks},`
        : "The app passed write()";
    if (!(value instanceof Uint8Array)) {
      this.#notBytes(value, from, source);
      return;
    }
    if (value.byteLength === 0) return; // empty chunks are allowed anywhere, and send nothing
    const { reporter } = this;
    if (!this.started) {
      reporter.violation(
        "TSGI_E_CHUNK_BEFORE_START_RESPONSE",
        `${source} ${describe(value)} before startResponse was called; call startResponse before the first non-empty chunk (in a generator body: before the first yield of bytes).`,
      );
    } else if (this.method === "HEAD") {
      reporter.violation(
        "TSGI_E_BODY_ON_HEAD",
        `${source} ${describe(value)} in answer to a HEAD request; HEAD responses carry headers only (keep Content-Length, send no bytes).`,
      );
    } else if (isNoContentStatus(this.statusCode)) {
      reporter.violation(
        "TSGI_E_BODY_ON_NO_CONTENT_STATUS",
        `${source} ${describe(value)} for a "${this.status}" response; 1xx, 204 and 304 responses have no body.`,
      );
    } else if (
      this.contentLength !== undefined &&
      this.bytes + value.byteLength > this.contentLength
    ) {
      reporter.violation(
        "TSGI_E_CONTENT_LENGTH_MISMATCH",
        `The app declared Content-Length: ${this.contentLength} but its body produced at least ${this.bytes + value.byteLength} bytes; the header must equal the number of bytes sent.`,
      );
    }
    this.bytes += value.byteLength;
    this.headersSent = true;
  }

  /** Checks made when the body ended on its own (not when the server cut it short). */
  end(): void {
    const { reporter } = this;
    if (!this.started) {
      reporter.violation(
        "TSGI_E_NO_START_RESPONSE",
        "The app's body ended but the app never called startResponse; every response needs startResponse(status, headers) before its body ends.",
      );
      return;
    }
    const bodyless = this.method === "HEAD" || isNoContentStatus(this.statusCode);
    if (!bodyless && this.contentLength !== undefined && this.bytes < this.contentLength) {
      reporter.violation(
        "TSGI_E_CONTENT_LENGTH_MISMATCH",
        `The app declared Content-Length: ${this.contentLength} but its body ended after ${this.bytes} bytes; the header must equal the number of bytes sent.`,
      );
    }
  }

  #notBytes(value: unknown, from: "body" | "write", source: string): void {
    if (typeof value === "string") {
      this.reporter.violation(
        from === "body" ? "TSGI_E_CHUNK_STRING" : "TSGI_E_WRITE_STRING",
        `${source} ${describe(value)}; bodies are bytes: encode strings with TextEncoder, e.g. new TextEncoder().encode(text).`,
      );
      return;
    }
    const hint =
      value instanceof ArrayBuffer
        ? " Wrap it: new Uint8Array(buffer)."
        : typeof value === "number"
          ? " A bare number usually means a Uint8Array was iterated byte by byte somewhere."
          : "";
    this.reporter.violation(
      from === "body" ? "TSGI_E_CHUNK_NOT_BYTES" : "TSGI_E_WRITE_NOT_BYTES",
      `${source} ${describe(value)}; expected a Uint8Array.${hint}`,
    );
  }
}
