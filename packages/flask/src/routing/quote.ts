// Percent-encoding with the safe sets Werkzeug uses, so built URLs look the same as Flask's.
// The unreserved characters (RFC 3986: letters, digits, "-._~") are never encoded.

const encoder = new TextEncoder();
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Characters left alone in a path: the WHATWG path-segment string set plus "/".
 *
 * @example
 * quote("a b/c", PATH_SAFE); // "a%20b/c"
 */
export const PATH_SAFE = "!$&'()*+,/:;=@";
/**
 * Characters left alone in one path segment: as PATH_SAFE, but "/" is encoded.
 *
 * @example
 * quote("a/b", SEGMENT_SAFE); // "a%2Fb"
 */
export const SEGMENT_SAFE = "!$&'()*+,:;=@";
/**
 * Characters left alone in query keys and values (Python's urlencode with Werkzeug's set).
 *
 * @example
 * quote("/x?y=1", QUERY_SAFE); // "/x?y%3D1"
 */
export const QUERY_SAFE = "!$'()*,/:;?@";
/**
 * Characters left alone in a fragment (what Flask's url_for uses for `_anchor`).
 *
 * @example
 * quote("a b#c", FRAGMENT_SAFE); // "a%20b#c"
 */
export const FRAGMENT_SAFE = "%!#$&'()*+,/:;=?@";

function hex(byte: number): string {
  return `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * Percent-encodes `text` as UTF-8, leaving the unreserved characters and those in `safe` as
 * they are (Python's `urllib.parse.quote`). Lone surrogates become U+FFFD, as TextEncoder does.
 *
 * @example
 * quote("a b/ü", PATH_SAFE); // "a%20b/%C3%BC"
 */
export function quote(text: string, safe: string): string {
  let out = "";
  for (const char of text) {
    if (UNRESERVED.test(char) || (char.length === 1 && safe.includes(char))) {
      out += char;
      continue;
    }
    for (const byte of encoder.encode(char)) out += hex(byte);
  }
  return out;
}

/**
 * Encodes a query component the way HTML forms do (space → "+"), as Python's `quote_plus`.
 *
 * @example
 * quotePlus("a b&c"); // "a+b%26c"
 */
export function quotePlus(text: string): string {
  return quote(text, `${QUERY_SAFE} `).replaceAll(" ", "+");
}

/**
 * Encodes values as a query string: arrays repeat the key, `null`/`undefined` are left out,
 * keys keep their insertion order.
 *
 * @example
 * encodeQuery([["q", "a b"], ["tag", ["x", "y"]]]); // "q=a+b&tag=x&tag=y"
 */
export function encodeQuery(entries: Iterable<[string, unknown]>): string {
  const pairs: string[] = [];
  for (const [key, value] of entries) {
    const items = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const item of items) {
      if (item == null) continue;
      pairs.push(`${quotePlus(key)}=${quotePlus(String(item))}`);
    }
  }
  return pairs.join("&");
}
