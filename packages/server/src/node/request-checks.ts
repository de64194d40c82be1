import type { IncomingMessage } from "node:http";

/** Why a request is refused before the app is called: a status and a short text. */
export interface Refusal {
  status: number;
  text: string;
}

// absolute-form (RFC 9112 §3.2.2) as sent to proxies: an http(s) scheme, then an authority
// (optional userinfo, which gunicorn accepts; a host name, IPv4 or [IPv6]; optional port).
const ABSOLUTE_FORM =
  /^https?:\/\/(?:[A-Za-z0-9\-._~%!$&'()*+,;=:]*@)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+,;=]+)(?::\d*)?(?:[/?#]|$)/i;

/**
 * Most header fields a request may have (gunicorn's `limit_request_fields` default). Past
 * 2000, node would silently drop the rest; refusing is better than a half-read request.
 */
export const MAX_HEADER_FIELDS = 100;

/**
 * Checks what node's parser lets through but an app must never see: a protocol other than
 * HTTP/1.x (llhttp accepts "HTTP/2.0" on an HTTP/1 connection), too many header fields,
 * Transfer-Encoding on HTTP/1.0, `*` with a method other than OPTIONS, and request targets
 * that are neither origin-form nor a well-formed absolute-form.
 * The common origin-form target costs one character comparison.
 *
 * @example
 * refuseRequest(req); // undefined for "GET /a HTTP/1.1"; { status: 505, … } for "HTTP/2.0"
 */
export function refuseRequest(req: IncomingMessage): Refusal | undefined {
  if (req.httpVersionMajor !== 1) {
    return { status: 505, text: `HTTP Version Not Supported: HTTP/${req.httpVersion}` };
  }
  if (req.rawHeaders.length > MAX_HEADER_FIELDS * 2) {
    return {
      status: 431,
      text: `Request Header Fields Too Large: more than ${MAX_HEADER_FIELDS} header fields`,
    };
  }
  // RFC 9112 §6.1: HTTP/1.0 has no chunked framing; such a message's framing is faulty.
  if (req.httpVersionMinor === 0 && req.headers["transfer-encoding"] !== undefined) {
    return { status: 400, text: "Bad Request: Transfer-Encoding in an HTTP/1.0 request" };
  }
  const target = req.url ?? "";
  if (target.charCodeAt(0) === 0x2f /* "/" */) return undefined;
  if (target === "*") {
    if (req.method === "OPTIONS") return undefined;
    return { status: 400, text: "Bad Request: the * request target is only valid for OPTIONS" };
  }
  if (ABSOLUTE_FORM.test(target)) return undefined;
  return { status: 400, text: "Bad Request: malformed request target" };
}
