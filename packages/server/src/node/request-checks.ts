import type { IncomingMessage } from "node:http";
import type { RequestLimits } from "./limits.ts";

/** Why a request is refused before the app is called: a status and a short text. */
export interface Refusal {
  status: number;
  text: string;
}

// absolute-form (RFC 9112 §3.2.2) as sent to proxies: an http(s) scheme, then an authority
// (optional userinfo, which gunicorn accepts; a host name, IPv4 or [IPv6]; optional port).
const ABSOLUTE_FORM =
  /^https?:\/\/(?:[A-Za-z0-9\-._~%!$&'()*+,;=:]*@)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::\d*)?(?:[/?#]|$)/i;

// "HTTP/1.1" and the two spaces around the target.
const REQUEST_LINE_OVERHEAD = 2 + "HTTP/1.1".length;
// A field line is measured as gunicorn does: "Name: value" and its CRLF. node has trimmed the
// value's surrounding whitespace, so one ": " is assumed.
const FIELD_LINE_OVERHEAD = 4;
// HTTP/2 (the `http2` flag): node puts the pseudo-headers (:path, :method, :scheme,
// :authority) in rawHeaders too; they are the request line, not header fields.
const countPseudoHeaders = (raw: string[]): number =>
  raw.filter((name, index) => index % 2 === 0 && name.startsWith(":")).length;

/**
 * Checks what node's parser lets through but an app must never see, and the request limits:
 * a protocol other than HTTP/1.x (llhttp accepts "HTTP/2.0" on an HTTP/1 connection) → 505;
 * a request line over `limits.requestLine` → 414; more header fields than
 * `limits.headerCount`, or one field line ("Name: value" + CRLF) over `limits.headerField`
 * → 431; Transfer-Encoding on HTTP/1.0 → 400; a Content-Length over `limits.body` → 413
 * (the body is not read); `*` with a method other than OPTIONS and request targets that are
 * neither origin-form nor a well-formed absolute-form → 400. Node strings hold one character
 * per received byte here, so lengths are byte counts. The common origin-form target costs
 * one character comparison. `http2` marks a request that came over HTTP/2 (see wire.ts): no
 * HTTP/1.x version to check, pseudo-headers not counted as fields, no absolute-form target.
 *
 * @example
 * refuseRequest(req, requestLimits()); // undefined for "GET /a HTTP/1.1"; { status: 505, … } for "HTTP/2.0"
 */
export function refuseRequest(
  req: IncomingMessage,
  limits: RequestLimits,
  http2 = false,
): Refusal | undefined {
  if (req.httpVersionMajor !== 1 && !http2) {
    return { status: 505, text: `HTTP Version Not Supported: HTTP/${req.httpVersion}` };
  }
  const target = req.url ?? "";
  const method = req.method ?? "";
  if (method.length + target.length + REQUEST_LINE_OVERHEAD > limits.requestLine) {
    return {
      status: 414,
      text: `URI Too Long: the request line is longer than ${limits.requestLine} bytes`,
    };
  }
  const raw = req.rawHeaders;
  const fields = http2 ? raw.length / 2 - countPseudoHeaders(raw) : raw.length / 2;
  if (fields > limits.headerCount) {
    return {
      status: 431,
      text: `Request Header Fields Too Large: more than ${limits.headerCount} header fields`,
    };
  }
  const fieldLimit = limits.headerField - FIELD_LINE_OVERHEAD;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.length + raw[i + 1]!.length > fieldLimit) {
      return {
        status: 431,
        text: `Request Header Fields Too Large: a header field is longer than ${limits.headerField} bytes`,
      };
    }
  }
  const headers = req.headers;
  // RFC 9112 §6.1: HTTP/1.0 has no chunked framing; such a message's framing is faulty.
  if (req.httpVersionMinor === 0 && headers["transfer-encoding"] !== undefined) {
    return { status: 400, text: "Bad Request: Transfer-Encoding in an HTTP/1.0 request" };
  }
  const declared = headers["content-length"];
  // node's parser already refused a malformed Content-Length, so it is digits here.
  if (declared !== undefined && Number(declared) > limits.body) {
    return {
      status: 413,
      text: `Content Too Large: the body may be at most ${limits.body} bytes`,
    };
  }
  if (target.charCodeAt(0) === 0x2f /* "/" */) return undefined;
  if (target === "*") {
    if (method === "OPTIONS") return undefined;
    return { status: 400, text: "Bad Request: the * request target is only valid for OPTIONS" };
  }
  if (!http2 && ABSOLUTE_FORM.test(target)) return undefined;
  return { status: 400, text: "Bad Request: malformed request target" };
}
