import { IncomingMessage } from "node:http";
import { decodePath, splitTarget } from "@tsgi/core";
import type { Environ, InputStream } from "@tsgi/core";
import type { StandInSocket } from "./_socket.ts";

// Read size per pull from tsgi.input: large enough for throughput, small enough that an
// upload never sits in memory whole.
const READ_SIZE = 64 * 1024;

/**
 * An `http.IncomingMessage` whose body is pulled from `tsgi.input` only when Fastify (or a
 * plugin such as @fastify/multipart) reads it: `_read` is the Readable implementer's hook, so
 * the upload streams with backpressure and is never buffered whole.
 */
export class EnvironRequest extends IncomingMessage {
  readonly #input: InputStream;
  #reading = false;

  constructor(socket: StandInSocket, input: InputStream, hasBody: boolean) {
    super(socket as never);
    this.#input = input;
    // IncomingMessage starts with read-ahead switched off until its own _read runs (node's
    // parser pushes instead); with our _read it must be on, or the stream stalls after the
    // first chunk. `_readableState` is the stream's long-standing semi-public state.
    (this as unknown as { _readableState: { readingMore: boolean } })._readableState.readingMore =
      false;
    if (!hasBody) {
      this.complete = true;
      this.push(null);
    }
  }

  override _read(): void {
    if (this.#reading || this.complete) return;
    this.#reading = true;
    this.#input.read(READ_SIZE).then(
      (chunk) => {
        this.#reading = false;
        if (this.destroyed) return;
        if (chunk.byteLength === 0) {
          this.complete = true;
          this.push(null);
        } else {
          this.push(chunk);
        }
      },
      (error: unknown) => {
        this.#reading = false;
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }
}

/** How the Fastify app sees the request path; see {@link FromFastifyOptions.path}. */
export type PathMode = "full" | "strip-script-name";

/**
 * The request line and headers Fastify gets. Header names come lower-cased from environ keys
 * (`HTTP_X_FOO` → `x-foo`) in arrival order; environ already joined repeated headers, so a
 * header sent twice arrives once with its values joined by ", " (RFC 9110 §5.3: equivalent).
 */
export function requestHead(
  environ: Environ,
  mode: PathMode,
): { target: string; rawHeaders: string[]; hasBody: boolean } {
  const rawHeaders: string[] = [];
  for (const key of Object.keys(environ)) {
    // The name first: reading a value may run a getter (the node server's `tsgi.signal`
    // builds an AbortController when read).
    const isHeader = key.startsWith("HTTP_");
    if (!isHeader && key !== "CONTENT_TYPE" && key !== "CONTENT_LENGTH") continue;
    const value = environ[key];
    if (typeof value !== "string") continue;
    if (isHeader) rawHeaders.push(key.slice(5).toLowerCase().replaceAll("_", "-"), value);
    else rawHeaders.push(key === "CONTENT_TYPE" ? "content-type" : "content-length", value);
  }
  const length = environ.CONTENT_LENGTH;
  const hasBody =
    (length !== undefined && length !== "" && length !== "0") ||
    environ.HTTP_TRANSFER_ENCODING !== undefined;
  return { target: requestTarget(environ, mode), rawHeaders, hasBody };
}

function requestTarget(environ: Environ, mode: PathMode): string {
  const query = environ.QUERY_STRING === "" ? "" : `?${environ.QUERY_STRING}`;
  const raw = environ["tsgi.request_target"];
  // The raw target is the most faithful (no decode/re-encode round trip), but only while it
  // still names the same path: a TSGI middleware may have rewritten SCRIPT_NAME/PATH_INFO.
  if (mode === "full" && typeof raw === "string" && raw !== "*") {
    if (safeDecode(splitTarget(raw).path) === environ.SCRIPT_NAME + environ.PATH_INFO) return raw;
  }
  const path = mode === "full" ? environ.SCRIPT_NAME + environ.PATH_INFO : environ.PATH_INFO;
  return quotePath(path === "" ? "/" : path) + query;
}

function safeDecode(path: string): string | undefined {
  try {
    return decodePath(path);
  } catch {
    return undefined;
  }
}

function quotePath(path: string): string {
  return encodeURI(path).replaceAll("?", "%3F").replaceAll("#", "%23");
}
