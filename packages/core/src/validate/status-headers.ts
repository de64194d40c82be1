import type { ValidationCode } from "./codes.ts";
import { describe } from "./error.ts";
import type { Reporter } from "./report.ts";
import { HOP_BY_HOP } from "../helpers/headers.ts";

// RFC 9110 token: what a header name may contain (no spaces, colons or separators).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS = /^[1-9][0-9]{2} /;
const DIGITS = /^[0-9]+$/;

/** The numeric code of a status line, or undefined when it does not start with three digits. */
export function statusCodeOf(status: unknown): number | undefined {
  return typeof status === "string" && STATUS.test(status) ? Number(status.slice(0, 3)) : undefined;
}

/** 1xx, 204 and 304 responses never have a body, so no Content-Type/-Length either. */
export function isNoContentStatus(code: number | undefined): boolean {
  return code !== undefined && (code < 200 || code === 204 || code === 304);
}

const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x00: "NUL",
  0x09: "tab",
  0x0a: "line feed, LF",
  0x0d: "carriage return, CR",
  0x7f: "DEL",
};

/** Finds the first character that may not appear in a status or header value. */
function badCharacter(text: string): { kind: "control" | "latin1"; shown: string } | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // HTAB, visible ASCII, space and obs-text (0x80-0xFF) are what HTTP/1.1 allows.
    if (code === 0x09 || (code >= 0x20 && code !== 0x7f && code <= 0xff)) continue;
    const point = text.codePointAt(index) ?? code;
    const hex = "U+" + point.toString(16).toUpperCase().padStart(4, "0");
    const name = CHARACTER_NAMES[code];
    const shown = `${hex}${name ? ` (${name})` : ` ("${String.fromCodePoint(point)}")`} at index ${index}`;
    return { kind: code > 0xff ? "latin1" : "control", shown };
  }
  return undefined;
}

/** App-side checks of startResponse's status argument. */
export function checkStatus(status: unknown, reporter: Reporter): void {
  if (typeof status !== "string") {
    const hint =
      typeof status === "number" ? ` such as "${status} ..." (with its reason phrase)` : "";
    reporter.violation(
      "TSGI_E_STATUS_NOT_STRING",
      `The app passed ${describe(status)} as the status to startResponse; expected a string${hint || ' such as "200 OK"'}.`,
    );
    return;
  }
  const bad = badCharacter(status);
  if (bad) {
    const [code, rule]: [ValidationCode, string] =
      bad.kind === "latin1"
        ? ["TSGI_E_STATUS_NOT_LATIN1", "status lines are Latin-1 only"]
        : [
            "TSGI_E_STATUS_CONTROL_CHARACTER",
            "CR, LF and control characters would break the status line",
          ];
    reporter.violation(
      code,
      `The app's status ${JSON.stringify(status)} contains ${bad.shown}; ${rule}.`,
    );
    return;
  }
  if (!STATUS.test(status)) {
    reporter.violation(
      "TSGI_E_STATUS_FORMAT",
      `The app's status ${JSON.stringify(status)} is not "NNN Reason"; expected three digits from 100 to 999, a space and a reason phrase, e.g. "404 Not Found".`,
    );
  }
}

/** What the validator needs to remember from the headers it accepted. */
export interface HeaderFacts {
  /** The declared Content-Length, when there is exactly one valid one. */
  contentLength: number | undefined;
}

/** App-side checks of startResponse's headers argument, given the status code it came with. */
export function checkHeaders(
  headers: unknown,
  statusCode: number | undefined,
  reporter: Reporter,
): HeaderFacts {
  const facts: HeaderFacts = { contentLength: undefined };
  if (!Array.isArray(headers)) {
    const hint =
      typeof headers === "object" && headers !== null
        ? ' Write [["Content-Type", "text/plain"]], not { "Content-Type": "text/plain" }: ordered pairs keep repeated headers such as Set-Cookie.'
        : "";
    reporter.violation(
      "TSGI_E_HEADERS_NOT_ARRAY",
      `The app passed ${describe(headers)} as the headers to startResponse; expected an Array of [name, value] pairs.${hint}`,
    );
    return facts;
  }
  let lengths = 0;
  headers.forEach((header: unknown, index: number) => {
    const where = `headers[${index}]`;
    if (!Array.isArray(header) || header.length !== 2) {
      reporter.violation(
        "TSGI_E_HEADER_NOT_PAIR",
        `The app's ${where} is ${describe(header)}; expected a [name, value] Array of exactly two strings.`,
      );
      return;
    }
    const [name, value] = header as [unknown, unknown];
    if (typeof name !== "string" || typeof value !== "string") {
      const [part, bad] = typeof name !== "string" ? ["name", name] : ["value", value];
      const hint = typeof bad === "number" ? ` (use String(${bad}))` : "";
      reporter.violation(
        "TSGI_E_HEADER_NOT_STRING",
        `The app's ${where} has ${describe(bad)} as its ${part}; header names and values are strings${hint}.`,
      );
      return;
    }
    checkHeader(where, name, value, statusCode, reporter);
    if (name.toLowerCase() === "content-length") {
      lengths += 1;
      if (!DIGITS.test(value) || lengths > 1) {
        reporter.violation(
          "TSGI_E_CONTENT_LENGTH_HEADER_INVALID",
          lengths > 1
            ? `The app's ${where} is a second Content-Length header; give it once.`
            : `The app's ${where} sets Content-Length to ${JSON.stringify(value)}; expected decimal digits, e.g. "42".`,
        );
        facts.contentLength = undefined;
      } else {
        facts.contentLength = Number(value);
      }
    }
  });
  return facts;
}

function checkHeader(
  where: string,
  name: string,
  value: string,
  statusCode: number | undefined,
  reporter: Reporter,
): void {
  if (!TOKEN.test(name)) {
    reporter.violation(
      "TSGI_E_HEADER_NAME",
      `The app's ${where} has the name ${JSON.stringify(name)}; a header name is a non-empty token of letters, digits and !#$%&'*+-.^_\`|~ (no spaces, no colon).`,
    );
  }
  const bad = badCharacter(value);
  if (bad) {
    const [code, rule]: [ValidationCode, string] =
      bad.kind === "latin1"
        ? [
            "TSGI_E_HEADER_VALUE_NOT_LATIN1",
            "header values are Latin-1 only (percent-encode other text, e.g. with encodeURIComponent)",
          ]
        : [
            "TSGI_E_HEADER_VALUE_CONTROL_CHARACTER",
            "CR and LF would let the value inject headers (response splitting)",
          ];
    reporter.violation(code, `The app's ${name} header value contains ${bad.shown}; ${rule}.`);
  }
  const lower = name.toLowerCase();
  if (lower === "status") {
    reporter.violation(
      "TSGI_E_STATUS_HEADER",
      `The app sent a Status header (${JSON.stringify(value)}); pass the status as startResponse's first argument instead.`,
    );
  }
  if (HOP_BY_HOP.has(lower)) {
    reporter.violation(
      "TSGI_E_HOP_BY_HOP_HEADER",
      `The app sent the hop-by-hop header ${name}; connection handling and framing belong to the server, which drops it.`,
    );
  }
  if (isNoContentStatus(statusCode) && (lower === "content-type" || lower === "content-length")) {
    reporter.violation(
      lower === "content-type"
        ? "TSGI_E_CONTENT_TYPE_FORBIDDEN"
        : "TSGI_E_CONTENT_LENGTH_FORBIDDEN",
      `The app sent ${name} on a ${statusCode} response; 1xx, 204 and 304 responses have no body, so no ${name}.`,
    );
  }
}
