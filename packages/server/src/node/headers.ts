import { STATUS_CODES } from "node:http";
import { HOP_BY_HOP } from "@tsgi/core";
import { codedError } from "./errors.ts";

/**
 * A validated response head, ready for `res.writeHead(code, reason, headers)`.
 * Everything node:http would throw on is rejected here, when the app calls `startResponse`,
 * so node never throws half-way through a response.
 */
export interface ResponseHead {
  code: number;
  reason: string;
  /** Flat `[name, value, name, value, …]`, in the app's order, hop-by-hop headers removed. */
  headers: string[];
  /** The app's Content-Length, which the server enforces. */
  contentLength: number | undefined;
  /** The app sent `Connection: close`. */
  close: boolean;
}

// A status is three digits, optionally a space and a reason phrase ("200 OK"). The reason
// uses node's own rule for header values (`checkInvalidHeaderChar`): tab, visible ASCII and
// Latin-1 high bytes, so CR/LF can never split the status line.
const STATUS = /^([1-9]\d\d)(?: ([\t\x20-\x7e\x80-\xff]*))?$/;
// RFC 9110 token characters: exactly what node's `checkIsHttpToken` accepts.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const DIGITS = /^\d+$/;

/**
 * Validates the arguments of `startResponse` and turns them into a {@link ResponseHead}.
 * Hop-by-hop headers are dropped (the server owns the connection), a `Connection: close`
 * among them is remembered, and duplicate equal Content-Length headers collapse to one.
 *
 * @throws TypeError with code `TSGI_E_INVALID_STATUS` or `TSGI_E_INVALID_HEADER`.
 *
 * @example
 * const head = prepareResponseHead("200 OK", [["Content-Type", "text/plain"], ["Connection", "close"]]);
 * head.headers; // ["Content-Type", "text/plain"]
 * head.close; // true
 */
export function prepareResponseHead(status: unknown, headers: unknown): ResponseHead {
  const match = typeof status === "string" ? STATUS.exec(status) : null;
  if (match === null) {
    throw codedError(
      TypeError,
      "TSGI_E_INVALID_STATUS",
      `invalid status ${JSON.stringify(status)}: expected three digits, a space and a Latin-1 reason phrase, e.g. "200 OK"`,
    );
  }
  const code = Number(match[1]);
  const reason = match[2] ?? STATUS_CODES[code] ?? "Unknown";
  if (!Array.isArray(headers)) {
    throw codedError(
      TypeError,
      "TSGI_E_INVALID_HEADER",
      "headers must be an array of [name, value] pairs",
    );
  }
  const flat: string[] = [];
  let contentLength: number | undefined;
  let close = false;
  for (const header of headers as unknown[]) {
    if (!Array.isArray(header) || header.length !== 2) {
      throw invalidHeader(`each header must be a [name, value] pair, got ${describe(header)}`);
    }
    const [name, value] = header as [unknown, unknown];
    if (typeof name !== "string" || !TOKEN.test(name)) {
      throw invalidHeader(`invalid header name ${describe(name)}`);
    }
    if (typeof value !== "string" || !FIELD_VALUE.test(value)) {
      throw invalidHeader(`invalid value for header ${name}: ${describe(value)}`);
    }
    const lower = mayBeSpecial(name) ? name.toLowerCase() : "";
    if (lower === "content-length") {
      if (!DIGITS.test(value)) throw invalidHeader(`invalid Content-Length ${describe(value)}`);
      const length = Number(value);
      if (contentLength !== undefined) {
        if (length !== contentLength) {
          throw invalidHeader(`conflicting Content-Length headers: ${contentLength} and ${value}`);
        }
        continue; // one Content-Length line is enough; duplicates confuse clients and proxies
      }
      contentLength = length;
    } else if (lower !== "" && HOP_BY_HOP.has(lower)) {
      if (lower === "connection" && hasCloseToken(value)) close = true;
      continue;
    }
    flat.push(name, value);
  }
  return { code, reason, headers: flat, contentLength, close };
}

/** True for 1xx, 204 and 304: statuses that never carry a body (RFC 9110 §6.4.1). */
export function statusHasNoBody(code: number): boolean {
  return code < 200 || code === 204 || code === 304;
}

// Hop-by-hop names and Content-Length have lengths 2, 7, 10, 14, 17, 18 or 19; checking the
// length first spares a lower-cased copy of every other header name on the hot path.
function mayBeSpecial(name: string): boolean {
  switch (name.length) {
    case 2:
    case 7:
    case 10:
    case 14:
    case 17:
    case 18:
    case 19:
      return true;
    default:
      return false;
  }
}

function hasCloseToken(value: string): boolean {
  for (const token of value.split(",")) if (token.trim().toLowerCase() === "close") return true;
  return false;
}

function invalidHeader(message: string): TypeError {
  return codedError(TypeError, "TSGI_E_INVALID_HEADER", message);
}

function describe(value: unknown): string {
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    text = typeof value; // e.g. an object without a prototype
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
