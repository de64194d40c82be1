import { STATUS_CODES } from "node:http";
import type { ServerResponse } from "node:http";
import type { Exchange } from "./exchange.ts";
import type { ExchangeWire } from "./wire.ts";

/** A complete response the server writes itself (an error page, a refusal). */
export interface ShortResponse {
  status: number;
  /** The body text (UTF-8); a newline is added to plain text. */
  text: string;
  /** Default "text/plain; charset=utf-8". */
  contentType?: string;
  /** More headers, flat: `[name, value, …]` (e.g. Retry-After). */
  headers?: readonly string[];
}

const PLAIN = "text/plain; charset=utf-8";

/**
 * Writes a complete short response (400, 413, 417, 500, 503, 505…) and returns the headers
 * sent (for the access log) and the body bytes sent. `nosniff` because the text may quote
 * the request (a path, a header); `no-store` because an error page is about this request only.
 */
export function writeShortResponse(
  res: ServerResponse,
  response: ShortResponse,
  isHead: boolean,
  wire?: ExchangeWire,
): { headers: string[]; bytes: number } {
  const contentType = response.contentType ?? PLAIN;
  const body = Buffer.from(contentType === PLAIN ? response.text + "\n" : response.text, "utf8");
  const headers = [
    "Content-Type",
    contentType,
    "Content-Length",
    String(body.byteLength),
    "X-Content-Type-Options",
    "nosniff",
    "Cache-Control",
    "no-store",
  ];
  if (response.headers !== undefined) headers.push(...response.headers);
  if (wire !== undefined) wire.writeHead(response.status, headers);
  else res.writeHead(response.status, STATUS_CODES[response.status] ?? "Error", headers);
  if (isHead) {
    res.end();
    return { headers, bytes: 0 };
  }
  res.end(body);
  return { headers, bytes: body.byteLength };
}

/**
 * Answers with a complete server-made response, for errors the app does not get to handle;
 * `close` ends the connection after it (a refusal whose body may still be arriving).
 */
export function respondShort(
  exchange: Exchange,
  response: ShortResponse,
  options: { close?: boolean } = {},
): void {
  const res = exchange.res;
  if (options.close === true) exchange.closeAfterResponse();
  if (exchange.wire === undefined && exchange.mustClose()) res.shouldKeepAlive = false;
  const sent = writeShortResponse(res, response, exchange.isHead, exchange.wire);
  exchange.responseHeaders = sent.headers;
  exchange.bytesSent = sent.bytes;
  exchange.headersSent = true;
  exchange.noBody = exchange.isHead;
  exchange.ended = true;
}
