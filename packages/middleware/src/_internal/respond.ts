// Answering on the middleware's own behalf, and small body utilities.
import { statusLine } from "@tsgi/core";
import type { Body, HeaderList, StartResponse } from "@tsgi/core";

const encoder = new TextEncoder();

/**
 * Answers with `status` and a short text (or given bytes) body, with an exact Content-Length.
 * 204 and 304 get neither body nor Content-Length/Content-Type, as SPEC.md requires.
 */
export function respond(
  startResponse: StartResponse,
  status: number,
  headers: HeaderList = [],
  body: string | Uint8Array = statusLine(status).slice(4) + "\n",
  excInfo?: unknown,
): Body {
  if (status === 204 || status === 304) {
    startResponse(statusLine(status), headers, excInfo);
    return [];
  }
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const hasType = headers.some(([name]) => name.toLowerCase() === "content-type");
  startResponse(
    statusLine(status),
    [
      ...(hasType ? [] : ([["Content-Type", "text/plain; charset=utf-8"]] as HeaderList)),
      ...headers.filter(([name]) => name.toLowerCase() !== "content-length"),
      ["Content-Length", String(bytes.byteLength)],
    ],
    excInfo,
  );
  return [bytes];
}

/** The status code of a status line ("404 Not Found" → 404). */
export function statusCode(status: string): number {
  return Number.parseInt(status.slice(0, 3), 10);
}

/** Joins chunks into one array. */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Total bytes of an Array body, read by index so no iteration is started on it. */
export function arrayBodyLength(body: readonly Uint8Array[]): number {
  let total = 0;
  for (let index = 0; index < body.length; index++) total += body[index]!.byteLength;
  return total;
}

/** A copy of an Array body made by index, so that no iteration is started on the original. */
export function copyArray(body: readonly Uint8Array[]): Uint8Array[] {
  const copy: Uint8Array[] = [];
  for (let index = 0; index < body.length; index++) copy.push(body[index]!);
  return copy;
}
