// RFC 7239 `Forwarded` parsing and the node/host syntax shared with the X-Forwarded-* headers.
import { parseIp } from "./ip.ts";

/** One forwarded-element: what one proxy recorded about the request it received. */
export interface ForwardedElement {
  /** The client of that proxy (`for=`), as sent: "192.0.2.43", "[2001:db8::1]:4711", "_hidden". */
  for?: string;
  /** The proxy's own interface (`by=`). */
  by?: string;
  /** The scheme the proxy received the request with (`proto=`). */
  proto?: string;
  /** The Host the proxy received (`host=`). */
  host?: string;
}

/** A node identifier of RFC 7239 §6: an address, "unknown", or an obfuscated name. */
export interface ForwardedNode {
  kind: "ip" | "unknown" | "obfuscated";
  /** The address without brackets or port ("2001:db8::1"), or the identifier as sent. */
  name: string;
  /** The port, when one was given: digits, or an obfuscated "_name". */
  port?: string;
}

// RFC 9110 §5.6.2 tchar.
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const OBFUSCATED = /^_[A-Za-z0-9._-]+$/;

/**
 * Parses a `Forwarded` header (RFC 7239 §4) into its elements, left (closest to the client)
 * to right (closest to this server). Parameter names are case-insensitive; values are tokens
 * or quoted strings (with `\` escapes); unknown parameters are skipped; empty list elements
 * are ignored. Returns undefined for a malformed header, or one that repeats a parameter in
 * an element (§4: "MUST NOT occur more than once"): a header that cannot be read exactly is
 * not trusted at all.
 *
 * @example
 * parseForwarded('for=192.0.2.60;proto=https;host=example.com, for="[2001:db8::1]:4711"');
 * // [{ for: "192.0.2.60", proto: "https", host: "example.com" }, { for: "[2001:db8::1]:4711" }]
 */
export function parseForwarded(header: string): ForwardedElement[] | undefined {
  const elements: ForwardedElement[] = [];
  let element: Record<string, string> = {};
  let pairs = 0;
  const length = header.length;
  let i = 0;
  const finish = (): void => {
    if (pairs > 0) elements.push(pick(element));
    element = {};
    pairs = 0;
  };
  for (;;) {
    i = skipSpace(header, i);
    if (i >= length) break;
    const char = header[i];
    if (char === ",") {
      finish();
      i++;
      continue;
    }
    if (char === ";") {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < length && TOKEN_CHAR.test(header[i]!)) i++;
    if (i === nameStart || header[i] !== "=") return undefined;
    const name = header.slice(nameStart, i).toLowerCase();
    i++;
    let value: string;
    if (header[i] === '"') {
      const quoted = readQuoted(header, i);
      if (quoted === undefined) return undefined;
      value = quoted.value;
      i = quoted.end;
    } else {
      const valueStart = i;
      while (i < length && TOKEN_CHAR.test(header[i]!)) i++;
      if (i === valueStart) return undefined;
      value = header.slice(valueStart, i);
    }
    if (Object.hasOwn(element, name)) return undefined;
    element[name] = value;
    pairs++;
    i = skipSpace(header, i);
    if (i < length && header[i] !== ";" && header[i] !== ",") return undefined;
  }
  finish();
  return elements;
}

function pick(params: Record<string, string>): ForwardedElement {
  const element: ForwardedElement = {};
  if (params.for !== undefined) element.for = params.for;
  if (params.by !== undefined) element.by = params.by;
  if (params.proto !== undefined) element.proto = params.proto;
  if (params.host !== undefined) element.host = params.host;
  return element;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}

// RFC 9110 §5.6.4 quoted-string; `start` is at the opening quote.
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return { value, end: i + 1 };
    if (char === "\\") {
      i++;
      if (i >= text.length) return undefined;
      value += text[i];
      continue;
    }
    const code = char.charCodeAt(0);
    if (code < 0x20 && code !== 0x09) return undefined;
    if (code === 0x7f) return undefined;
    value += char;
  }
  return undefined;
}

/**
 * Reads a node identifier (RFC 7239 §6): IPv4 with an optional port, a bracketed IPv6 with an
 * optional port, "unknown", or an obfuscated "_name". With `lenient` (for X-Forwarded-For,
 * which has no grammar), a bare IPv6 address without brackets is accepted too.
 *
 * @example
 * parseForwardedNode("[2001:db8:cafe::17]:4711"); // { kind: "ip", name: "2001:db8:cafe::17", port: "4711" }
 * parseForwardedNode("_gazonk"); // { kind: "obfuscated", name: "_gazonk" }
 */
export function parseForwardedNode(text: string, lenient = false): ForwardedNode | undefined {
  let name: string;
  let port: string | undefined;
  let bracketed = false;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) return undefined;
    name = text.slice(1, close);
    bracketed = true;
    const rest = text.slice(close + 1);
    if (rest !== "") {
      if (!rest.startsWith(":")) return undefined;
      port = rest.slice(1);
    }
  } else {
    const colon = text.indexOf(":");
    if (colon !== -1 && text.indexOf(":", colon + 1) !== -1) {
      if (!lenient) return undefined; // RFC 7239 wants IPv6 in brackets
      name = text;
    } else if (colon !== -1) {
      name = text.slice(0, colon);
      port = text.slice(colon + 1);
    } else {
      name = text;
    }
  }
  if (port !== undefined && !/^\d{1,5}$/.test(port) && !OBFUSCATED.test(port)) return undefined;
  let kind: ForwardedNode["kind"];
  if (bracketed) {
    // Brackets are for IPv6 only.
    if (!name.includes(":") || parseIp(name) === undefined) return undefined;
    kind = "ip";
  } else if (name.toLowerCase() === "unknown") {
    kind = "unknown";
  } else if (OBFUSCATED.test(name)) {
    kind = "obfuscated";
  } else if (parseIp(name) !== undefined) {
    kind = "ip";
  } else {
    return undefined;
  }
  return port === undefined ? { kind, name } : { kind, name, port };
}

/** A host and optional port, as in a Host header: the name keeps an IPv6 literal's brackets. */
export interface HostAndPort {
  name: string;
  port: string | undefined;
}

// RFC 3986 host (reg-name, IPv4, or IP-literal) and optional port; no "," (a list separator
// in the forwarding headers) and nothing that could not appear in a Host header.
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~%!$&'()*+;=]+)(?::(\d{1,5}))?$/;

/**
 * Splits and checks a forwarded host ("example.com:8443", "[::1]:80"); undefined when it is
 * not a valid Host value, so a malformed header never becomes HTTP_HOST.
 *
 * @example
 * parseHostAndPort("example.com:8443"); // { name: "example.com", port: "8443" }
 */
export function parseHostAndPort(text: string): HostAndPort | undefined {
  const match = HOST.exec(text);
  if (match === null) return undefined;
  return { name: match[1]!, port: match[2] };
}
