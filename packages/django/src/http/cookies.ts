// Cookie parsing and Set-Cookie serialisation, as Django's http.cookie and
// HttpResponse.set_cookie do them. Values outside RFC 6265's cookie-octets are quoted the way
// Python's SimpleCookie quotes them, so a Django-set cookie reads the same here.

/** Options of `response.setCookie`, named as Django's `set_cookie` arguments. */
export interface CookieOptions {
  /** Seconds until expiry; also sets `expires`. */
  maxAge?: number;
  /** An absolute expiry date (ignored when `maxAge` is given). */
  expires?: Date;
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "Lax" | "Strict" | "None" | false;
}

/** A cookie to send: what `setCookie` recorded. */
export interface Morsel extends CookieOptions {
  name: string;
  value: string;
}

const COOKIE_OCTET = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses a Cookie header into `name → value` as Django's `parse_cookie` does: pairs split on
 * `;`, a pair without `=` is a value with an empty name, quoted values are unquoted, and the
 * last of repeated names wins.
 *
 * @example
 * parseCookie('sessionid=abc; csrftoken="x y"'); // { sessionid: "abc", csrftoken: "x y" }
 */
export function parseCookie(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const chunk of header.split(";")) {
    const equals = chunk.indexOf("=");
    const name = (equals === -1 ? "" : chunk.slice(0, equals)).trim();
    const value = (equals === -1 ? chunk : chunk.slice(equals + 1)).trim();
    if (name === "" && value === "") continue;
    cookies[name] = unquote(value);
  }
  return cookies;
}

function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  const inner = value.slice(1, -1);
  return inner.replace(/\\([0-3][0-7][0-7]|.)/g, (_match, escaped: string) =>
    escaped.length === 3 ? String.fromCharCode(parseInt(escaped, 8)) : escaped,
  );
}

function quote(value: string): string {
  if (COOKIE_OCTET.test(value)) return value;
  let out = '"';
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte);
    if (char === '"' || char === "\\") out += "\\" + char;
    else if (byte < 0x20 || byte > 0x7e || char === ",") {
      out += "\\" + byte.toString(8).padStart(3, "0");
    } else out += char;
  }
  return out + '"';
}

/**
 * The `Set-Cookie` header value for a cookie.
 *
 * @example
 * serializeCookie({ name: "sessionid", value: "abc", path: "/", httpOnly: true, sameSite: "Lax" });
 * // "sessionid=abc; HttpOnly; Path=/; SameSite=Lax"
 */
export function serializeCookie(morsel: Morsel): string {
  if (!COOKIE_NAME.test(morsel.name)) throw new TypeError(`invalid cookie name: ${morsel.name}`);
  const parts = [`${morsel.name}=${quote(morsel.value)}`];
  if (morsel.domain !== undefined) parts.push(`Domain=${morsel.domain}`);
  let expires = morsel.expires;
  if (morsel.maxAge !== undefined) {
    const seconds = Math.max(0, Math.floor(morsel.maxAge));
    // An explicit expiry wins (deleteCookie's 1970 date), as in Django.
    expires ??= new Date(Date.now() + seconds * 1000);
    parts.push(`expires=${expires.toUTCString()}`, `Max-Age=${seconds}`);
  } else if (expires !== undefined) {
    parts.push(`expires=${expires.toUTCString()}`);
  }
  if (morsel.httpOnly) parts.push("HttpOnly");
  if (morsel.path !== undefined) parts.push(`Path=${morsel.path}`);
  if (morsel.sameSite) parts.push(`SameSite=${morsel.sameSite}`);
  if (morsel.secure) parts.push("Secure");
  return parts.join("; ");
}
