import { STATUS_CODES } from "node:http";
import type { ServerResponse } from "node:http";

/**
 * Writes a complete short text/plain response (400, 417, 500, 505…) and returns the body
 * bytes sent. `nosniff` because the text may quote the request (a path, a header).
 */
export function writePlainResponse(
  res: ServerResponse,
  status: number,
  text: string,
  isHead: boolean,
): number {
  const body = Buffer.from(text + "\n", "utf8");
  res.writeHead(status, STATUS_CODES[status] ?? "Error", [
    "Content-Type",
    "text/plain; charset=utf-8",
    "Content-Length",
    String(body.byteLength),
    "X-Content-Type-Options",
    "nosniff",
  ]);
  if (isHead) {
    res.end();
    return 0;
  }
  res.end(body);
  return body.byteLength;
}
