/** Attributes of a `Set-Cookie` header, as Werkzeug's `set_cookie` takes them. */
export interface CookieOptions {
  /** Seconds until the cookie expires; `0` deletes it. */
  maxAge?: number;
  /** Absolute expiry, as a Date or seconds since the epoch. */
  expires?: Date | number;
  /** Default `/`. `null` leaves the attribute out. */
  path?: string | null;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "Strict" | "Lax" | "None" | "strict" | "lax" | "none";
  /** CHIPS: a cookie partitioned by top-level site (implies Secure). */
  partitioned?: boolean;
}

/**
 * Thrown when a cookie name or attribute cannot be sent.
 *
 * @example
 * response.setCookie("bad name", "1"); // throws InvalidCookieError (FLASK_E_INVALID_COOKIE)
 */
export class InvalidCookieError extends TypeError {
  readonly code = "FLASK_E_INVALID_COOKIE";
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6265 cookie-octet: what may appear in a cookie value unquoted.
const COOKIE_OCTET = /[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]/;

/**
 * Builds one `Set-Cookie` value. A value with characters a cookie may not hold (spaces, `;`,
 * `"`, `,`, `\`, non-ASCII) is percent-encoded as UTF-8, and {@link parseCookieHeader} decodes
 * it, so any string round-trips.
 *
 * @example
 * dumpCookie("theme", "dark mode", { maxAge: 3600, httpOnly: true, sameSite: "Lax" });
 * // "theme=dark%20mode; Max-Age=3600; Expires=…; Path=/; HttpOnly; SameSite=Lax"
 */
export function dumpCookie(name: string, value: string, options: CookieOptions = {}): string {
  if (!TOKEN.test(name))
    throw new InvalidCookieError(`invalid cookie name ${JSON.stringify(name)}`);
  let line = `${name}=${quoteCookieValue(value)}`;
  const now = Date.now();
  if (options.maxAge !== undefined) {
    const seconds = Math.max(0, Math.floor(options.maxAge));
    line += `; Max-Age=${seconds}`;
    // Expires as well, for old clients that do not know Max-Age (as Werkzeug does).
    if (options.expires === undefined) line += `; Expires=${httpDate(now + seconds * 1000)}`;
  }
  if (options.expires !== undefined) {
    const ms = options.expires instanceof Date ? options.expires.getTime() : options.expires * 1000;
    line += `; Expires=${httpDate(ms)}`;
  }
  if (options.domain !== undefined) line += `; Domain=${checkAttribute("Domain", options.domain)}`;
  const path = options.path === undefined ? "/" : options.path;
  if (path !== null) line += `; Path=${checkAttribute("Path", path)}`;
  if (options.secure === true || options.partitioned === true) line += "; Secure";
  if (options.httpOnly === true) line += "; HttpOnly";
  if (options.sameSite !== undefined) {
    const sameSite = options.sameSite[0]!.toUpperCase() + options.sameSite.slice(1).toLowerCase();
    if (!["Strict", "Lax", "None"].includes(sameSite)) {
      throw new InvalidCookieError(`SameSite must be Strict, Lax or None, got ${options.sameSite}`);
    }
    line += `; SameSite=${sameSite}`;
  }
  if (options.partitioned === true) line += "; Partitioned";
  return line;
}

/**
 * Parses a `Cookie` request header into `[name, value]` pairs, in order. Quoted values lose
 * their quotes and percent-escapes are decoded; malformed pieces are skipped, never fatal.
 *
 * @example
 * parseCookieHeader('a=1; b="two"; c=x%20y'); // [["a","1"],["b","two"],["c","x y"]]
 */
export function parseCookieHeader(header: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const piece of header.split(";")) {
    const equals = piece.indexOf("=");
    if (equals === -1) continue;
    const name = piece.slice(0, equals).trim();
    if (name === "") continue;
    let value = piece.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    pairs.push([name, unquoteCookieValue(value)]);
  }
  return pairs;
}

/**
 * An HTTP date (RFC 9110 IMF-fixdate) for a time in milliseconds.
 *
 * @example
 * httpDate(0); // "Thu, 01 Jan 1970 00:00:00 GMT"
 */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/**
 * Parses an HTTP date (any of the three RFC 9110 formats) to milliseconds, or `undefined`.
 *
 * @example
 * parseHttpDate("Thu, 01 Jan 1970 00:00:01 GMT"); // 1000
 */
export function parseHttpDate(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function quoteCookieValue(value: string): string {
  let out = "";
  for (const char of value) {
    if (char !== "%" && COOKIE_OCTET.test(char)) out += char;
    else
      out += encodeURIComponent(char).replace(
        /[!'()*]/g,
        (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
      );
  }
  return out;
}

function unquoteCookieValue(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // not ours, or not valid escapes: keep what the client sent
  }
}

function checkAttribute(name: string, value: string): string {
  if (/[;\r\n\0]/.test(value) || /[^\u0020-\u007e]/.test(value)) {
    throw new InvalidCookieError(`cookie ${name} attribute cannot hold ${JSON.stringify(value)}`);
  }
  return value;
}
