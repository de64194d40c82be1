/**
 * Parses a `Range: bytes=…` header for a file of `size` bytes. One range only (as Werkzeug's
 * `send_file`): several ranges, other units or bad syntax give `undefined` (send it whole);
 * a range starting past the end gives `"unsatisfiable"` (416).
 *
 * @example
 * parseRange("bytes=0-99", 1000);  // { start: 0, end: 99 }
 * parseRange("bytes=-100", 1000);  // { start: 900, end: 999 }
 * parseRange("bytes=2000-", 1000); // "unsatisfiable"
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}
