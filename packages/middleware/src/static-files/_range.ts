// `Range: bytes=…` for one range (RFC 9110 §14.1.2). Several ranges would need a multipart
// body; like many servers, the whole file is sent instead, which the RFC allows.

/** A satisfiable byte range: `start` to `end` inclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a Range header against a file of `size` bytes: a range, "unsatisfiable" (answer
 * 416), or undefined when the header should be ignored (malformed, several ranges, not bytes).
 */
export function parseRange(header: string, size: number): ByteRange | "unsatisfiable" | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === "" && last === "") return undefined;
  if (first === "") {
    // A suffix: the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return undefined; // invalid: ignore the header
  if (start >= size) return "unsatisfiable";
  return { start, end };
}
