import { isLatin1 } from "./latin1.ts";

/**
 * Reason phrases of the registered status codes (IANA registry, RFC 9110 wording: 413 is
 * "Content Too Large", 422 "Unprocessable Content"), plus 418 as most stacks know it.
 *
 * @example
 * STATUS_CODES[404]; // "Not Found"
 */
export const STATUS_CODES: Readonly<Record<number, string>> = Object.freeze({
  100: "Continue",
  101: "Switching Protocols",
  102: "Processing",
  103: "Early Hints",
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  207: "Multi-Status",
  208: "Already Reported",
  226: "IM Used",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  305: "Use Proxy",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  418: "I'm a Teapot",
  421: "Misdirected Request",
  422: "Unprocessable Content",
  423: "Locked",
  424: "Failed Dependency",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  506: "Variant Also Negotiates",
  507: "Insufficient Storage",
  508: "Loop Detected",
  510: "Not Extended",
  511: "Network Authentication Required",
});

/** Why a status was refused; the same codes the validator reports for the same mistakes. */
export type StatusErrorCode =
  | "TSGI_E_STATUS_NOT_STRING"
  | "TSGI_E_STATUS_FORMAT"
  | "TSGI_E_STATUS_NOT_LATIN1"
  | "TSGI_E_STATUS_CONTROL_CHARACTER";

/** A status string or code that is not `"NNN reason"` with a three-digit code from 100. */
export class StatusError extends TypeError {
  constructor(
    readonly code: StatusErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The standard reason phrase for `code`, or `"Unknown"` for an unregistered code.
 *
 * @example
 * reasonPhrase(503); // "Service Unavailable"
 */
export function reasonPhrase(code: number): string {
  return STATUS_CODES[code] ?? "Unknown";
}

/**
 * A TSGI status string for `code`: the code, a space and the reason (the standard one unless
 * given). Throws {@link StatusError} for a code outside 100–999 (`TSGI_E_STATUS_FORMAT`) or a
 * reason that is not Latin-1 text without control characters.
 *
 * @example
 * statusLine(404);             // "404 Not Found"
 * statusLine(200, "Fine");     // "200 Fine"
 */
export function statusLine(code: number, reason: string = reasonPhrase(code)): string {
  if (!Number.isInteger(code) || code < 100 || code > 999) {
    throw new StatusError(
      "TSGI_E_STATUS_FORMAT",
      `status code must be an integer from 100 to 999, got ${code}`,
    );
  }
  checkReason(reason);
  return `${code} ${reason}`;
}

/**
 * Splits a TSGI status string into its code and reason. Throws {@link StatusError} unless it
 * is three digits (100–999), one space and a Latin-1 reason without control characters; the
 * reason may be empty (`"204 "`) since HTTP allows it, but the space may not be missing.
 *
 * @example
 * parseStatus("404 Not Found"); // { code: 404, reason: "Not Found" }
 */
export function parseStatus(status: string): { code: number; reason: string } {
  if (typeof status !== "string") {
    throw new StatusError(
      "TSGI_E_STATUS_NOT_STRING",
      `status must be a string like "200 OK", got ${typeof status}`,
    );
  }
  const match = /^([1-9][0-9]{2}) (.*)$/s.exec(status);
  if (match === null) {
    throw new StatusError(
      "TSGI_E_STATUS_FORMAT",
      `status must be three digits, a space and a reason, like "200 OK"; got ${JSON.stringify(status)}`,
    );
  }
  const reason = match[2]!;
  checkReason(reason);
  return { code: Number(match[1]), reason };
}

function checkReason(reason: string): void {
  // HTTP's reason-phrase is HTAB / SP / VCHAR / obs-text: Latin-1 without other controls.
  if (!isLatin1(reason)) {
    throw new StatusError(
      "TSGI_E_STATUS_NOT_LATIN1",
      `status reason must be Latin-1 text, got ${JSON.stringify(reason)}`,
    );
  }
  if (hasControl(reason)) {
    throw new StatusError(
      "TSGI_E_STATUS_CONTROL_CHARACTER",
      `status reason must not contain CR, LF or other controls, got ${JSON.stringify(reason)}`,
    );
  }
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}
